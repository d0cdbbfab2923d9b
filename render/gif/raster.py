"""Raster helpers shared by the GIF frames and the Manim surface image."""

import numpy as np
import torch
from torch.nn import functional

__all__ = ["band_indices", "upsample"]


def _square(probs: np.ndarray) -> torch.Tensor:
    grid = torch.as_tensor(np.asarray(probs, dtype=np.float32))
    if grid.ndim != 2 or grid.shape[0] != grid.shape[1] or grid.shape[0] < 2:
        raise ValueError(f"probs must be a square grid of at least 2x2. Got shape {tuple(grid.shape)} instead.")
    return grid


def _resize(grid: torch.Tensor, size: int) -> torch.Tensor:
    if isinstance(size, bool) or not isinstance(size, int) or size < 2:
        raise ValueError(f"image size must be an integer of at least 2. Got {size!r} instead.")
    # torch rather than NumPy: its allocator reuses buffers, where fresh NumPy arrays this size page-fault
    return functional.interpolate(grid[None, None], size=(size, size), mode="bilinear", align_corners=True)[0, 0]


def _edges(inside: np.ndarray) -> np.ndarray:
    """1 where a pixel's right or lower neighbour lies on the other side, and on that neighbour: a 2-pixel line."""
    inside = inside.view(np.uint8)
    across, down = inside[:, 1:] ^ inside[:, :-1], inside[1:, :] ^ inside[:-1, :]
    edge = np.zeros(inside.shape, dtype=np.uint8)
    edge[:, 1:] |= across
    edge[:, :-1] |= across
    edge[1:, :] |= down
    edge[:-1, :] |= down
    return edge


def upsample(probs: np.ndarray, size: int) -> np.ndarray:
    """Bilinear resize of a square (res, res) grid to (size, size) float32; the corners stay put."""
    return _resize(_square(probs), size).numpy()


def band_indices(probs: np.ndarray, size: int, bands: int, first: int, boundary: int) -> np.ndarray:
    """(size, size) uint8 palette indices: p cut into `bands` equal bands from index `first`, the 0.5 line `boundary`.

    `boundary` must have every bit of every band index set (such as 63 for indices below 64), so that
    OR-ing it in paints the line without a masked write.
    """
    if any(index | boundary != boundary for index in range(first, first + bands)):
        raise ValueError(f"boundary index must cover the bits of every band index. Got {boundary} instead.")
    p = _resize(_square(probs), size).numpy()
    index = np.minimum(p * bands, bands - 0.5).astype(np.uint8)  # p is in [0, 1]
    index += first
    index |= _edges(p >= 0.5) * np.uint8(boundary)
    return index
