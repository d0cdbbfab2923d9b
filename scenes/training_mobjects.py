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
from scenes.replay_plot import MetricPlot
from scenes.ticker import FONT, LABEL_SIZE, Ticker, baseline

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


def _swatch(colour: str, filled: bool, radius: float = 0.1) -> VMobject:
    """A legend mark drawn as the points are: filled for train, a ring for test; a colour as dark as the screen edged."""
    shown = Dot(radius=radius, color=colour) if filled else Circle(radius=radius, color=colour, stroke_width=3.5)
    edge = outline_colour(colour)
    if edge != PALETTE.screen and filled:
        shown.set_stroke(edge, width=1.5)
    elif edge != PALETTE.screen:
        shown.set_stroke(edge, width=6, background=True)
    return shown


def legend(classes: int = 2, font_size: int = LABEL_SIZE) -> VGroup:
    """The key in two rows: filled = train, hollow = test, in the colours of classes 0, 1, ...; ringed = wrong; white line = boundary.

    Past three classes the class marks overlap like a fan of chips, so the key keeps the width it has for three.
    """
    def marks(filled: bool) -> VGroup:
        radius, buff = (0.1, 0.06) if classes <= 3 else (0.08, -0.06)
        return VGroup(*(_swatch(c, filled, radius) for c in PALETTE.classes(classes))).arrange(RIGHT, buff=buff)

    entries = (
        (marks(True), "train"),
        (marks(False), "test"),
        (Circle(radius=0.11, color=PALETTE.highlight, stroke_width=2.5), "wrong"),
        (Line(LEFT * 0.19, RIGHT * 0.19, color=PALETTE.ink, stroke_width=3), "p = 0.5" if classes == 2 else "boundary"),
    )
    items = [
        VGroup(mark, Text(label, font=FONT, font_size=font_size, color=PALETTE.ink)).arrange(RIGHT, buff=0.12)
        for mark, label in entries
    ]
    rows = (VGroup(*items[:2]).arrange(RIGHT, buff=0.25), VGroup(*items[2:]).arrange(RIGHT, buff=0.25))
    for row in rows:  # the words of a row on one baseline, whatever descends
        for item in row[1:]:
            item[1].shift(UP * (baseline(row[0][1]) - baseline(item[1])))
    return VGroup(*rows).arrange(DOWN, buff=0.18, aligned_edge=LEFT)


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
        loss = MetricPlot(run, "loss", "loss", y_max, *plot_size, x_labels=False, curve_key=True)  # the x axis is the accuracy's
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
