"""The loss landscape panel: loss over a plane of weight space as shaded bands, and the path taken so far."""

import numpy as np
from PIL import Image, ImageDraw

from model.landscape import Landscape
from render.gif.frames import MARKER, PAPER, TEXT, dejavu_font
from render.gif.wide_palette import LOSS_RAMP, LOSS_STEPS
from render.gif.raster import upsample

__all__ = ["LandscapePanel", "loss_levels", "plane_words"]


def plane_words(kind: str) -> str:
    """What spans the landscape's plane, for its caption."""
    return "PCA plane of the weights' path" if kind == "pca" else "random filter-normalised plane"


def loss_levels(loss: np.ndarray, side: int) -> np.ndarray:
    """(side, side) shade 0..LOSS_STEPS-1 of log10 `loss` (steps, steps), lowest to highest, largest beta in row 0."""
    log = np.log10(np.maximum(loss, 1e-12))[::-1]  # row 0 at the top: the largest beta
    span = max(float(log.max() - log.min()), 1e-9)
    return np.clip((upsample((log - log.min()) / span, side) * LOSS_STEPS).astype(int), 0, LOSS_STEPS - 1)


class LandscapePanel:
    """Draw `landscape` in a (height, side) panel; `render(k)` draws the path up to its k-th point."""

    def __init__(self, landscape: Landscape, height: int, top: int) -> None:
        self.height, self.top = height, top
        self.side = height - top - max(14, round(height * 0.05))  # square plot, a caption line below it
        self.width = self.side + 16
        levels = loss_levels(landscape.loss, self.side)
        a, b = landscape.alphas, landscape.betas
        path = landscape.path
        cols = 8 + (path[:, 0] - a[0]) / (a[-1] - a[0]) * (self.side - 1)
        rows = top + (b[-1] - path[:, 1]) / (b[-1] - b[0]) * (self.side - 1)
        self.points = np.stack([cols, rows], axis=1)  # (points, 2) pixel (x, y) of each recorded weight vector
        base = Image.new("P", (self.width, height), PAPER)
        draw = ImageDraw.Draw(base)
        small = dejavu_font(max(8, round(height * 0.024)))
        draw.text((8, top - 3), "loss landscape (log scale)", fill=TEXT, font=small, anchor="ld")
        caption = f"{plane_words(landscape.kind)}; \u00d7 final"
        draw.text((8, top + self.side + 3), caption, fill=TEXT, font=small, anchor="lt")
        pixels = np.asarray(base).copy()
        pixels[top : top + self.side, 8 : 8 + self.side] = LOSS_RAMP + levels
        self._base = Image.frombytes("P", base.size, pixels.tobytes())
        centre = self.points[-1]
        d = 4
        final = ImageDraw.Draw(self._base)
        final.line([(centre[0] - d, centre[1] - d), (centre[0] + d, centre[1] + d)], fill=PAPER, width=2)
        final.line([(centre[0] - d, centre[1] + d), (centre[0] + d, centre[1] - d)], fill=PAPER, width=2)

    def render(self, upto: int) -> np.ndarray:
        """(height, width) uint8 panel with the path from the start to point `upto` (0 is the start)."""
        panel = self._base.copy()
        draw = ImageDraw.Draw(panel)
        pts = [tuple(p) for p in self.points[: upto + 1]]
        if len(pts) > 1:
            draw.line(pts, fill=MARKER, width=2)
        x, y = pts[-1]
        draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=MARKER, outline=TEXT)
        return np.asarray(panel)
