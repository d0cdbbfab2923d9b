"""Decision surfaces as the dark video shows them: class tints, boundaries in ink, points' outline colours."""

import numpy as np

from model.data import MAX_CLASSES
from render.gif.raster import upsample
from render.palette import PALETTE, hex_to_rgb

__all__ = ["LINE_PX", "TINT", "class_pixels", "outline_colour", "surface_pixels"]

TINT = (0.12, 0.5)  # opacity of the winning colour over the screen: at a k-way tie (p = 1/k) and at full confidence
LINE_PX = 1.6  # half-width of a boundary line, in image pixels
_DARK = 60.0  # RGB distance to the screen below which a colour needs a light outline to be seen


def outline_colour(colour: str) -> str:
    """The edge that keeps a point of `colour` visible on the video: the screen, or grey for a colour as dark as it."""
    gap = np.subtract(hex_to_rgb(colour), hex_to_rgb(PALETTE.screen))
    return PALETTE.muted if float(np.linalg.norm(gap)) < _DARK else PALETTE.screen


def class_pixels(probs: np.ndarray, size: int = 240) -> np.ndarray:
    """Colour a (k, res, res) grid of class probabilities into a (size, size, 4) uint8 image; class boundaries in ink."""
    probs = np.asarray(probs, dtype=np.float32)
    if probs.ndim != 3 or not 2 <= probs.shape[0] <= MAX_CLASSES:
        raise ValueError(f"probs must be (classes, n, n) with 2 to {MAX_CLASSES} classes. Got shape {probs.shape} instead.")
    k = probs.shape[0]
    p = np.stack([upsample(grid, size) for grid in probs])  # (k, size, size)
    winner = p.argmax(axis=0)  # (size, size)
    runner_up, top = np.partition(p, k - 2, axis=0)[k - 2 :]  # (size, size) each: second-largest and largest
    screen = np.array(hex_to_rgb(PALETTE.screen), dtype=np.float32)
    shown = [PALETTE.muted if outline_colour(c) == PALETTE.muted else c for c in PALETTE.classes(k)]  # black: grey tint
    colours = np.array([hex_to_rgb(c) for c in shown], dtype=np.float32)  # (k, 3)
    sure = np.clip((top - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)  # 0 at a k-way tie, 1 when certain
    alpha = TINT[0] + (TINT[1] - TINT[0]) * sure
    rgb = screen + (colours[winner] - screen) * alpha[..., None]  # (size, size, 3)
    # class c's margin over the best other class: positive inside its region, zero on its boundary
    margin = p - np.where(np.arange(k)[:, None, None] == winner, runner_up, top)  # (k, size, size)
    gy, gx = np.gradient(margin, axis=(1, 2))
    distance = np.abs(margin) / np.maximum(np.hypot(gx, gy), 1e-6)  # pixels to each class's boundary
    line = np.clip(LINE_PX - distance, 0.0, 1.0).max(axis=0)[..., None]  # (size, size, 1) coverage of any boundary
    rgb = rgb * (1.0 - line) + np.array(hex_to_rgb(PALETTE.ink), dtype=np.float32) * line
    out = np.empty((size, size, 4), dtype=np.uint8)
    out[..., :3] = np.rint(rgb).astype(np.uint8)
    out[..., 3] = 255
    return out


def surface_pixels(probs: np.ndarray, size: int = 240) -> np.ndarray:
    """Colour a (res, res) class-1 probability grid, or (k, res, res) class probabilities, into a (size, size, 4) uint8 image; boundaries in ink."""
    if np.ndim(probs) == 3:
        return class_pixels(probs, size)
    p = upsample(probs, size)  # (size, size)
    screen = np.array(hex_to_rgb(PALETTE.screen), dtype=np.float32)
    colours = np.array([hex_to_rgb(PALETTE.class0), hex_to_rgb(PALETTE.class1)], dtype=np.float32)
    inside = p >= 0.5
    alpha = TINT[0] + (TINT[1] - TINT[0]) * np.abs(2.0 * p - 1.0)
    rgb = screen + (colours[inside.astype(np.intp)] - screen) * alpha[..., None]  # (size, size, 3)
    gy, gx = np.gradient(p)  # distance to the p = 0.5 contour is about |p - 0.5| / |grad p| pixels
    distance = np.abs(p - 0.5) / np.maximum(np.hypot(gx, gy), 1e-6)
    line = np.clip(LINE_PX - distance, 0.0, 1.0)[..., None]  # (size, size, 1) coverage of the boundary
    rgb = rgb * (1.0 - line) + np.array(hex_to_rgb(PALETTE.ink), dtype=np.float32) * line
    out = np.empty((size, size, 4), dtype=np.uint8)
    out[..., :3] = np.rint(rgb).astype(np.uint8)
    out[..., 3] = 255
    return out
