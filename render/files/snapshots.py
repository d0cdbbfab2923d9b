"""Save and load a training run's snapshots as one .npz file (plain arrays)."""

import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.data import Dataset
from model.landscape import Landscape
from model.metrics import EpochMetrics
from model.surface import Grid, Snapshot
from render.files.snapshot_stream import FIELDS, LANDSCAPE_FIELDS, SnapshotWriter

__all__ = ["SnapshotRun", "load_snapshots", "save_snapshots"]

MAKE_HINT = "make demo (or: lesson train)"
_KEYS = ("grid", "epoch", "probs", "train_pred", "test_pred", "x_train", "y_train", "x_test", "y_test", "meta", "hidden", *FIELDS)


@dataclass(frozen=True)
class SnapshotRun:
    """A recorded run: the grid, the data and one snapshot per recorded epoch."""

    grid: Grid
    data: Dataset  # the points the snapshots describe (a bounded sample of a huge dataset)
    snapshots: list[Snapshot]
    epochs: int  # epochs planned
    description: str  # e.g. "circles, hidden 16-16 tanh, Adam lr 0.03"
    hidden: tuple[int, ...] = ()  # the network's hidden widths, for drawing it
    activation: str = ""  # its activation's name
    title: str = ""  # the dataset's caption, e.g. "make_moons(n_samples=100, noise=0.1)"
    start_params: np.ndarray | None = None  # (parameters,) weights before training, when recorded
    landscape: Landscape | None = None  # the loss landscape with the path, when computed

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(int(h) for h in self.hidden))


def save_snapshots(path: str | Path, run: SnapshotRun) -> None:
    """Write `run` to `path` (.npz) atomically."""
    if not run.snapshots:
        raise ValueError("a snapshots file needs at least one snapshot. Got none instead.")
    with SnapshotWriter(path) as writer:
        for snap in run.snapshots:
            writer.add(snap)
        writer.write(run)


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
    metrics = [z[f].tolist() for f in FIELDS]
    units, params = z.get("units"), z.get("params")
    snaps = [
        Snapshot(
            z["probs"][k],
            EpochMetrics(int(epoch), int(epochs), *(m[k] for m in metrics), z["train_pred"][k], z["test_pred"][k]),
            None if units is None else units[k],
            None if params is None else params[k],
        )
        for k, epoch in enumerate(z["epoch"])
    ]
    landscape = None
    if "landscape_loss" in z:
        kind = str(z["landscape_kind"]) if "landscape_kind" in z else "pca"  # files from before random planes
        landscape = Landscape(*(z[f"landscape_{f}"] for f in LANDSCAPE_FIELDS), kind)
    title = str(z["title"]) if "title" in z else ""
    return SnapshotRun(grid, data, snaps, int(epochs), description, hidden, activation, title, z.get("start_params"), landscape)


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
    square = probs.ndim in (3, 4) and res.shape == (5,) and probs.shape[-2:] == (res[4], res[4])
    if not square or probs.shape[0] != frames:
        raise ValueError(f"{where} must hold square surfaces (frames, [classes,] n, n) matching its grid. Got probs of shape {probs.shape} instead.")
    for split in ("train", "test"):
        x, y, pred = z[f"x_{split}"], z[f"y_{split}"], z[f"{split}_pred"]
        if x.ndim != 2 or x.shape[1] != 2 or y.shape != (len(x),) or pred.shape != (frames, len(x)):
            raise ValueError(f"{where} has {split} points of shape {x.shape}, labels {y.shape} and predictions {pred.shape} that do not match.")
    if any(z[f].shape != (frames,) for f in FIELDS) or z["meta"].shape != (4,):
        raise ValueError(f"{where} has metrics or a run record of the wrong length for {frames} frames.")
    for key in ("grid", "probs", "x_train", "x_test", *FIELDS):
        values = z[key]
        numbers = values.dtype.kind in "fiu"
        if not numbers or (values.dtype.kind == "f" and not np.isfinite(values).all()):
            bad = f"{values[~np.isfinite(values)].flat[0]} at index {int(np.argmax(~np.isfinite(values)))}" if numbers else "not numbers"
            raise ValueError(f"{where} must hold finite numbers in {key!r}. Got {bad} instead. Make it again with: {MAKE_HINT}")
    return z
