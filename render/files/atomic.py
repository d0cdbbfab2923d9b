"""Write files so that a path holds either its old content or the complete new file.

Temporaries sit beside their target, named `.lesson-tmp-<pid>-...`; a later write into the same
folder removes those whose process has gone (killed mid-write). A symlinked output is written
through to its target, as editors do; device files, FIFOs and sockets are refused.
"""

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "TEMP_PREFIX", "OutputError", "atomic_path", "check_output_path", "discard", "new_temporary", "remove_temporaries",
    "forget_folder", "live_folder", "staged", "usual_folder_mode", "usual_mode", "writable_target",
]

TEMP_PREFIX = ".lesson-tmp-"
_LIVE: dict[Path, Path] = {}  # temporary -> the output it will become
_FOLDERS: set[Path] = set()  # staging folders (a class being written): removed whole on an interrupt
_STAGED: set[Path] = set()  # temporaries handed out by OutputSet: written in place, replaced at commit
_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


class OutputError(OSError):
    """An output could not be written; the message names the path and the reason."""

    @classmethod
    def of(cls, cause: OSError, message: str) -> "OutputError":
        """Wrap `cause`, keeping its errno, under a one-line `message`."""
        error = cls(message)
        error.errno = cause.errno
        return error


def _fault(path: Path, err: OSError) -> OutputError:
    return OutputError.of(err, f"cannot write {str(path)!r}: {err.strerror or err}.")


def writable_target(path: str | Path, what: str = "output") -> Path:
    """The file to replace for `path`: itself, or a symlink's target; refuse anything but a regular file or a new path."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as err:
        raise _fault(path, err) from None
    for test, kind in _KINDS:
        if test(mode):
            raise ValueError(f"{what} path must be a regular file or a new path. Got {str(path)!r} ({kind}) instead.")
    return target


def check_output_path(path: str | Path, extensions: Sequence[str] | None, what: str = "output") -> Path:
    """Return `path` as a Path if it can be written; raise ValueError (bad value) or OutputError (folder not writable)."""
    raw, path = str(path), Path(path)  # Path() drops a trailing '/', which says "a folder"
    suffix = path.suffix.lower()
    if path.is_dir() or raw.endswith(os.sep):
        raise ValueError(f"{what} path must be a file, not a directory. Got {raw!r} instead.")
    if extensions is not None and suffix not in extensions:
        raise ValueError(f"{what} extension must be one of {', '.join(extensions)}. Got {suffix or 'none'!r} instead.")
    target = writable_target(path, what)
    if not target.parent.is_dir():
        raise ValueError(f"{what} directory must exist. Got {str(target.parent)!r} instead.")
    try:  # probe: os.access() says yes to root even on read-only file systems
        fd, probe = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-probe-", dir=target.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise OutputError.of(err, f"cannot write {what} in {str(target.parent)!r}: {err.strerror}.") from None
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _sweep(folder: Path) -> None:
    """Remove temporaries in `folder` left by processes that no longer run."""
    try:  # only regular files: a temporary is never a folder, and a folder by that name is someone else's
        names = [e.name for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX) and e.is_file(follow_symlinks=False)]
    except OSError:
        return
    for name in names:
        pid = name[len(TEMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            try:
                Path(folder, name).unlink(missing_ok=True)
            except OSError:  # a leftover this run cannot remove is no reason to fail the run
                pass


def new_temporary(target: Path) -> Path:
    """An empty temporary beside `target`, registered so that an interrupt can remove it."""
    _sweep(target.parent)
    try:
        fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=f"-{target.name}", dir=target.parent)
    except OSError as err:
        raise _fault(target, err) from None
    os.close(fd)
    _LIVE[Path(name)] = target
    return Path(name)


def discard(tmp: Path) -> None:
    """Remove a temporary and forget it."""
    _LIVE.pop(tmp, None)
    _STAGED.discard(tmp)
    tmp.unlink(missing_ok=True)


def remove_temporaries() -> None:
    """Remove every temporary this process still holds (called when it is interrupted)."""
    for tmp in list(_LIVE):
        try:
            tmp.unlink()
        except OSError:  # gone already, or not removable: the others still go
            pass
    for folder in list(_FOLDERS):
        shutil.rmtree(folder, ignore_errors=True)
    _LIVE.clear()
    _STAGED.clear()
    _FOLDERS.clear()


def live_folder(folder: Path) -> None:
    """Register a staging folder that an interrupt must remove."""
    _FOLDERS.add(folder)


def forget_folder(folder: Path) -> None:
    """The staging folder is gone or in place: an interrupt leaves it alone."""
    _FOLDERS.discard(folder)


def usual_folder_mode(folder: Path) -> None:
    """Give a folder the mode a plain mkdir() would: 0777 less the umask (mkdtemp makes 0700)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)


def usual_mode(tmp: Path) -> None:
    """Give a temporary the mode a plain open() would: 0666 less the umask (mkstemp makes 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)


def staged(tmp: Path) -> Path:
    """Mark a temporary as staged: atomic_path then writes into it directly (OutputSet replaces it later)."""
    _STAGED.add(tmp)
    return tmp


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; move it into place only if the block succeeds."""
    path = Path(path)
    if path in _STAGED:  # part of a run's outputs: written here, replaced with the others at the end
        try:
            yield path
        except OSError as err:
            raise _fault(_LIVE.get(path, path), err) from None
        return
    target = writable_target(path)
    tmp = new_temporary(target)
    try:
        yield tmp
        usual_mode(tmp)
        os.replace(tmp, target)
        _LIVE.pop(tmp, None)
    except OSError as err:  # a full disk, a read-only folder: name the path, keep the old file
        discard(tmp)
        raise (err if isinstance(err, OutputError) else _fault(path, err)) from None
    except BaseException:  # includes Ctrl-C: never leave the temporary file behind
        discard(tmp)
        raise
