"""The loss landscape beside the replay: loss over the plane of the weights' path, the path drawn up to now."""

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Dot, Group, ImageMobject, Line, Square, Text, VGroup, VMobject

from model.landscape import Landscape
from render.palette import PALETTE
from render.video_frames.panels import landscape_pixels
from scenes.ticker import FONT, LABEL_SIZE

__all__ = ["ReplayLandscape"]


class ReplayLandscape(Group):
    """The landscape as an image with the path taken; `show(k)` draws the path up to snapshot k."""

    def __init__(self, landscape: Landscape, side: float = 2.2) -> None:
        super().__init__()
        self.landscape, self._index = landscape, -1
        self.image = ImageMobject(landscape_pixels(landscape))
        self.image.height = side
        self.frame = Square(side).set_stroke(PALETTE.muted, width=1.5)
        final = self.to_scene(landscape.path[-1:])[0]
        d = 0.07
        self.final = VGroup(Line(final + (-d, -d, 0), final + (d, d, 0)), Line(final + (-d, d, 0), final + (d, -d, 0)))
        self.final.set_stroke(PALETTE.ink, width=2.5).set_stroke(PALETTE.screen, width=5, background=True)
        self.path = VMobject(stroke_color=PALETTE.ink, stroke_width=2.5)  # a dark halo keeps it visible on every shade
        self.path.set_stroke(PALETTE.screen, width=5.5, background=True)
        self.marker = Dot(radius=0.06, color=PALETTE.ink).set_stroke(PALETTE.screen, width=2)
        words = ("loss landscape", "log scale", "PCA plane" if landscape.kind == "pca" else "random plane", "× final")
        self.labels = VGroup(*(
            Text(line, font=FONT, font_size=LABEL_SIZE, color=PALETTE.ink if k == 0 else PALETTE.muted) for k, line in enumerate(words)
        )).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        self.labels.next_to(self.frame, RIGHT, buff=0.2).align_to(self.frame, UP)  # beside the image: it costs no height
        self.add(self.image, self.frame, self.final, self.path, self.marker, self.labels)
        self.show(0)

    def resize(self, side: float, beside: bool = True) -> "ReplayLandscape":
        """The image `side` units tall, its words at their own size beside it (or below it); the path redrawn over it."""
        drawing = Group(self.image, self.frame, self.final, self.path, self.marker)
        drawing.scale(side / self.image.height, about_edge=UP + LEFT)
        if beside:
            self.labels.next_to(self.frame, RIGHT, buff=0.2).align_to(self.frame, UP)
        else:
            self.labels.next_to(self.frame, DOWN, buff=0.2).align_to(self.frame, LEFT)
        shown, self._index = self._index, -1
        self.show(max(shown, 0))
        return self

    def to_scene(self, coords: np.ndarray) -> np.ndarray:
        """Path coordinates (n, 2) in the plane to scene points (n, 3) over the image, wherever it now is."""
        a, b = self.landscape.alphas, self.landscape.betas
        lo, hi = self.image.get_corner(DOWN + LEFT), self.image.get_corner(UP + RIGHT)
        u = (coords[:, 0] - a[0]) / (a[-1] - a[0])
        v = (coords[:, 1] - b[0]) / (b[-1] - b[0])
        return np.stack([lo[0] + u * (hi[0] - lo[0]), lo[1] + v * (hi[1] - lo[1]), np.zeros_like(u)], axis=1)

    def moving(self) -> Group:
        """The parts a new snapshot redraws."""
        return Group(self.path, self.marker)

    def show(self, index: int) -> None:
        """Draw the path from the start to snapshot `index` (the path's point index + 1)."""
        if index == self._index:
            return
        self._index = index
        pts = self.to_scene(self.landscape.path[: index + 2])
        self.path.set_points_as_corners(pts if len(pts) > 1 else np.repeat(pts, 2, axis=0))
        self.marker.move_to(pts[-1])
