"""Draw decision-surface snapshots into palette-indexed frames with NumPy (no matplotlib per frame)."""

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from model.data import Dataset
from model.surface import Grid, Snapshot
from render.gif.glyphs import GlyphText
from render.palette import PALETTE, hex_to_rgb
from render.gif.raster import band_indices

__all__ = ["BOUNDARY", "CLASS0", "CLASS1", "MARKER", "MUTED", "PAPER", "TEXT", "WRONG", "FrameLayout", "FrameRenderer", "blend_on_paper", "dejavu_font", "gif_palette"]

_RAMP = 16  # grey levels from text colour (0) to white (15), for anti-aliased text
_BANDS = 16  # probability bands, like contourf levels: small GIFs, smooth enough
_BAND0 = _RAMP
_SOLID = _BAND0 + _BANDS
_COLOURS = 64  # palette size: every colour a frame uses, padded; small tables encode faster
TEXT = 0  # the ramp's darkest step is the text colour: labels, the train-loss curve, point outlines
CLASS0, CLASS1, WRONG, MARKER, MUTED, PAPER = range(_SOLID, _SOLID + 6)
BOUNDARY = _COLOURS - 1  # all bits set: the surface ORs it in (see band_indices)


def blend_on_paper(colour: str, alpha: float) -> tuple[int, ...]:
    """`colour` at opacity `alpha` over the paper colour, as an (r, g, b) tuple."""
    rgb, white = np.array(hex_to_rgb(colour)), np.array(hex_to_rgb(PALETTE.paper))
    return tuple(int(round(v)) for v in alpha * rgb + (1 - alpha) * white)


@lru_cache(maxsize=1)
def gif_palette() -> bytes:
    """The 64-colour GIF palette shared by every frame: text ramp, bands, solid colours."""
    text, paper = np.array(hex_to_rgb(PALETTE.text)), np.array(hex_to_rgb(PALETTE.paper))
    colours = [tuple(int(round(v)) for v in text + (paper - text) * k / (_RAMP - 1)) for k in range(_RAMP)]
    half = _BANDS // 2
    for band in range(_BANDS):  # band b covers p in [b/B, (b+1)/B)
        strength = (half - band) / half if band < half else (band - half + 1) / half
        colours.append(blend_on_paper(PALETTE.class0 if band < half else PALETTE.class1, 0.08 + 0.42 * strength))
    for colour in (PALETTE.class0, PALETTE.class1, PALETTE.mismatch, PALETTE.gradient, PALETTE.muted, PALETTE.paper):
        colours.append(hex_to_rgb(colour))
    colours += [(k, 0, 1) for k in range(_COLOURS - 1 - len(colours))]  # unused: distinct dark colours
    colours.append(hex_to_rgb(PALETTE.boundary))  # the last index, BOUNDARY
    # Pillow maps frames to this palette by colour; a duplicate entry would send it down a slow path.
    seen: set[tuple[int, ...]] = set()
    for k, rgb in enumerate(colours):  # a solid colour may equal a ramp step: nudge it invisibly
        while rgb in seen:
            rgb = (rgb[0], rgb[1], rgb[2] - 1 if rgb[2] else 1)
        colours[k] = rgb
        seen.add(rgb)
    return bytes(c for rgb in colours for c in rgb)


@lru_cache(maxsize=8)
def dejavu_font(size: int) -> ImageFont.FreeTypeFont:
    """The palette's FONT (DejaVu Sans, bundled with matplotlib) at `size` pixels, found without importing matplotlib."""
    mpl = Path(importlib.util.find_spec("matplotlib").origin).parent
    return ImageFont.truetype(str(mpl / "mpl-data/fonts/ttf/DejaVuSans.ttf"), size)


@dataclass(frozen=True)
class FrameLayout:
    """Where things go in a square frame of `size` pixels."""

    size: int
    grid: Grid

    @property
    def header(self) -> int:
        """Height of the text strip at the top."""
        return max(20, round(self.size * 0.075))

    @property
    def plot(self) -> int:
        """Side of the square plot area under the header."""
        return self.size - self.header

    @property
    def left(self) -> int:
        """First pixel column of the plot area."""
        return (self.size - self.plot) // 2

    def to_pixel(self, x: np.ndarray) -> np.ndarray:
        """Data points (n, 2) to frame pixel (row, col) as float (n, 2)."""
        g, side = self.grid, self.plot - 1
        col = self.left + (x[:, 0] - g.xmin) / (g.xmax - g.xmin) * side
        row = self.header + (g.ymax - x[:, 1]) / (g.ymax - g.ymin) * side
        return np.stack([row, col], axis=1)


