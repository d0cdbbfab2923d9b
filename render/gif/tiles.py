"""Neuron tiles: every hidden unit's activation over the plane, by layer, joined by weight-coloured edges."""

import numpy as np
from PIL import Image, ImageDraw

from render.gif.frames import MUTED, PAPER, TEXT, dejavu_font
from render.gif.wide_palette import CLASS_SOLID, TILE_RAMP, TILE_STEPS
from render.gif.raster import upsample

__all__ = ["BOUNDED_ACTIVATIONS", "FAINT_EDGE", "MAX_LAYERS", "MAX_UNITS", "NeuronPanel", "check_tileable", "faint_edges", "weight_matrices"]

MAX_UNITS = 16  # units per layer that still tile legibly beside a 480-pixel frame
MAX_LAYERS = 4  # hidden layers
BOUNDED_ACTIVATIONS = ("tanh", "sigmoid")  # activations with a fixed range: tiles share one colour scale
FAINT_EDGE = 0.1  # edges weaker than this share of their layer's strongest are not drawn, in the GIF and the video
_LEFT = 16  # margin left of the input tiles


def faint_edges(weights: np.ndarray, scale: np.ndarray | float) -> np.ndarray:
    """True where an edge's |weight| is below FAINT_EDGE of `scale`, its layer's strongest: too faint to draw."""
    return np.abs(weights) < FAINT_EDGE * np.maximum(scale, 1e-12)


def check_tileable(hidden: tuple[int, ...]) -> None:
    """Refuse a network too wide or deep to draw one legible tile per unit."""
    if len(hidden) > MAX_LAYERS or max(hidden) > MAX_UNITS:
        raise ValueError(
            f"neuron tiles fit at most {MAX_UNITS} units per layer and {MAX_LAYERS} hidden layers. "
            f"Got hidden {','.join(map(str, hidden))} instead."
        )


def weight_matrices(params: np.ndarray, widths: tuple[int, ...]) -> list[np.ndarray]:
    """The (fan_out, fan_in) weight matrices of an MLP with layer `widths` from its flattened parameters."""
    mats, k = [], 0
    for fan_in, fan_out in zip(widths[:-1], widths[1:], strict=True):
        mats.append(np.asarray(params[k : k + fan_in * fan_out]).reshape(fan_out, fan_in))
        k += fan_in * fan_out + fan_out  # skip the bias
    return mats


