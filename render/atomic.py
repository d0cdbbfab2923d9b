"""Write files so that a path holds either its old content or the complete new file."""

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path", "check_output_path"]


def check_output_path(path: str | Path, extensions: Sequence[str], what: str = "output") -> Path:
    """Return `path` as a Path if it can be written; raise ValueError naming what is wrong."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir() or str(path).endswith(os.sep):
        raise ValueError(f"{what} path must be a file, not a directory. Got {str(path)!r} instead.")
    if suffix not in extensions:
        raise ValueError(f"{what} extension must be one of {', '.join(extensions)}. Got {suffix or 'none'!r} instead.")
    parent = path.parent
    if not parent.is_dir():
        raise ValueError(f"{what} directory must exist. Got {str(parent)!r} instead.")
    try:  # probe: os.access() says yes to root even on read-only file systems
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise ValueError(f"{what} directory must be writable. Got {str(parent)!r} ({err.strerror}).") from None
    return path


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; move it into place only if the block succeeds."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, path)
    except BaseException:  # includes Ctrl-C: never leave the temporary file behind
        tmp.unlink(missing_ok=True)
        raise
