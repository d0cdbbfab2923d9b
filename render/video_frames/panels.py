"""The network's tiles and edges and the loss landscape as the dark video shows them."""

import numpy as np

from model.landscape import Landscape
from render.gif.landscape_panel import loss_levels
from render.gif.tiles import faint_edges
from render.gif.wide_palette import LOSS_RAMP, wide_palette
from render.palette import PALETTE, hex_to_rgb

__all__ = ["LEVELS", "SIGN_COLOURS", "edge_levels", "landscape_pixels", "tile_pixels"]

LEVELS = 6  # stroke widths an edge can take, thinnest to thickest
SIGN_COLOURS = (PALETTE.class0, PALETTE.class1)  # negative, positive: Playground's orange and blue


def tile_pixels(values: np.ndarray, bounded: bool) -> np.ndarray:
    """(n, r, r) activations to (n, r, r, 4) uint8: orange at -1, the screen at 0, blue at +1."""
    v = np.asarray(values, dtype=np.float32)
    if not bounded:  # unbounded activations: each tile on its own scale
        v = v / np.maximum(np.abs(v).reshape(len(v), -1).max(axis=1), 1e-6)[:, None, None]
    v = np.clip(v, -1.0, 1.0)[..., None]  # (n, r, r, 1)
    screen = np.array(hex_to_rgb(PALETTE.screen), dtype=np.float32)
    low, high = (np.array(hex_to_rgb(c), dtype=np.float32) for c in SIGN_COLOURS)
    rgb = screen + (np.where(v < 0, low, high) - screen) * np.abs(v)
    out = np.empty((*v.shape[:3], 4), dtype=np.uint8)
    out[..., :3] = np.rint(rgb).astype(np.uint8)
    out[..., 3] = 255
    return out


def edge_levels(weights: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Each edge's width level 0..LEVELS-1 from |weight| / its layer's run-wide largest; -1 where too faint to draw."""
    share = np.abs(weights) / np.maximum(scale, 1e-12)
    levels = np.minimum((share * LEVELS).astype(int), LEVELS - 1)
    return np.where(faint_edges(weights, scale), -1, levels)


def landscape_pixels(landscape: Landscape, size: int = 160) -> np.ndarray:
    """(size, size, 4) uint8 image of log10 loss, dark (low) to light (high), largest beta at the top."""
    rgb = np.frombuffer(wide_palette(), dtype=np.uint8).reshape(-1, 3)[LOSS_RAMP + loss_levels(landscape.loss, size)]
    return np.concatenate([rgb, np.full((size, size, 1), 255, dtype=np.uint8)], axis=2)
