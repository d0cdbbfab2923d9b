"""Save and load a training run's snapshots as one .npz file (plain arrays)."""

import zipfile
from pathlib import Path

import numpy as np

from model.data import Dataset
from model.surface import Grid, Snapshot
from render.atomic import atomic_path

__all__ = ["SnapshotRun", "load_snapshots", "save_snapshots"]

MAKE_HINT = "make demo (or: python -m render train)"
_FIELDS = ("train_loss", "test_loss", "train_acc", "test_acc")
_KEYS = ("grid", "epoch", "probs", "train_pred", "test_pred", "x_train", "y_train", "x_test", "y_test", "meta", "hidden", *_FIELDS)


class SnapshotRun:
    """A recorded run: the grid, the data and one snapshot per recorded epoch."""

    def __init__(
        self,
        grid: Grid,
        data: Dataset,
        snapshots: list[Snapshot],
        epochs: int,
        description: str,
        hidden: tuple[int, ...] = (),
        activation: str = "",
    ) -> None:
        self.grid, self.data, self.snapshots = grid, data, snapshots
        self.epochs = epochs  # epochs planned
        self.description = description  # e.g. "circles, hidden 16-16 tanh, Adam lr 0.03"
        self.hidden = tuple(int(h) for h in hidden)  # the network's hidden widths, for drawing it
        self.activation = activation  # its activation's name


def save_snapshots(path: str | Path, run: SnapshotRun) -> None:
    """Write `run` to `path` (.npz) atomically."""
    snaps = run.snapshots
    if not snaps:
        raise ValueError("a snapshots file needs at least one snapshot. Got none instead.")
    arrays = {
        "grid": np.array([run.grid.xmin, run.grid.xmax, run.grid.ymin, run.grid.ymax, run.grid.resolution]),
        "epoch": np.array([s.epoch for s in snaps], dtype=np.int64),
        "probs": np.stack([s.probs for s in snaps]).astype(np.float32),  # (frames, res, res)
        "train_pred": np.stack([s.train_pred for s in snaps]),
        "test_pred": np.stack([s.test_pred for s in snaps]),
        "x_train": run.data.x_train, "y_train": run.data.y_train,
        "x_test": run.data.x_test, "y_test": run.data.y_test,
        "meta": np.array([run.data.name, str(run.epochs), run.description, run.activation]),
        "hidden": np.array(run.hidden, dtype=np.int64),
    }
    arrays.update({f: np.array([getattr(s, f) for s in snaps]) for f in _FIELDS})
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        np.savez_compressed(handle, **arrays)


def load_snapshots(path: str | Path) -> SnapshotRun:
    """Read a run written by `save_snapshots`; a missing, empty or malformed file is one ValueError naming it."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"snapshots file {str(path)!r} does not exist. Make it with: {MAKE_HINT}")
    z = _read_arrays(path)
    g = z["grid"]
    grid = Grid(float(g[0]), float(g[1]), float(g[2]), float(g[3]), int(g[4]))
    name, epochs, description, activation = (str(v) for v in z["meta"])
    hidden = tuple(int(h) for h in z["hidden"])
    data = Dataset(name, z["x_train"], z["y_train"], z["x_test"], z["y_test"])
    metrics = [z[f].tolist() for f in _FIELDS]
    snaps = [
        Snapshot(int(epoch), z["probs"][k], *(m[k] for m in metrics), z["train_pred"][k], z["test_pred"][k])
        for k, epoch in enumerate(z["epoch"])
    ]
    return SnapshotRun(grid, data, snaps, int(epochs), description, hidden, activation)


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array of the file, decompressed once, after checking the keys and shapes a replay relies on."""
    where = f"snapshots file {str(path)!r}"
    if path.stat().st_size == 0:
        raise ValueError(f"{where} is empty. Make it again with: {MAKE_HINT}")
    try:
        with np.load(path, allow_pickle=False) as npz:
            z = {key: npz[key] for key in npz.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as err:
        raise ValueError(f"{where} is not a snapshots file ({err}). Make it again with: {MAKE_HINT}") from None
    missing = [k for k in _KEYS if k not in z]
    if missing:
        raise ValueError(f"{where} lacks {', '.join(missing)}. Make it again with: {MAKE_HINT}")
    frames, probs, res = len(z["epoch"]), z["probs"], z["grid"]
    if frames == 0:
        raise ValueError(f"{where} holds no snapshots. Got 0 frames instead of at least 1.")
    if probs.ndim != 3 or probs.shape[0] != frames or probs.shape[1] != probs.shape[2] or res.shape != (5,) or probs.shape[1] != res[4]:
        raise ValueError(f"{where} must hold square surfaces (frames, n, n) matching its grid. Got probs of shape {probs.shape} instead.")
    for split in ("train", "test"):
        x, y, pred = z[f"x_{split}"], z[f"y_{split}"], z[f"{split}_pred"]
        if x.ndim != 2 or x.shape[1] != 2 or y.shape != (len(x),) or pred.shape != (frames, len(x)):
            raise ValueError(f"{where} has {split} points of shape {x.shape}, labels {y.shape} and predictions {pred.shape} that do not match.")
    if any(z[f].shape != (frames,) for f in _FIELDS) or z["meta"].shape != (4,):
        raise ValueError(f"{where} has metrics or a run record of the wrong length for {frames} frames.")
    return z
