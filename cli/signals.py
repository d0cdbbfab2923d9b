"""Ctrl-C and SIGTERM: stop this run's child processes, remove its temporaries and exit at once.

Each child runs in a process group of its own (so a manim render and whatever it starts can be
stopped together) and is killed by the kernel if this process dies first, even by SIGKILL.
"""

import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable

from render.files.atomic import remove_temporaries
from render.files.outputs import outputs_replaced

__all__ = ["at_interrupt", "exit_cleanly_on_signals", "flush_stdout", "run_child", "stop_children"]

_CHILDREN: set[subprocess.Popen] = set()  # stopped with this process (a manim render must not run on alone)
_LOCK = threading.Lock()
_STOPPING = threading.Event()  # set once an interrupt began: no child starts after it
_PR_SET_PDEATHSIG = 1
_AT_INTERRUPT: list[Callable[[], object]] = []  # run after the children are stopped, before the last line


_PRCTL = getattr(ctypes.CDLL(None), "prctl", None)  # looked up here: the child must not load anything between fork and exec


def _die_with_parent() -> None:
    """In the child, before exec: the kernel sends SIGKILL when the parent goes."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def run_child(command: list[str], capture: bool = False, **kwargs) -> int | tuple[int, str, str]:
    """Run a child in its own process group to the end: its exit status (and its stdout and stderr if `capture`)."""
    if capture:
        kwargs.update(stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with _LOCK:
        if _STOPPING.is_set():
            raise InterruptedError("interrupted before the child could start")
        child = subprocess.Popen(command, start_new_session=True, preexec_fn=_die_with_parent, **kwargs)
        _CHILDREN.add(child)
    try:
        out, err = child.communicate()
        return (child.returncode, out or "", err or "") if capture else child.returncode
    finally:
        with _LOCK:
            _CHILDREN.discard(child)


def stop_children() -> None:
    """Kill every child's process group and wait for the children: nothing of theirs is written after this."""
    _STOPPING.set()
    held = _LOCK.acquire(timeout=0.5)  # a child being started is registered first (the holder may be this very thread)
    children = list(_CHILDREN)
    if held:
        _LOCK.release()
    for child in children:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except OSError:
            pass
    for pid in _other_children():  # started elsewhere (an ffmpeg that joins files): killed too
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    for child in children:
        try:
            os.waitpid(child.pid, 0)
        except OSError:  # already reaped by its own thread
            pass


def _other_children() -> list[int]:
    """Pids whose parent is this process, read from /proc (empty where there is none)."""
    me, found = os.getpid(), []
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return found
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 1 and int(fields[1]) == me:
            found.append(int(entry))
    return found


def at_interrupt(clean_up: Callable[[], object]) -> None:
    """Run `clean_up` when an interrupt stops this run (after its children are dead), e.g. drop a half-written movie."""
    _AT_INTERRUPT.append(clean_up)


def _exit_now(signum: int, frame) -> None:
    stop_children()
    for clean_up in _AT_INTERRUPT:
        try:
            clean_up()
        except OSError:
            pass
    remove_temporaries()
    try:
        if sys.stderr.isatty():
            sys.stderr.write("\x1b[?25h\n")  # a progress bar may have hidden the cursor
        done = outputs_replaced()
        changed = f"after writing {', '.join(map(str, done))}" if done else "no output was changed"
        sys.stderr.write(f"error: interrupted; {changed}.\n")
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(128 + signum)


def exit_cleanly_on_signals() -> None:
    """Handle SIGINT, SIGTERM and SIGHUP alike: stop children, drop temporaries, one line on stderr, exit 130, 143 or 129."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # SIGHUP: the terminal closed
        signal.signal(signum, _exit_now)


def flush_stdout() -> bool:
    """Flush standard output; on failure send what is left to /dev/null (no error at exit) and return False."""
    try:
        sys.stdout.flush()
        return True
    except OSError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return False
