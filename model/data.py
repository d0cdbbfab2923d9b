"""Labelled 2-D datasets: the registry of named generators (the homework's circles, its TensorFlow Playground cousins), CSV files, the split."""

import csv
import math
import numbers
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["DATASETS", "DATASET_SPECS", "MAX_CLASSES", "Dataset", "DatasetSpec", "dataset_title", "load_dataset", "read_csv_points"]

MAX_CLASSES = 8  # the Okabe-Ito palette has eight colours

Generator = Callable[[int, int, int], tuple[np.ndarray, np.ndarray]]  # (n, seed, classes) -> (x (n, 2), y (n,))


@dataclass(frozen=True)
class DatasetSpec:
    """One named dataset: how to make it, how to caption it, and which class counts it offers."""

    name: str
    generate: Generator | None  # None: read from a file
    title: str  # format string; may use {n} (points) and {k} (classes)
    classes: tuple[int, ...] = (2,)  # class counts the generator can make


def _circles(n: int, seed: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_circles

    return make_circles(n_samples=n, factor=0.1, noise=0.1, random_state=seed)


def _moons(n: int, seed: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_moons

    return make_moons(n_samples=n, noise=0.1, random_state=seed)


def _blobs(n: int, seed: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_blobs

    if k == 2:  # the two-blob layout the toolkit always had
        return make_blobs(n_samples=n, centers=[(-1.0, -1.0), (1.0, 1.0)], cluster_std=0.6, random_state=seed)
    angles = 2.0 * np.pi * np.arange(k) / k + np.pi / 2  # centres evenly round a circle of radius 1.5
    centres = 1.5 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return make_blobs(n_samples=n, centers=centres, cluster_std=0.5, random_state=seed)


def _xor(n: int, seed: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(n, 2))
    x += np.sign(x) * 0.05  # keep a small gap around the axes, as in the Playground
    return x, (x[:, 0] * x[:, 1] > 0).astype(np.int64)


def _spiral(n: int, seed: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = np.arange(n) % k
    t = rng.uniform(0.0, 1.0, size=n) ** 0.5 * 3.0 * np.pi  # sqrt: even density along the arm
    r = t / (3.0 * np.pi)
    angle = t + 2.0 * np.pi * y / k  # k arms, evenly turned
    x = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    return x + rng.normal(scale=0.03, size=x.shape), y.astype(np.int64)


DATASET_SPECS = {
    spec.name: spec
    for spec in (
        DatasetSpec("circles", _circles, "make_circles(n_samples={n}, factor=0.1, noise=0.1)"),
        DatasetSpec("moons", _moons, "make_moons(n_samples={n}, noise=0.1)"),
        DatasetSpec("xor", _xor, "XOR: {n} uniform points, class = sign(x1 x2)"),
        DatasetSpec("blobs", _blobs, "make_blobs(n_samples={n}, centers={k})", (2, 3, 4, 5)),
        DatasetSpec("spiral", _spiral, "{k}-arm spiral, {n} points", (2, 3)),
        DatasetSpec("csv", None, "{source}: {n} points, {k} classes", tuple(range(2, MAX_CLASSES + 1))),
    )
}


def dataset_title(name: str, n: int, classes: int = 2, source: str = "CSV") -> str:
    """The caption of dataset `name` with `n` points in `classes` classes."""
    if name not in DATASET_SPECS:
        raise ValueError(f"dataset must be one of {', '.join(DATASET_SPECS)}. Got {name!r} instead.")
    return DATASET_SPECS[name].title.format(n=n, k=classes, source=source)


DATASETS = tuple(DATASET_SPECS)  # ("circles", "moons", "xor", "blobs", "spiral", "csv")


@dataclass(frozen=True)
class Dataset:
    """A stratified train/test split of labelled 2-D points."""

    name: str
    x_train: np.ndarray  # (n_train, 2) float64
    y_train: np.ndarray  # (n_train,) int64 in 0..classes-1
    x_test: np.ndarray  # (n_test, 2) float64
    y_test: np.ndarray  # (n_test,) int64 in 0..classes-1

    @property
    def x(self) -> np.ndarray:
        """All points, train first then test: (n, 2)."""
        return np.concatenate([self.x_train, self.x_test])

    @property
    def y(self) -> np.ndarray:
        """All labels in the order of `x`: (n,)."""
        return np.concatenate([self.y_train, self.y_test])

    @property
    def classes(self) -> int:
        """Number of classes: 2 for binary data, k for labels 0..k-1."""
        return max(2, int(max(self.y_train.max(initial=0), self.y_test.max(initial=0))) + 1)


def _read(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Columns x1, x2 and label of a UTF-8 CSV, parsed row by row into compact arrays."""
    columns = (array("d"), array("d"), array("d"))
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = [h.strip() for h in next(reader, [])]
            missing = [c for c in ("x1", "x2", "label") if c not in header]
            if not header:
                raise ValueError(f"CSV {str(path)!r} must have a header x1,x2,label. Got an empty file instead.")
            if missing:
                raise ValueError(f"CSV {str(path)!r} must have columns x1,x2,label. Missing {','.join(missing)}.")
            where = [header.index(c) for c in ("x1", "x2", "label")]
            for row in reader:
                if not row:
                    continue
                try:
                    for column, k in zip(columns, where, strict=True):
                        column.append(float(row[k]))
                except (IndexError, ValueError):
                    line = reader.line_num
                    raise ValueError(f"CSV {str(path)!r} line {line} must hold numbers. Got {','.join(row)!r} instead.") from None
    except UnicodeDecodeError as err:
        raise ValueError(f"CSV {str(path)!r} must be UTF-8 text. Got byte 0x{err.object[err.start]:02x} at offset {err.start} instead.") from None
    except csv.Error as err:
        raise ValueError(f"CSV {str(path)!r} must be text. Got {err} instead.") from None
    n = min(len(c) for c in columns)
    x = np.stack([np.frombuffer(columns[0], dtype=np.float64)[:n], np.frombuffer(columns[1], dtype=np.float64)[:n]], axis=1)
    return x, np.frombuffer(columns[2], dtype=np.float64)[:n].copy()


_MAX_COORDINATE = 1e6  # beyond this the network's inputs overflow float32 long before the learning rate matters


def read_csv_points(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Read a CSV with header x1,x2,label into points (n, 2) and labels (n,) in 0..k-1."""
    # Two distinct labels of any value become 0 and 1 (the larger is 1); more than two must be 0..k-1.
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"CSV file must exist. Got {str(path)!r} instead.")
    x, y = _read(path)
    if len(y) == 0:
        raise ValueError(f"CSV {str(path)!r} must have rows of points under its header. Got only the header instead.")
    if not np.isfinite(x).all():
        raise ValueError(f"CSV {str(path)!r} must hold finite coordinates. Got NaN or inf instead.")
    if np.abs(x).max() > _MAX_COORDINATE:
        raise ValueError(f"CSV {str(path)!r} coordinates must lie within ±{_MAX_COORDINATE:g}. Got {np.abs(x).max():g} instead.")
    if not np.isfinite(y).all():
        raise ValueError(f"CSV {str(path)!r} labels must be numbers. Got {y[~np.isfinite(y)][0]} instead.")
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(f"CSV {str(path)!r} must hold at least two labels. Got 1: {classes.tolist()}.")
    if len(classes) == 2:
        return x, (y == classes[1]).astype(np.int64)  # the larger label becomes class 1
    if len(classes) > MAX_CLASSES:
        raise ValueError(f"CSV {str(path)!r} may hold at most {MAX_CLASSES} classes. Got {len(classes)} labels instead.")
    if not np.array_equal(classes, np.arange(len(classes))):
        shown = ", ".join(f"{c:g}" for c in classes[:MAX_CLASSES + 1])
        raise ValueError(f"CSV {str(path)!r} labels must be the integers 0..{len(classes) - 1}. Got {shown} instead.")
    return x, y.astype(np.int64)


def _fraction(value) -> float:
    if isinstance(value, np.floating):  # np.float32(0.3) means 0.3, not 0.30000001192...
        value = float(str(value))
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and 0.0 < float(value) < 1.0
    if not ok:
        raise ValueError(f"test fraction must lie strictly between 0 and 1. Got {value!r} instead.")
    return float(value)


def _check_split(y: np.ndarray, test_fraction: float) -> None:
    """Refuse, in our own words, a split that cannot put every class in both train and test."""
    counts = np.bincount(y)
    k, n = len(counts), len(y)
    n_test = math.ceil(test_fraction * n)  # scikit-learn's rounding
    if counts.min() < 2:
        raise ValueError(f"every class needs at least 2 points to appear in train and test. Got {counts.min()} point(s) of class {counts.argmin()} among {n}.")
    if n_test < k or n - n_test < k:
        raise ValueError(
            f"test fraction must leave at least one point per class ({k}) in train and in test. "
            f"Got {test_fraction:g} of {n} points: {n - n_test} train, {n_test} test."
        )


def load_dataset(
    name: str = "circles",
    *,
    n_samples: int = 100,
    test_fraction: float = 0.3,
    seed: int = 0,
    csv_path: str | Path | None = None,
    classes: int = 2,
) -> Dataset:
    """Generate (or read) a dataset by name and split it, stratified, into train and test."""
    from sklearn.model_selection import train_test_split

    if name not in DATASET_SPECS:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}. Got {name!r} instead.")
    spec = DATASET_SPECS[name]
    test_fraction = _fraction(test_fraction)
    if name == "csv":
        if csv_path is None:
            raise ValueError("dataset 'csv' needs a CSV path. Got none instead.")
        x, y = read_csv_points(csv_path)
    else:
        if csv_path is not None:
            raise ValueError(f"a CSV path needs dataset 'csv'. Got dataset {name!r} instead.")
        if isinstance(n_samples, bool) or not isinstance(n_samples, numbers.Integral) or n_samples < 4:
            raise ValueError(f"n_samples must be an integer of at least 4. Got {n_samples!r} instead.")
        if isinstance(classes, bool) or not isinstance(classes, numbers.Integral) or int(classes) not in spec.classes:
            offered = ", ".join(map(str, spec.classes))
            raise ValueError(f"dataset {name!r} offers {offered} classes. Got {classes!r} instead.")
        x, y = spec.generate(int(n_samples), int(seed), int(classes))
    y = np.asarray(y, dtype=np.int64)
    _check_split(y, test_fraction)
    x_tr, x_te, y_tr, y_te = train_test_split(
        np.asarray(x, dtype=np.float64), y, test_size=test_fraction, stratify=y, random_state=int(seed),
    )
    return Dataset(name, x_tr, y_tr, x_te, y_te)
