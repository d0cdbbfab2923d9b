"""Raster helpers shared by the GIF frames and the Manim surface image."""

import numpy as np

__all__ = ["boundary_mask", "upsample"]


def _bilinear(n_out: int, n_in: int) -> tuple[np.ndarray, np.ndarray]:
    """Left sample index and weight of the right sample for each of n_out pixels on a line of n_in."""
    u = np.linspace(0.0, n_in - 1.0, n_out)
    i0 = np.minimum(np.floor(u).astype(np.intp), n_in - 2)
    return i0, (u - i0).astype(np.float32)


def upsample(probs: np.ndarray, size: int) -> np.ndarray:
    """Bilinear resize of a square (res, res) grid to (size, size) float32.

    Plain indexing rather than a matrix product: BLAS threads stall when the machine is busy.
    """
    probs = np.asarray(probs, dtype=np.float32)
    if probs.ndim != 2 or probs.shape[0] != probs.shape[1] or probs.shape[0] < 2:
        raise ValueError(f"probs must be a square grid of at least 2x2. Got shape {probs.shape} instead.")
    if isinstance(size, bool) or not isinstance(size, int) or size < 2:
        raise ValueError(f"image size must be an integer of at least 2. Got {size!r} instead.")
    i0, t = _bilinear(size, probs.shape[0])
    rows = probs[i0] * (1.0 - t)[:, None] + probs[i0 + 1] * t[:, None]  # (size, res)
    return rows[:, i0] * (1.0 - t)[None, :] + rows[:, i0 + 1] * t[None, :]  # (size, size)


def boundary_mask(p: np.ndarray, level: float = 0.5) -> np.ndarray:
    """Pixels on either side of where p crosses `level`: a two-pixel-wide decision boundary."""
    inside = p >= level
    edge = np.zeros_like(inside)
    edge[:, 1:] |= inside[:, 1:] != inside[:, :-1]
    edge[:, :-1] |= inside[:, 1:] != inside[:, :-1]
    edge[1:, :] |= inside[1:, :] != inside[:-1, :]
    edge[:-1, :] |= inside[1:, :] != inside[:-1, :]
    return edge
