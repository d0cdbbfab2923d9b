"""Ctrl-C and SIGTERM: remove this run's temporaries and exit at once (no clean-up that re-encodes a GIF)."""

import os
import signal
import subprocess
import sys

from render.files.atomic import remove_temporaries
from render.files.outputs import outputs_replaced

__all__ = ["exit_cleanly_on_signals", "flush_stdout", "run_child"]

_CHILDREN: list[subprocess.Popen] = []  # stopped with this process (a manim render must not run on alone)


def run_child(command: list[str], **kwargs) -> int:
    """Run a child process to the end and return its exit status; an interrupt stops it too."""
    with subprocess.Popen(command, **kwargs) as child:
        _CHILDREN.append(child)
        try:
            return child.wait()
        finally:
            _CHILDREN.remove(child)


def _exit_now(signum: int, frame) -> None:
    for child in _CHILDREN:
        try:
            child.terminate()
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
    """Handle SIGINT and SIGTERM alike: drop temporaries, one line on stderr, exit 130 or 143 within a moment."""
    for signum in (signal.SIGINT, signal.SIGTERM):
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
