"""Two-class 2-D datasets: the homework's circles, its Playground cousins, and CSV files."""

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn import datasets as _sk
from sklearn.model_selection import train_test_split

__all__ = ["DATASETS", "Dataset", "load_dataset", "read_csv_points"]

DATASETS = ("circles", "moons", "xor", "blobs", "spiral", "csv")


@dataclass(frozen=True)
class Dataset:
    """A stratified train/test split of labelled 2-D points."""

    name: str
    x_train: np.ndarray  # (n_train, 2) float64
    y_train: np.ndarray  # (n_train,) int64, 0 or 1
    x_test: np.ndarray  # (n_test, 2) float64
    y_test: np.ndarray  # (n_test,) int64, 0 or 1

    @property
    def x(self) -> np.ndarray:
        """All points, train first then test: (n, 2)."""
        return np.concatenate([self.x_train, self.x_test])

    @property
    def y(self) -> np.ndarray:
        """All labels in the order of `x`: (n,)."""
        return np.concatenate([self.y_train, self.y_test])


def _xor(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = rng.uniform(-1.0, 1.0, size=(n, 2))
    x += np.sign(x) * 0.05  # keep a small gap around the axes, as in the Playground
    return x, (x[:, 0] * x[:, 1] > 0).astype(np.int64)


def _spiral(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    y = np.arange(n) % 2
    t = rng.uniform(0.0, 1.0, size=n) ** 0.5 * 3.0 * np.pi  # sqrt: even density along the arm
    r = t / (3.0 * np.pi)
    angle = t + np.pi * y
    x = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    return x + rng.normal(scale=0.03, size=x.shape), y.astype(np.int64)


def _generate(name: str, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    if name == "circles":
        return _sk.make_circles(n_samples=n, factor=0.1, noise=0.1, random_state=seed)
    if name == "moons":
        return _sk.make_moons(n_samples=n, noise=0.1, random_state=seed)
    if name == "blobs":
        return _sk.make_blobs(n_samples=n, centers=[(-1.0, -1.0), (1.0, 1.0)], cluster_std=0.6, random_state=seed)
    if name == "xor":
        return _xor(n, rng)
    return _spiral(n, rng)


def read_csv_points(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Read a CSV with header x1,x2,label into points (n, 2) and labels (n,) in {0, 1}."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"CSV file must exist. Got {str(path)!r} instead.")
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
        header = rows[0].keys() if rows else []
    missing = [c for c in ("x1", "x2", "label") if c not in header]
    if missing:
        raise ValueError(f"CSV {str(path)!r} must have columns x1,x2,label. Missing {','.join(missing)}.")
    points, labels = [], []
    for line, row in enumerate(rows, start=2):
        try:
            points.append((float(row["x1"]), float(row["x2"])))
            labels.append(float(row["label"]))
        except (TypeError, ValueError):
            raise ValueError(f"CSV {str(path)!r} line {line} must hold numbers. Got {row} instead.") from None
    x, y = np.asarray(points, dtype=np.float64), np.asarray(labels)
    if not np.isfinite(x).all():
        raise ValueError(f"CSV {str(path)!r} must hold finite coordinates. Got NaN or inf instead.")
    classes = np.unique(y)
    if len(classes) != 2:
        raise ValueError(f"CSV {str(path)!r} must hold exactly two labels. Got {len(classes)}: {classes.tolist()}.")
    return x, (y == classes[1]).astype(np.int64)  # the larger label becomes class 1


def load_dataset(
    name: str = "circles",
    *,
    n_samples: int = 100,
    test_fraction: float = 0.3,
    seed: int = 0,
    csv_path: str | Path | None = None,
) -> Dataset:
    """Generate (or read) a dataset by name and split it, stratified, into train and test."""
    if name not in DATASETS:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}. Got {name!r} instead.")
    if not (isinstance(test_fraction, float | int) and 0.0 < test_fraction < 1.0):
        raise ValueError(f"test fraction must lie strictly between 0 and 1. Got {test_fraction!r} instead.")
    if name == "csv":
        if csv_path is None:
            raise ValueError("dataset 'csv' needs a CSV path. Got none instead.")
        x, y = read_csv_points(csv_path)
    else:
        if not (isinstance(n_samples, int) and n_samples >= 4):
            raise ValueError(f"n_samples must be an integer of at least 4. Got {n_samples!r} instead.")
        x, y = _generate(name, n_samples, seed)
    x_tr, x_te, y_tr, y_te = train_test_split(
        np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.int64),
        test_size=test_fraction, stratify=y, random_state=seed,
    )
    return Dataset(name, x_tr, y_tr, x_te, y_te)
