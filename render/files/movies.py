"""Tell a whole movie file from one a killed writer left: an MP4's boxes must fill the file and hold moov and mdat."""

import struct
from pathlib import Path

__all__ = ["is_whole", "remove_broken_movies"]

_MOVIES = (".mp4", ".mov", ".m4v")


def _mp4_whole(path: Path) -> bool:
    """True if the file is a sequence of ISO boxes ending exactly at its end, with a movie header and media data."""
    size = path.stat().st_size
    seen, at = set(), 0
    with path.open("rb") as stream:
        while at < size:
            stream.seek(at)
            head = stream.read(16)
            if len(head) < 8:
                return False
            length, kind = struct.unpack(">I4s", head[:8])
            if length == 1:  # a 64-bit size follows the type
                if len(head) < 16:
                    return False
                length = struct.unpack(">Q", head[8:16])[0]
            elif length == 0:  # the box runs to the end of the file
                length = size - at
            if length < 8 or at + length > size:
                return False
            seen.add(kind)
            at += length
    return {b"ftyp", b"moov", b"mdat"} <= seen


def is_whole(path: str | Path) -> bool:
    """True if `path` is a non-empty file and, for a movie, a complete one (a killed render's partial file is not)."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        return _mp4_whole(path) if path.suffix.lower() in _MOVIES else True
    except OSError:
        return False


def remove_broken_movies(folder: str | Path) -> list[Path]:
    """Remove every movie under `folder` that is not whole (a render's cache after a kill); return them."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    broken = [p for p in folder.rglob("*") if p.suffix.lower() in _MOVIES and not p.is_symlink() and p.is_file() and not is_whole(p)]
    for path in broken:
        path.unlink(missing_ok=True)
    return broken
