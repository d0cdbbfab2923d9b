"""The 256-colour GIF palette of frames with many classes, neuron tiles or a loss landscape."""

# Its first 64 entries are `gif_palette()` itself, so every index the binary frames use means the
# same colour here; the rest adds class shades, a diverging ramp for activations and a ramp for loss.

from functools import lru_cache

import numpy as np

from render.gif.frames import blend_on_paper, gif_palette
from render.palette import PALETTE, hex_to_rgb

__all__ = ["CLASS_SHADE", "CLASS_SOLID", "LOSS_RAMP", "LOSS_STEPS", "SHADES", "TILE_RAMP", "TILE_STEPS", "class_index", "wide_palette"]

SHADES = 4  # shades per class, from barely sure to certain
CLASS_SHADE = 64  # class c, shade s (0 faint .. 3 strong): CLASS_SHADE + c * SHADES + s
CLASS_SOLID = CLASS_SHADE + 8 * SHADES  # class c's full colour: CLASS_SOLID + c
TILE_STEPS = 17  # odd: the middle step is zero activation (paper white)
TILE_RAMP = CLASS_SOLID + 8  # activation -1 (class 0 orange) .. 0 (white) .. +1 (class 1 blue)
LOSS_STEPS = 32
LOSS_RAMP = TILE_RAMP + TILE_STEPS  # low loss (dark) .. high loss (light)
_VIRIDIS = ("#440154", "#3B528B", "#21918C", "#5EC962", "#FDE725")  # anchors of a perceptually even ramp


def class_index(y: np.ndarray) -> np.ndarray:
    """Palette index of each label's solid colour (uint8)."""
    return (CLASS_SOLID + np.asarray(y)).astype(np.uint8)


def _ramp(anchors: tuple[str, ...], steps: int) -> list[tuple[int, int, int]]:
    rgb = np.array([hex_to_rgb(a) for a in anchors], dtype=float)
    t = np.linspace(0, len(anchors) - 1, steps)
    lo = np.minimum(t.astype(int), len(anchors) - 2)
    mix = (t - lo)[:, None]
    return [tuple(int(round(v)) for v in row) for row in rgb[lo] * (1 - mix) + rgb[lo + 1] * mix]


@lru_cache(maxsize=1)
def wide_palette() -> bytes:
    """768 bytes: `gif_palette()`, then class shades and solids, the activation ramp, the loss ramp."""
    base = gif_palette()
    colours = [tuple(base[k : k + 3]) for k in range(0, len(base), 3)]
    classes = PALETTE.classes(8)
    for c in classes:
        colours += [blend_on_paper(c, 0.12 + 0.5 * s / (SHADES - 1)) for s in range(SHADES)]
    colours += [hex_to_rgb(c) for c in classes]
    half = TILE_STEPS // 2
    for step in range(TILE_STEPS):  # -1 .. +1
        strength = abs(step - half) / half
        colours.append(blend_on_paper(PALETTE.class0 if step < half else PALETTE.class1, strength) if step != half else hex_to_rgb(PALETTE.paper))
    colours += _ramp(_VIRIDIS, LOSS_STEPS)
    colours += [(k % 256, 1, 3 + k // 256) for k in range(256 - len(colours))]  # unused: distinct dark colours
    seen: set[tuple[int, ...]] = set(colours[:64])
    for k in range(64, 256):  # Pillow maps by colour: every entry must be distinct
        rgb = colours[k]
        for step in (0, -1, 1, -2, 2, -3, 3, -4, 4):  # nudge the blue channel invisibly until it is new
            candidate = (rgb[0], rgb[1], min(max(rgb[2] + step, 0), 255))
            if candidate not in seen:
                break
        rgb = candidate
        colours[k] = rgb
        seen.add(rgb)
    return bytes(c for rgb in colours for c in rgb)
