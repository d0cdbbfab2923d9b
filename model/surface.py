"""The decision surface: a fixed grid over the data and the class-1 probability on it."""

import functools
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

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
    """The decision surface and the metrics after one epoch."""

    epoch: int  # 1-based
    probs: np.ndarray  # (resolution, resolution) float32, class-1 probability, row 0 at the top
    train_loss: float
    test_loss: float
    train_acc: float
    test_acc: float
    train_pred: np.ndarray  # (n_train,) int64 predicted class
    test_pred: np.ndarray  # (n_test,) int64 predicted class


@functools.lru_cache(maxsize=4)
def _grid_tensor(grid: Grid) -> torch.Tensor:
    return torch.as_tensor(grid.points(), dtype=torch.float32)  # (resolution**2, 2), made once per grid


@torch.inference_mode()
def probability_grid(model: nn.Module, grid: Grid) -> np.ndarray:
    """Class-1 probability of `model` at every grid point: (resolution, resolution) float32."""
    pts = _grid_tensor(grid)
    probs = torch.sigmoid(model(pts)).reshape(grid.resolution, grid.resolution)
    return probs.numpy().astype(np.float32)
