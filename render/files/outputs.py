"""A run's outputs, replaced together at the end or not at all."""

import os
import signal
from pathlib import Path

from render.files.atomic import OutputError, discard, new_temporary, staged, usual_mode, writable_target

__all__ = ["OutputSet", "note_replaced", "outputs_replaced"]

_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
_REPLACED: list[Path] = []  # every output this process has moved into place


def outputs_replaced() -> list[Path]:
    """The outputs this process has replaced so far (for an interrupt's message)."""
    return list(_REPLACED)


def note_replaced(path: Path) -> None:
    """Record an output moved into place by other means (a class folder swapped in whole)."""
    _REPLACED.append(path)


class OutputSet:
    """Stage each output in a temporary beside it; `commit` moves them all into place, `discard` drops them.

    Used as a context manager, an exception before `commit` discards everything, so the old files stay.
    """

    def __init__(self) -> None:
        self._staged: dict[Path, tuple[Path, Path]] = {}  # output as given -> (temporary, file to replace)

    def stage(self, path: str | Path) -> Path:
        """A temporary to write `path`'s new content into (writers given it write in place)."""
        path = Path(path)
        if path in self._staged:  # staged again (a GIF drawn a second way): the first temporary goes
            discard(self._staged.pop(path)[0])
        target = writable_target(path)
        tmp = staged(new_temporary(target))
        self._staged[path] = (tmp, target)
        return tmp

    def commit(self, rename: dict[Path, Path] | None = None, only: tuple[Path, ...] | None = None) -> list[Path]:
        """Replace every staged output (or `only` these, under `rename`d paths); return the paths written.

        Ctrl-C and SIGTERM wait until all are in place; if one replacement fails, the ones before it are rolled back.
        """
        rename = rename or {}
        chosen = [p for p in self._staged if only is None or p in only]
        moves = [(self._staged[p][0], writable_target(rename.get(p, self._staged[p][1])), rename.get(p, p)) for p in chosen]
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        done: list[tuple[Path, Path | None]] = []
        try:
            for tmp, target, shown in moves:
                backup = _backup(target)
                try:
                    usual_mode(tmp)
                    os.replace(tmp, target)
                except OSError as err:
                    if backup is not None:
                        discard(backup)
                    _roll_back(done)
                    raise OutputError.of(err, f"cannot write {str(shown)!r}: {err.strerror}.") from None
                done.append((target, backup))
            for _, backup in done:
                if backup is not None:
                    discard(backup)
            _REPLACED.extend(shown for _, _, shown in moves)
        finally:
            self.discard()
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        return [shown for _, _, shown in moves]

    def discard(self) -> None:
        """Drop every temporary still staged; the old outputs stay as they were."""
        for tmp, _ in self._staged.values():
            discard(tmp)
        self._staged.clear()

    def __enter__(self) -> "OutputSet":
        return self

    def __exit__(self, *exc) -> None:
        self.discard()


def _backup(target: Path) -> Path | None:
    """A hard link to the current `target`, to put back if a later replacement fails (None: nothing to keep)."""
    if not target.is_file():
        return None
    link = new_temporary(target)
    try:
        link.unlink()
        os.link(target, link)
    except OSError:  # no hard links here: replace without a way back
        discard(link)
        return None
    return link


def _roll_back(done: list[tuple[Path, Path | None]]) -> None:
    for target, backup in reversed(done):
        if backup is None:
            target.unlink(missing_ok=True)
        else:
            os.replace(backup, target)
            discard(backup)
