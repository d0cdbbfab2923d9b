"""Write a run's snapshots to disk as they are taken, so memory stays flat however many epochs run."""

# Each per-frame array (the surface, the predictions, the units, the weights) is appended to a spool
# file of raw bytes beside the output as its snapshot arrives; `write` then copies the spools, a chunk
# at a time, into the members of the .npz that `load_snapshots` reads. Only the per-epoch numbers
# (epoch, losses, accuracies: 40 bytes an epoch) stay in memory.

import zipfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from model.metrics import EpochMetrics
from model.surface import Snapshot
from render.files.atomic import atomic_path, discard, new_temporary, writable_target

if TYPE_CHECKING:
    from render.files.snapshots import SnapshotRun

__all__ = ["FIELDS", "LANDSCAPE_FIELDS", "SnapshotWriter"]

FIELDS = ("train_loss", "test_loss", "train_acc", "test_acc")  # one float64 member each, (frames,)
LANDSCAPE_FIELDS = ("alphas", "betas", "loss", "path", "directions", "centre")  # members landscape_<field>
_STACKED = {"probs": np.float32, "train_pred": np.int64, "test_pred": np.int64, "units": np.float16, "params": np.float32}
_CHUNK = 1 << 20  # bytes copied at a time from a spool into the .npz


class SnapshotWriter:
    """Append snapshots to spool files beside `path` with `add`; `write(run)` makes the .npz; `close` drops the spools."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.count = 0  # snapshots added
        self.last: Snapshot | None = None  # the latest one, in memory
        self._numbers = array("d")  # epoch and the four metrics of each snapshot, flat: 40 bytes a snapshot
        self._epochs = 0
        self._spools: dict[str, tuple[Path, BinaryIO, tuple[int, ...], np.dtype]] = {}  # name -> (file, handle, shape, dtype)

    def add(self, snap: Snapshot) -> None:
        """Append one snapshot's arrays to the spools."""
        arrays = {"probs": snap.probs, "train_pred": snap.train_pred, "test_pred": snap.test_pred,
                  "units": snap.units, "params": snap.params}
        if not self._spools:
            self._open({k: np.shape(v) for k, v in arrays.items() if v is not None})
        for name, (_, handle, shape, dtype) in self._spools.items():
            array = np.ascontiguousarray(arrays[name], dtype=dtype)
            if array.shape != shape:
                raise ValueError(f"snapshot {name} must keep the shape {shape} of the first. Got {array.shape} instead.")
            handle.write(array.tobytes())
        m = snap.metrics
        self._numbers.extend((m.epoch, m.train_loss, m.test_loss, m.train_acc, m.test_acc))
        self._epochs, self.count, self.last = m.epochs, self.count + 1, snap

    def _open(self, shapes: dict[str, tuple[int, ...]]) -> None:
        target = writable_target(self.path)
        for name in shapes:
            dtype = _STACKED[name]
            spool = new_temporary(target)
            self._spools[name] = (spool, spool.open("wb"), shapes[name], np.dtype(dtype))

    def snapshots(self) -> Iterator[Snapshot]:
        """The snapshots added so far, read back from the spools one at a time."""
        self._flush()
        handles = {name: spool.open("rb") for name, (spool, *_rest) in self._spools.items()}
        try:
            for numbers in self._table().tolist():
                a = {name: _read_frame(handles[name], *self._spools[name][2:]) for name in handles}
                metrics = EpochMetrics(int(numbers[0]), self._epochs, *numbers[1:], a["train_pred"], a["test_pred"])
                yield Snapshot(a["probs"], metrics, a.get("units"), a.get("params"))
        finally:
            for handle in handles.values():
                handle.close()

    def params(self) -> np.ndarray:
        """(snapshots, parameters) float32: every recorded weight vector, for the loss landscape's path."""
        if "params" not in self._spools:
            raise ValueError("the weights were not recorded. Got snapshots without params instead.")
        self._flush()
        spool, _, shape, dtype = self._spools["params"]
        return np.fromfile(spool, dtype=dtype).reshape(self.count, *shape)

    def write(self, run: "SnapshotRun") -> None:
        """Write the .npz at `path` atomically: `run`'s record (its own `snapshots` are not read) and every snapshot added."""
        if not self.count:
            raise ValueError("a snapshots file needs at least one snapshot. Got none instead.")
        self._flush()
        numbers = self._table()
        arrays = _record(run)
        arrays["epoch"] = numbers[:, 0].astype(np.int64)
        arrays.update({f: numbers[:, 1 + k] for k, f in enumerate(FIELDS)})
        with atomic_path(self.path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as npz:  # np.load reads it as .npz
            for name, array in arrays.items():
                with npz.open(f"{name}.npy", "w", force_zip64=True) as member:
                    np.lib.format.write_array(member, np.asarray(array), allow_pickle=False)
            for name, (spool, _, shape, dtype) in self._spools.items():
                header = {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": (self.count, *shape)}
                with npz.open(f"{name}.npy", "w", force_zip64=True) as member, spool.open("rb") as source:
                    np.lib.format.write_array_header_2_0(member, header)
                    while chunk := source.read(_CHUNK):
                        member.write(chunk)

    def close(self) -> None:
        """Remove the spool files (the .npz, once written, stays)."""
        for spool, handle, *_ in self._spools.values():
            handle.close()
            discard(spool)
        self._spools.clear()

    def _table(self) -> np.ndarray:
        """(snapshots, 5) float64: epoch, then the metrics in FIELDS order."""
        return np.frombuffer(self._numbers, dtype=np.float64).reshape(-1, 1 + len(FIELDS))

    def _flush(self) -> None:
        for _, handle, *_ in self._spools.values():
            handle.flush()

    def __enter__(self) -> "SnapshotWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read_frame(handle: BinaryIO, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    size = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    return np.frombuffer(bytearray(handle.read(size)), dtype=dtype).reshape(shape)  # writable, unlike bytes


def _record(run: "SnapshotRun") -> dict[str, np.ndarray]:
    """The run's arrays that are not per frame: grid, points, names, start weights and landscape."""
    g = run.grid
    arrays = {
        "grid": np.array([g.xmin, g.xmax, g.ymin, g.ymax, g.resolution]),
        "x_train": run.data.x_train, "y_train": run.data.y_train, "x_test": run.data.x_test, "y_test": run.data.y_test,
        "meta": np.array([run.data.name, str(run.epochs), run.description, run.activation]),
        "hidden": np.array(run.hidden, dtype=np.int64),
        "title": np.array(run.title),
    }
    if run.start_params is not None:
        arrays["start_params"] = np.asarray(run.start_params, dtype=np.float32)
    if run.landscape is not None:
        for name in LANDSCAPE_FIELDS:
            arrays[f"landscape_{name}"] = getattr(run.landscape, name)
        arrays["landscape_kind"] = np.array(run.landscape.kind)
    return arrays
