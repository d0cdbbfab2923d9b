"""Swap a staged class folder in for the old one in one step, and finish or undo a swap a kill cut short.

The swap is one `renameat2(RENAME_EXCHANGE)` (two renames where the file system cannot); a journal
beside the class, `.lesson-class-<key>.journal`, lets the next run tell a swap done from one not
begun. Staging folders are `.lesson-class-<pid>-<key>`; those of runs that died are removed.
"""

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

from render.files.atomic import OutputError
from render.files.outputs import note_replaced

__all__ = ["MANIFEST", "STAGE", "backup_name", "key", "locked", "recover", "swap"]

MANIFEST = "class.json"  # the options, the students in order, and every file the command wrote ("written")
STAGE = ".lesson-class-"  # staging folders: .lesson-class-<pid>-<key>; the journal: .lesson-class-<key>.journal
_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
_RENAME_EXCHANGE = 2


def key(out: Path) -> str:
    """A short name for the class folder, in its staging folders' and journal's names."""
    return hashlib.sha1(out.name.encode("utf-8", "surrogateescape")).hexdigest()[:10]


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (True), or False where the file system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_cwd = -100
    if libc.renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _journal(out: Path) -> Path:
    return out.parent / f"{STAGE}{key(out)}.journal"


def _digest(out: Path) -> str | None:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("digest")
    except (OSError, ValueError, AttributeError):
        return None


def recover(out: Path) -> None:
    """Finish or undo a swap a killed run left half done, and remove staging folders of runs that have died."""
    journal = _journal(out)
    if journal.is_file():
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
            staging, backup, digest = out.parent / plan["staging"], plan["backup"], plan["digest"]
        except (OSError, ValueError, KeyError, TypeError):
            plan = None
        if plan is not None and staging.is_dir():
            if not out.exists():  # two-rename swap cut between its renames: the new class is complete
                os.rename(staging, out)
            elif _digest(out) == digest:  # swapped: the old class waits at the staging name
                _keep_or_drop(staging, out.parent / backup if backup else None)
            else:  # never swapped
                shutil.rmtree(staging, ignore_errors=True)
        journal.unlink(missing_ok=True)
    for leftover in out.parent.glob(f"{journal.name}.*"):  # a journal a kill cut short before it was in place
        leftover.unlink(missing_ok=True)
    for entry in [*out.parent.glob(f"{STAGE}*-{key(out)}"), *out.glob(f"{STAGE}*-probe-{key(out)}")]:
        pid = entry.name[len(STAGE):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _keep_or_drop(old: Path, backup: Path | None) -> None:
    if backup is None:
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(old, backup)


def backup_name(out: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path, k = out.with_name(f"{out.name}.old-{stamp}"), 1
    while path.exists() or path.is_symlink():
        k += 1
        path = out.with_name(f"{out.name}.old-{stamp}-{k}")
    return path


@contextmanager
def locked(folder: Path):
    """One class write at a time in a folder (an advisory lock on the folder itself: no lock file is left)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another run is writing a class in {str(folder)!r}. Wait for it to finish, then run again.") from None
        yield
    finally:
        os.close(fd)


def swap(out: Path, staging: Path, backup: Path | None, digest: str) -> Path | None:
    """Put the staged class in place of `out` in one step; the old one goes to `backup` (or away)."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        if not out.exists():
            os.rename(staging, out)
            note_replaced(out)
            return None
        journal = _journal(out)
        tmp = journal.with_name(journal.name + f".{os.getpid()}")
        tmp.write_text(json.dumps({"staging": staging.name, "backup": backup.name if backup else None, "digest": digest}),
                       encoding="utf-8")
        os.replace(tmp, journal)
        if not _exchange(staging, out):  # two renames; a kill between them is finished by recover()
            old = backup or out.parent / f"{STAGE}{os.getpid()}-old-{key(out)}"
            os.rename(out, old)
            os.rename(staging, out)
            if backup is None:
                shutil.rmtree(old, ignore_errors=True)
        else:
            _keep_or_drop(staging, backup)
        journal.unlink(missing_ok=True)
        note_replaced(out)  # before the signals are let through: an interrupt now says the class was written
        return backup
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
