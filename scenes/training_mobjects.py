"""Reusable pieces of the training replay: the surface image, the points, the curves and the epoch readout."""

import re
from dataclasses import dataclass, field, replace

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Axes,
    Circle,
    Dot,
    Group,
    ImageMobject,
    Line,
    Square,
    Text,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
)

from model.surface import Snapshot
from render.palette import PALETTE
from render.files.snapshots import SnapshotRun
from render.video_frames.surface import outline_colour, surface_pixels
from scenes.replay_panels import ReplayPanels
from scenes.ticker import FONT, Ticker

__all__ = [
    "FONT",
    "DecisionSurface",
    "MetricPlot",
    "ReplayBoard",
    "epoch_index",
    "legend",
    "make_replay_animation",
    "readout_text",
]



def epoch_index(progress: float, count: int) -> int:
    """Snapshot index shown at `progress` in [0, 1] of the (already time-warped) replay."""
    return int(round(min(max(progress, 0.0), 1.0) * (count - 1)))


def readout_text(snap: Snapshot, epochs: int, loss_digits: int = 1) -> str:
    """The line under the title, numbers right-aligned in fixed slots: epoch, train loss, both accuracies."""
    width = len(str(epochs))
    return (
        f"epoch {snap.epoch:>{width}}/{epochs}  loss {snap.train_loss:>{loss_digits + 5}.4f}  "
        f"train {snap.train_acc:>4.0%}  test {snap.test_acc:>4.0%}"
    )


def _cloud(centres: np.ndarray, radius: float) -> VMobject:
    """Circles at `centres` (n, 3) as the subpaths of one path: one draw call instead of n."""
    ring = Circle(radius=radius).points  # (k, 3)
    cloud = VMobject(fill_opacity=0.0)
    if len(centres):
        cloud.set_points(np.concatenate([ring + c for c in centres]))
    return cloud


class DecisionSurface(Group):
    """The decision surface as an image with the data points on top; `show(k)` swaps in snapshot k."""

    def __init__(self, run: SnapshotRun, side: float = 6.0, image_size: int = 240, dot_radius: float = 0.07) -> None:
        super().__init__()
        self.run, self.image_size, self._index = run, image_size, 0
        self.image = ImageMobject(surface_pixels(run.snapshots[0].probs, image_size))
        self.image.height = side
        self.frame = Square(side, color=PALETTE.muted, stroke_width=2)
        self.dots = self._dots(dot_radius)
        self._ring = dot_radius * 1.9
        self.mistakes = VMobject(fill_opacity=0.0).set_stroke(PALETTE.highlight, width=2.5)  # the highlight role: never a class's colour
        self._ring_mistakes(0)
        self.add(self.image, self.frame, self.dots, self.mistakes)

    def to_scene(self, x: np.ndarray) -> np.ndarray:
        """Data points (n, 2) to scene coordinates (n, 3) over the image."""
        g = self.run.grid
        lo, hi = self.frame.get_corner(DOWN + LEFT), self.frame.get_corner(UP + RIGHT)
        u = (x[:, 0] - g.xmin) / (g.xmax - g.xmin)
        v = (x[:, 1] - g.ymin) / (g.ymax - g.ymin)
        return np.stack([lo[0] + u * (hi[0] - lo[0]), lo[1] + v * (hi[1] - lo[1]), np.zeros_like(u)], axis=1)

    def _dots(self, radius: float) -> VGroup:
        """Train points filled, test points hollow, coloured by true class: one path per split and class."""
        data = self.run.data
        colours = PALETTE.classes(data.classes)
        train = VGroup(*(
            _cloud(self.to_scene(data.x_train[data.y_train == label]), radius)
            .set_fill(colour, opacity=1.0).set_stroke(outline_colour(colour), width=1.5)
            for label, colour in enumerate(colours)
        ))
        test = VGroup(*(
            _cloud(self.to_scene(data.x_test[data.y_test == label]), radius * 1.15)
            .set_stroke(colour, width=3.5)  # a dark halo keeps the ring visible over its own tint
            .set_stroke(outline_colour(colour), width=6.5, background=True)
            for label, colour in enumerate(colours)
        ))
        return VGroup(train, test)

    def _ring_mistakes(self, index: int) -> None:
        """Ring every point that snapshot `index` classifies wrongly."""
        snap, data = self.run.snapshots[index], self.run.data
        wrong = np.concatenate([data.x_train[snap.train_pred != data.y_train], data.x_test[snap.test_pred != data.y_test]])
        self.mistakes.set_points(_cloud(self.to_scene(wrong), self._ring).points)

    def moving(self) -> Group:
        """The parts drawn again every replay frame: the image and everything on top of it."""
        return Group(self.image, self.frame, self.dots, self.mistakes)

    def show(self, index: int) -> None:
        """Display snapshot `index`."""
        if index != self._index:
            self._index = index
            self.image.pixel_array = surface_pixels(self.run.snapshots[index].probs, self.image_size)
            self._ring_mistakes(index)