class NeuronPanel:
    """Draw the inputs and hidden units as tiles in columns, `height` pixels tall, to the left of the surface."""

    def __init__(self, hidden: tuple[int, ...], activation: str, outputs: int, height: int, top: int, tile_res: int) -> None:
        """`outputs` is the number of logits: 1 for two classes, k for k classes."""
        check_tileable(hidden)
        self.hidden, self.outputs, self.activation = tuple(hidden), outputs, activation
        self.columns = (2, *hidden)  # x1, x2, then each hidden layer
        self.legend_h = max(24, round(height * 0.1))
        avail = height - top - self.legend_h
        pitch = avail / max(max(self.columns), 4)
        self.tile = max(8, min(int(pitch * 0.8), round(height * 0.14)))
        self.gap = int(np.clip(4 * self.tile, round(height * 0.12), round(height * 0.18)))  # room for the edges
        self.width = _LEFT + len(self.columns) * (self.tile + self.gap)
        self.height = height
        self._spots = []  # per column: (n, 2) top-left corners (row, col) of its tiles
        for c, n in enumerate(self.columns):
            x = _LEFT + c * (self.tile + self.gap)
            y0 = top + (avail - n * pitch) / 2 + (pitch - self.tile) / 2
            self._spots.append(np.array([[round(y0 + i * pitch), x] for i in range(n)]))
        mid = top + avail / 2
        self._out = np.array([[round(mid + (j - (outputs - 1) / 2) * pitch * 0.6), self.width - 2] for j in range(outputs)])
        xs = np.linspace(-1.0, 1.0, tile_res)
        inputs = np.stack([np.tile(xs, (tile_res, 1)), np.tile(xs[::-1, None], (1, tile_res))])  # x1, x2 over the plane
        self._inputs = self._colour(inputs, fixed=True)
        self._base = self._background()

    def _background(self) -> Image.Image:
        base = Image.new("P", (self.width, self.height), PAPER)
        draw = ImageDraw.Draw(base)
        small = dejavu_font(max(8, round(self.height * 0.024)))
        for c, spots in enumerate(self._spots):
            label = "input" if c == 0 else f"layer {c}"
            draw.text((spots[0, 1] + self.tile / 2, spots[0, 0] - 3), label, fill=TEXT, font=small, anchor="md")
        lines = ("edges: weight sign (blue +, orange \u2212),", "width |weight|; tile: unit activation")
        for k, line in enumerate(lines):
            draw.text((6, self.height - self.legend_h + 2 + k * (small.size + 2)), line, fill=MUTED, font=small)
        return base

    def _colour(self, values: np.ndarray, fixed: bool) -> np.ndarray:
        """(n, r, r) activations to (n, tile, tile) ramp indices: -1 orange, 0 white, +1 blue."""
        v = np.asarray(values, dtype=np.float32)
        if not fixed:  # unbounded activations: each tile on its own scale
            v = v / np.maximum(np.abs(v).reshape(len(v), -1).max(axis=1), 1e-6)[:, None, None]
        big = np.stack([upsample(t, self.tile) for t in v]) if v.shape[-1] != self.tile else v
        half = TILE_STEPS // 2
        return (TILE_RAMP + half + np.rint(np.clip(big, -1.0, 1.0) * half)).astype(np.uint8)

    def _centre(self, column: int, unit: int, side: str) -> tuple[float, float]:
        row, col = self._spots[column][unit]
        return (col + (self.tile if side == "right" else 0), row + self.tile / 2)

    def render(self, units: np.ndarray, params: np.ndarray) -> np.ndarray:
        """(height, width) uint8 panel for one snapshot's unit activations (units, r, r) and weights."""
        panel = self._base.copy()
        draw = ImageDraw.Draw(panel)
        mats = weight_matrices(params, (*self.columns, self.outputs))
        for c, w in enumerate(mats):
            scale = max(float(np.abs(w).max()), 1e-9)
            order = np.argsort(np.abs(w), axis=None)  # strong edges last, on top
            order = order[~faint_edges(w.ravel()[order], scale)]  # the faintest would only add clutter
            for flat in order:
                j, i = divmod(int(flat), w.shape[1])
                start = self._centre(c, i, "right")
                end = self._centre(c + 1, j, "left") if c + 1 < len(self.columns) else tuple(self._out[j % len(self._out)][::-1])
                colour = CLASS_SOLID + (1 if w[j, i] > 0 else 0)
                draw.line([start, end], fill=colour, width=1 + int(2.5 * (abs(w[j, i]) / scale) ** 2))
        if self.outputs > 1:
            for j, (row, col) in enumerate(self._out):
                draw.ellipse((col - 4, row - 4, col + 2, row + 4), fill=CLASS_SOLID + j)
        out = np.asarray(panel).copy()
        tiles = [self._inputs, self._colour(units, fixed=self.activation in BOUNDED_ACTIVATIONS)]
        k = 0
        for c, spots in enumerate(self._spots):
            source = tiles[0] if c == 0 else tiles[1]
            for u, (row, col) in enumerate(spots):
                out[row : row + self.tile, col : col + self.tile] = source[u if c == 0 else k]
                k += c != 0
        return out

    def tile_box(self, unit: int) -> tuple[int, int, int]:
        """(row, col, side) of hidden unit `unit`'s tile (units counted layer by layer) in the panel."""
        for spots in self._spots[1:]:
            if unit < len(spots):
                return int(spots[unit, 0]), int(spots[unit, 1]), self.tile
            unit -= len(spots)
        raise ValueError(f"unit must be below {sum(self.hidden)}. Got {unit} instead.")
