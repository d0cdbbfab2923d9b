"""The decision surface: a fixed grid over the data and the class-1 probability on it."""

import functools
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from model.metrics import EpochMetrics

__all__ = ["RESOLUTION", "Grid", "Snapshot", "probability_grid"]

RESOLUTION = 64  # grid samples per side; frames upsample it smoothly


@dataclass(frozen=True)
class Grid:
    """A square grid over the plane; row 0 is the top (y = ymax), like an image."""

    xmin: float
    xmax: float
    ymin: float
    ymax: float
    resolution: int = RESOLUTION  # samples per side

    @classmethod
    def around(cls, x: np.ndarray, margin: float = 0.15, resolution: int = RESOLUTION) -> "Grid":
        """Cover points x (n, 2) with a square whose side is their span plus `margin` on each side."""
        if resolution < 2:
            raise ValueError(f"grid resolution must be greater than 1. Got {resolution} instead.")
        lo, hi = x.min(axis=0), x.max(axis=0)
        centre, half = (lo + hi) / 2.0, float((hi - lo).max()) / 2.0 * (1.0 + 2.0 * margin)
        half = max(half, 1e-3)
        return cls(float(centre[0] - half), float(centre[0] + half), float(centre[1] - half), float(centre[1] + half), resolution)

    def axes(self) -> tuple[np.ndarray, np.ndarray]:
        """Column x values (left to right) and row y values (top to bottom)."""
        xs = np.linspace(self.xmin, self.xmax, self.resolution)
        ys = np.linspace(self.ymax, self.ymin, self.resolution)
        return xs, ys

    def points(self) -> np.ndarray:
        """All grid points row by row: (resolution**2, 2)."""
        xs, ys = self.axes()
        gx, gy = np.meshgrid(xs, ys)
        return np.stack([gx.ravel(), gy.ravel()], axis=1)


@dataclass(frozen=True)
class Snapshot:
    """The decision surface and the metrics after one epoch (the metrics' fields read through)."""

    probs: np.ndarray  # (res, res) float32 class-1 probability, or (k, res, res) per class; row 0 at the top
    metrics: EpochMetrics  # losses, accuracies and predictions of this epoch
    units: np.ndarray | None = None  # (hidden units, r, r) float16 activations, when recorded
    params: np.ndarray | None = None  # (parameters,) float32 flattened weights, when recorded

    epoch = property(lambda self: self.metrics.epoch, doc="1-based epoch.")
    train_loss = property(lambda self: self.metrics.train_loss, doc="Training loss.")
    test_loss = property(lambda self: self.metrics.test_loss, doc="Test loss.")
    train_acc = property(lambda self: self.metrics.train_acc, doc="Training accuracy.")
    test_acc = property(lambda self: self.metrics.test_acc, doc="Test accuracy.")
    train_pred = property(lambda self: self.metrics.train_pred, doc="(n_train,) predicted class.")
    test_pred = property(lambda self: self.metrics.test_pred, doc="(n_test,) predicted class.")


@functools.lru_cache(maxsize=4)
def _grid_tensor(grid: Grid) -> torch.Tensor:
    return torch.as_tensor(grid.points(), dtype=torch.float32)  # (resolution**2, 2), made once per grid


@torch.inference_mode()
def probability_grid(model: nn.Module, grid: Grid) -> np.ndarray:
    """Class-1 probability at every grid point (res, res) float32; for k > 2 logits, each class's (k, res, res)."""
    pts = _grid_tensor(grid)
    logits = model(pts)
    if logits.shape[1] == 1:
        probs = torch.sigmoid(logits).reshape(grid.resolution, grid.resolution)
    else:
        probs = torch.softmax(logits, dim=1).T.reshape(-1, grid.resolution, grid.resolution)
    return probs.numpy().astype(np.float32)
