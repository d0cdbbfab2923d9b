"""The dataset registry: name -> generator -> human title, read by loaders and captions alike."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["DATASET_SPECS", "MAX_CLASSES", "DatasetSpec", "dataset_title"]

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