class MetricPlot(VGroup):
    """Axes of one metric over the epochs: train and test curves grow to the shown epoch, a dot marks it."""

    def __init__(self, run: SnapshotRun, metric: str, title: str, y_max: float, width: float = 5.2, height: float = 2.2) -> None:
        super().__init__()
        if metric not in ("loss", "acc"):
            raise ValueError(f"metric must be 'loss' or 'acc'. Got {metric!r} instead.")
        self.epochs = np.array([s.epoch for s in run.snapshots], dtype=float)
        self.values = {k: np.array([getattr(s, f"{k}_{metric}") for s in run.snapshots]) for k in ("train", "test")}
        span = max(run.epochs, int(self.epochs[-1]))
        self.axes = Axes(
            x_range=[0, span, max(span // 5, 1)], y_range=[0, y_max, y_max / 4], x_length=width, y_length=height,
            tips=False, axis_config={"color": PALETTE.muted, "stroke_width": 2, "tick_size": 0.05},
        )
        self.curves = {
            "train": VMobject(stroke_color=PALETTE.ink, stroke_width=3),
            "test": VMobject(stroke_color=PALETTE.muted, stroke_width=2.5),
        }
        self.marker = Dot(self._point("train", 0), radius=0.07, color=PALETTE.highlight)
        self.labels = self._labels(title, span, y_max, metric)
        self.add(self.axes, self.labels, self.curves["test"], self.curves["train"], self.marker)
        self.show(0)

    def _point(self, kind: str, index: int) -> np.ndarray:
        return self.axes.c2p(self.epochs[index], self.values[kind][index])

    def moving(self) -> VGroup:
        """The parts that change with the epoch."""
        return VGroup(*self.curves.values(), self.marker)

    def _labels(self, title: str, span: int, y_max: float, metric: str) -> VGroup:
        size = 18
        fmt = (lambda v: f"{v:.0%}") if metric == "acc" else (lambda v: f"{v:.2g}")
        y_ticks = VGroup(*(
            Text(fmt(v), font=FONT, font_size=size, color=PALETTE.muted).next_to(self.axes.c2p(0, v), LEFT, buff=0.12)
            for v in (0.0, y_max / 2, y_max)
        ))
        x_ticks = VGroup(*(
            Text(str(e), font=FONT, font_size=size, color=PALETTE.muted).next_to(self.axes.c2p(e, 0), DOWN, buff=0.12)
            for e in (0, span)
        ))
        x_name = Text("epoch", font=FONT, font_size=size, color=PALETTE.muted).next_to(self.axes.c2p(span / 2, 0), DOWN, buff=0.12)
        head = Text(title, font=FONT, font_size=22 if self.axes.width >= 4 else 16, color=PALETTE.ink)
        head.scale(min(1.0, (self.axes.width + 0.4) / head.width))  # a narrow plot gets a smaller title, not a wider one
        head.next_to(self.axes, UP, buff=0.15).align_to(self.axes, LEFT)
        return VGroup(y_ticks, x_ticks, x_name, head)

    def show(self, index: int) -> None:
        """Grow the curves to snapshot `index` and put the marker on the train curve there."""
        for kind, curve in self.curves.items():  # from the axes as they are now, wherever they were moved
            pts = self.axes.c2p(self.epochs[: index + 1], self.values[kind][: index + 1]).T  # (index + 1, 3)
            curve.set_points_as_corners(pts if len(pts) > 1 else np.repeat(pts, 2, axis=0))
        self.marker.move_to(self._point("train", index))


def _swatch(colour: str, filled: bool) -> VMobject:
    """A legend mark drawn as the points are: filled for train, a ring for test; a colour as dark as the screen edged."""
    shown = Dot(radius=0.08, color=colour) if filled else Circle(radius=0.08, color=colour, stroke_width=3.5)
    edge = outline_colour(colour)
    if edge != PALETTE.screen and filled:
        shown.set_stroke(edge, width=1.5)
    elif edge != PALETTE.screen:
        shown.set_stroke(edge, width=6, background=True)
    return shown


def legend(classes: int = 2, font_size: int = 16) -> VGroup:
    """The key: filled = train, hollow = test, in the colours of classes 0, 1, ... left to right; ringed = wrong; white line = boundary.

    Two classes fit one row; more take two, train and test above, wrong and boundary below.
    """
    def marks(filled: bool) -> VGroup:
        return VGroup(*(_swatch(c, filled) for c in PALETTE.classes(classes))).arrange(RIGHT, buff=0.08 if classes == 2 else 0.05)

    entries = (
        (marks(True), "train"),
        (marks(False), "test"),
        (Circle(radius=0.1, color=PALETTE.highlight, stroke_width=2.5), "wrong"),
        (Line(LEFT * 0.19, RIGHT * 0.19, color=PALETTE.ink, stroke_width=3), "p = 0.5" if classes == 2 else "boundary"),
    )
    items = [
        VGroup(mark, Text(label, font=FONT, font_size=font_size, color=PALETTE.ink)).arrange(RIGHT, buff=0.12)
        for mark, label in entries
    ]
    if classes == 2:
        return VGroup(*items).arrange(RIGHT, buff=0.25)
    rows = (VGroup(*items[:2]).arrange(RIGHT, buff=0.25), VGroup(*items[2:]).arrange(RIGHT, buff=0.25))
    return VGroup(*rows).arrange(DOWN, buff=0.12, aligned_edge=LEFT)


@dataclass
class ReplayBoard:
    """Everything the replay moves: the surface with its points, the loss and accuracy plots, the readout."""

    run: SnapshotRun
    surface: DecisionSurface
    loss: MetricPlot
    accuracy: MetricPlot
    readout: Ticker
    loss_digits: int = 1  # integer digits of the largest train loss, so the readout never shifts
    _shown: int = field(default=0, repr=False)
    panels: ReplayPanels | None = None  # neuron tiles and loss landscape, when the run recorded them

    @classmethod
    def build(cls, run: SnapshotRun, side: float = 6.0, image_size: int = 240, plot_size: tuple[float, float] = (5.2, 2.0)) -> "ReplayBoard":
        """Lay out the board for `run`: surface on the left, loss above accuracy on the right."""
        if not run.snapshots:
            raise ValueError(f"a replay needs at least one snapshot. Got 0 in run {run.description!r} instead.")
        top = max(max(s.train_loss, s.test_loss) for s in run.snapshots)
        y_max = float(np.ceil(top * 10.0) / 10.0)
        surface = DecisionSurface(run, side, image_size)
        loss = MetricPlot(run, "loss", "loss (white: train, grey: test)", y_max, *plot_size)
        accuracy = MetricPlot(run, "acc", "accuracy", 1.0, *plot_size)
        digits = len(str(int(max(s.train_loss for s in run.snapshots))))
        first = run.snapshots[0]
        widest = replace(first, metrics=replace(first.metrics, epoch=10 ** len(str(run.epochs)) - 1, train_loss=10.0**digits - 1e-4, train_acc=1.0, test_acc=1.0))
        readout = Ticker(re.sub(r"\d", "0", readout_text(widest, run.epochs, digits)))  # a 0 wherever a digit can go
        readout.set_text(readout_text(run.snapshots[0], run.epochs, digits))
        panels = ReplayPanels(run) if ReplayPanels.available(run) else None
        return cls(run, surface, loss, accuracy, readout, digits, panels=panels)

    @property
    def shown(self) -> int:
        """The snapshot index on display."""
        return self._shown

    def group(self) -> Group:
        """All parts as one Group, for layout."""
        return Group(self.surface, self.loss, self.accuracy, self.readout, *([self.panels] if self.panels else []))

    def moving(self) -> Group:
        """Only the parts the replay changes, so everything else is drawn once."""
        moving = Group(self.surface.moving(), self.loss.moving(), self.accuracy.moving(), self.readout.slots())
        return moving.add(self.panels.moving()) if self.panels else moving

    def show(self, index: int) -> None:
        """Move every part to snapshot `index`."""
        self.surface.show(index)
        self.loss.show(index)
        self.accuracy.show(index)
        if self.panels:
            self.panels.show(index)
        if index != self._shown:
            self._shown = index
            self.readout.set_text(readout_text(self.run.snapshots[index], self.run.epochs, self.loss_digits))


def make_replay_animation(board: ReplayBoard, run_time: float = 10.0, power: float = 2.0) -> Animation:
    """Play every snapshot in `run_time` seconds; epoch ~ t**power, so early epochs get more time."""
    if not (run_time > 0 and power > 0):
        raise ValueError(f"run_time and power must be positive. Got {run_time!r} and {power!r} instead.")
    count = len(board.run.snapshots)
    return _Replay(board.moving(), lambda _group, progress: board.show(epoch_index(progress, count)),
                   run_time=run_time, rate_func=lambda t: t**power)


class _Replay(UpdateFromAlphaFunc):
    """The replay's animation, which leaves everything that does not move to manim's once-drawn background."""

    def _setup_scene(self, scene) -> None:
        super()._setup_scene(scene)
        # play_steps put what moves last in the scene, in drawing order (the surface image first). A
        # z-index below 0 (the image's, to lie under points added earlier) would sort it to the front of
        # the scene, and manim would then redraw everything after it, that is all of it, every frame.
        self.mobject.set_z_index(0)