def _disc(radius: float, inner: float = -1.0) -> tuple[np.ndarray, np.ndarray]:
    """Offsets (dr, dc) of pixels whose centre lies in the annulus inner < d <= radius."""
    r = int(np.ceil(radius))
    dr, dc = np.mgrid[-r : r + 1, -r : r + 1]
    d = np.hypot(dr, dc)
    keep = (d <= radius) & (d > inner)
    return dr[keep], dc[keep]


class FrameRenderer:
    """Render snapshots of one run into (size, size) uint8 frames indexing `gif_palette()`."""

    def __init__(self, grid: Grid, data: Dataset, epochs: int, size: int = 480) -> None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 120:
            raise ValueError(f"frame size must be an integer of at least 120 pixels. Got {size!r} instead.")
        self.layout = FrameLayout(size, grid)
        self.data, self.epochs = data, epochs
        self.palette = gif_palette()  # the colour table the frames index
        lay = self.layout
        self._text = GlyphText(dejavu_font(max(10, round(size * 0.034))))
        self._ramp = ((np.arange(256) * (_RAMP - 1) + 127) // 255).astype(np.uint8)  # coverage -> ramp step
        self._small = dejavu_font(max(8, round(size * 0.024)))
        r = size / 80.0
        self._stamps = {
            "fill": _disc(r - 1.0), "edge": _disc(r, r - 1.2), "ring": _disc(r, r - 2.6),
            "error": _disc(r + 3.2, r + 1.2),
        }
        self._centres = {k: np.rint(lay.to_pixel(x)).astype(int) for k, x in (("train", data.x_train), ("test", data.x_test))}
        self._point_pixels, self._point_colours = self._static_points()
        self._error_rings = self._stamp_pixels(np.concatenate([self._centres["train"], self._centres["test"]]), "error")
        self._inset_base: Image.Image | None = None
        self._legend_patch = self._legend()
        self._curves: tuple[list, list] = ([], [])  # inset pixel points of train and test loss so far
        self._loss_top: float | None = None

    def _stamp_pixels(self, centres: np.ndarray, stamp: str) -> np.ndarray:
        """Flat frame indices (points, pixels) of `stamp` placed at each centre, clipped to the frame."""
        dr, dc = self._stamps[stamp]
        side = self.layout.size
        rows = (centres[:, :1] + dr[None, :]).clip(0, side - 1)
        cols = (centres[:, 1:] + dc[None, :]).clip(0, side - 1)
        return rows * side + cols

    def _static_points(self) -> tuple[np.ndarray, np.ndarray]:
        """Pixels and colours of every point (edge, then fill or ring): the same in every frame."""
        idx, col = [], []
        for kind, y in (("train", self.data.y_train), ("test", self.data.y_test)):
            centres, colour = self._centres[kind], self._point_colours(y)
            for stamp, paint in (("edge", np.full(len(y), TEXT)), ("fill" if kind == "train" else "ring", colour)):
                pix = self._stamp_pixels(centres, stamp)
                idx.append(pix.ravel())
                col.append(np.repeat(paint, pix.shape[1]))
        return np.concatenate(idx), np.concatenate(col).astype(np.uint8)

    def _point_colours(self, y: np.ndarray) -> np.ndarray:
        """Palette index of each point's true class."""
        return np.where(y == 1, CLASS1, CLASS0)

    def _surface(self, frame: np.ndarray, probs: np.ndarray) -> None:
        lay = self.layout
        frame[lay.header :, lay.left : lay.left + lay.plot] = band_indices(probs, lay.plot, _BANDS, _BAND0, BOUNDARY)

    def _points(self, frame: np.ndarray, snap: Snapshot) -> None:
        flat = frame.reshape(-1)
        wrong = np.concatenate([snap.train_pred != self.data.y_train, snap.test_pred != self.data.y_test])
        if wrong.any():  # ring the mistakes first, so the points sit on top
            flat[self._error_rings[wrong].ravel()] = WRONG
        flat[self._point_pixels] = self._point_colours

    def _header(self, frame: np.ndarray, snap: Snapshot) -> None:
        lay = self.layout
        ink = np.zeros((lay.header, lay.size), dtype=np.uint8)
        loss = f"{snap.train_loss:.3f}" if snap.train_loss >= 0.001 else f"{snap.train_loss:.1e}"
        text = (
            f"epoch {snap.epoch}/{self.epochs}   loss {loss}   "
            f"train {snap.train_acc:.0%}   test {snap.test_acc:.0%}"
        )
        self._text.draw(ink, lay.left, (lay.header + self._text.cap_height) // 2, text)
        frame[: lay.header] = _RAMP - 1 - self._ramp[ink]  # coverage to grey ramp: 0 is ink, 15 is paper

    def _loss_inset(self, frame: np.ndarray, snap: Snapshot) -> None:
        lay = self.layout
        w, h, pad = round(lay.size * 0.3), round(lay.size * 0.15), round(lay.size * 0.02)
        top, left = lay.size - h - pad, lay.left + lay.plot - w - pad
        x0, x1, y0, y1 = 6, w - 6, h - 6, 16
        if self._loss_top is None:  # fixed from the first frame on, so the curve never rescales
            self._loss_top = max(snap.train_loss, snap.test_loss, 1e-6) * 1.1
        fx = x0 + (snap.epoch - 1) / max(self.epochs - 1, 1) * (x1 - x0)
        train_y, test_y = (y0 + min(v / self._loss_top, 1.0) * (y1 - y0) for v in (snap.train_loss, snap.test_loss))
        self._curves[0].append((fx, train_y))
        self._curves[1].append((fx, test_y))
        if self._inset_base is None:  # box, axis and label never change
            self._inset_base = Image.new("P", (w, h), PAPER)
            base = ImageDraw.Draw(self._inset_base)
            base.rectangle((0, 0, w - 1, h - 1), outline=MUTED)
            base.line([(x0, y0), (x1, y0)], fill=MUTED)
            base.text((6, 2), "loss (train, test)", fill=TEXT, font=self._small)
        inset = self._inset_base.copy()
        draw = ImageDraw.Draw(inset)
        if len(self._curves[0]) > 1:
            draw.line(self._curves[1], fill=MUTED, width=1)  # test loss under train loss
            draw.line(self._curves[0], fill=TEXT, width=2)
        draw.ellipse((fx - 3, train_y - 3, fx + 3, train_y + 3), fill=MARKER)
        frame[top : top + h, left : left + w] = np.asarray(inset)

    def _legend(self) -> np.ndarray:
        """A small key in the bottom-left corner: filled = train, hollow = test, ringed = wrong."""
        lay = self.layout
        w, h = round(lay.size * 0.27), round(lay.size * 0.15)
        patch = Image.new("P", (w, h), PAPER)
        draw = ImageDraw.Draw(patch)
        draw.rectangle((0, 0, w - 1, h - 1), outline=MUTED)
        rows = [h * (k + 0.5) / 3 for k in range(3)]
        for row, label in zip(rows, ("train point", "test point", "misclassified"), strict=True):
            draw.text((round(lay.size * 0.06), row), label, fill=TEXT, font=self._small, anchor="lm")
        legend = np.asarray(patch).copy()
        centres = np.array([[round(r), round(lay.size * 0.03)] for r in rows])
        for k, stamps in enumerate((("edge", "fill"), ("edge", "ring"), ("error", "edge", "fill"))):
            for stamp in stamps:
                dr, dc = self._stamps[stamp]
                paint = {"error": WRONG, "edge": TEXT}.get(stamp, CLASS1 if k != 1 else CLASS0)
                legend[(centres[k, 0] + dr).clip(0, h - 1), (centres[k, 1] + dc).clip(0, w - 1)] = paint
        return legend

    def render(self, snap: Snapshot) -> np.ndarray:
        """One frame for `snap`; call in epoch order (the loss inset accumulates)."""
        frame = np.full((self.layout.size, self.layout.size), PAPER, dtype=np.uint8)
        self._surface(frame, snap.probs)
        self._points(frame, snap)
        self._header(frame, snap)
        self._loss_inset(frame, snap)
        lh, lw = self._legend_patch.shape
        pad = round(self.layout.size * 0.02)
        frame[self.layout.size - lh - pad : self.layout.size - pad, self.layout.left + pad : self.layout.left + pad + lw] = self._legend_patch
        return frame
