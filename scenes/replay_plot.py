"""One metric of the replay over the epochs: axes, train and test curves grown to the shown epoch, a marker."""

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, Dot, Line, Text, VGroup, VMobject

from render.files.snapshots import SnapshotRun
from render.palette import PALETTE
from scenes.ticker import FONT, LABEL_SIZE

__all__ = ["MetricPlot"]


class MetricPlot(VGroup):
    """Axes of one metric over the epochs: train and test curves grow to the shown epoch, a dot marks it."""

    def __init__(self, run: SnapshotRun, metric: str, title: str, y_max: float, width: float = 5.2, height: float = 2.2,
                 x_labels: bool = True, curve_key: bool = False) -> None:
        super().__init__()
        if metric not in ("loss", "acc"):
            raise ValueError(f"metric must be 'loss' or 'acc'. Got {metric!r} instead.")
        self.epochs = np.array([s.epoch for s in run.snapshots], dtype=float)
        self.values = {k: np.array([getattr(s, f"{k}_{metric}") for s in run.snapshots]) for k in ("train", "test")}
        self.span = max(run.epochs, int(self.epochs[-1]))
        self.metric, self.title, self.y_max, self.x_labels, self.curve_key = metric, title, y_max, x_labels, curve_key
        self.curves = {
            "train": VMobject(stroke_color=PALETTE.ink, stroke_width=3),
            "test": VMobject(stroke_color=PALETTE.muted, stroke_width=2.5),
        }
        self.marker = Dot(radius=0.07, color=PALETTE.highlight)
        self._index = 0
        self.resize(width, height)

    def resize(self, width: float, height: float) -> "MetricPlot":
        """New axes `width` x `height` in place of the old ones; the labels keep their size, the curves are redrawn."""
        at = self.axes.get_corner(DOWN + LEFT) if hasattr(self, "axes") else None
        span, y_max = self.span, self.y_max
        self.axes = Axes(
            x_range=[0, span, max(span // 5, 1)], y_range=[0, y_max, y_max / 4], x_length=width, y_length=height,
            tips=False, axis_config={"color": PALETTE.muted, "stroke_width": 2, "tick_size": 0.05},
        )
        if at is not None:
            self.axes.shift(at - self.axes.get_corner(DOWN + LEFT))
        self.labels = self._labels()
        self.submobjects = []
        self.add(self.axes, self.labels, self.curves["test"], self.curves["train"], self.marker)
        self.show(self._index)
        return self

    def _point(self, kind: str, index: int) -> np.ndarray:
        return self.axes.c2p(self.epochs[index], self.values[kind][index])

    def moving(self) -> VGroup:
        """The parts that change with the epoch."""
        return VGroup(*self.curves.values(), self.marker)

    def _labels(self) -> VGroup:
        """Ticks at both ends of each axis (and the middle of a tall one), the x axis named, the head above."""
        def label(words: str, colour: str = PALETTE.muted) -> Text:
            return Text(words, font=FONT, font_size=LABEL_SIZE, color=colour)

        span, y_max = self.span, self.y_max
        fmt = (lambda v: f"{v:.0%}") if self.metric == "acc" else (lambda v: f"{v:.2g}")
        levels = (0.0, y_max / 2, y_max) if self.axes.height >= 1.5 else (0.0, y_max)
        y_ticks = VGroup(*(label(fmt(v)).next_to(self.axes.c2p(0, v), LEFT, buff=0.15) for v in levels))
        x_ticks = VGroup()
        if self.x_labels:  # the ends' numbers lie inside the axis, clear of the y ticks
            x_ticks.add(label("0").next_to(self.axes.c2p(0, 0), DOWN, buff=0.12).align_to(self.axes, LEFT),
                        label(str(span)).next_to(self.axes.c2p(span, 0), DOWN, buff=0.12).align_to(self.axes, RIGHT),
                        label("epoch").next_to(self.axes.c2p(span / 2, 0), DOWN, buff=0.12))
        parts = [label(self.title, PALETTE.ink)]
        if self.curve_key:  # which curve is which, in the head: a white line for train, a grey one for test
            for curve, word in ((self.curves["train"], "train"), (self.curves["test"], "test")):
                parts += [Line(LEFT * 0.2, RIGHT * 0.2).set_stroke(curve.get_stroke_color(), curve.get_stroke_width()), label(word)]
        self.head = VGroup(*parts).arrange(RIGHT, buff=0.15)
        for k in range(1, len(parts) - 1, 2):
            parts[k].shift(RIGHT * 0.15 * (1 + k // 2))  # a wider gap before each entry
            parts[k + 1].shift(RIGHT * 0.15 * (1 + k // 2))
        self.head.next_to(self.axes, UP, buff=0.18).align_to(y_ticks, LEFT)  # over the ticks too: a long head fits a narrow plot
        return VGroup(y_ticks, x_ticks, self.head)

    def show(self, index: int) -> None:
        """Grow the curves to snapshot `index` and put the marker on the train curve there."""
        self._index = index
        for kind, curve in self.curves.items():  # from the axes as they are now, wherever they were moved
            pts = self.axes.c2p(self.epochs[: index + 1], self.values[kind][: index + 1]).T  # (index + 1, 3)
            curve.set_points_as_corners(pts if len(pts) > 1 else np.repeat(pts, 2, axis=0))
        self.marker.move_to(self._point("train", index))
