"""Reusable pieces of the training replay: the surface image, the points, the curves and the epoch readout."""

from dataclasses import dataclass, field

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
from render.palette import PALETTE, hex_to_rgb
from render.snapshots import SnapshotRun

__all__ = [
    "FONT",
    "DecisionSurface",
    "MetricPlot",
    "ReplayBoard",
    "epoch_index",
    "legend",
    "make_replay_animation",
    "readout_text",
    "surface_pixels",
]

FONT = "DejaVu Sans"
_TINT = (0.12, 0.5)  # opacity of the class colour over the screen: at p = 0.5 and at full confidence


def _bilinear(n_out: int, n_in: int) -> tuple[np.ndarray, np.ndarray]:
    """Left sample index and weight of the right sample for each of n_out pixels on a line of n_in."""
    u = np.linspace(0.0, n_in - 1.0, n_out)
    i0 = np.minimum(np.floor(u).astype(np.intp), n_in - 2)
    return i0, (u - i0).astype(np.float32)


def surface_pixels(probs: np.ndarray, size: int = 240) -> np.ndarray:
    """Colour a (res, res) class-1 probability grid into a (size, size, 4) uint8 image; the p = 0.5 line in ink."""
    probs = np.asarray(probs, dtype=np.float32)
    if probs.ndim != 2 or probs.shape[0] != probs.shape[1] or probs.shape[0] < 2:
        raise ValueError(f"probs must be a square grid of at least 2x2. Got shape {probs.shape} instead.")
    if isinstance(size, bool) or not isinstance(size, int) or size < 2:
        raise ValueError(f"image size must be an integer of at least 2. Got {size!r} instead.")
    i0, t = _bilinear(size, probs.shape[0])
    rows = probs[i0] * (1.0 - t)[:, None] + probs[i0 + 1] * t[:, None]  # (size, res)
    p = rows[:, i0] * (1.0 - t)[None, :] + rows[:, i0 + 1] * t[None, :]  # (size, size)
    screen = np.array(hex_to_rgb(PALETTE.screen), dtype=np.float32)
    colours = np.array([hex_to_rgb(PALETTE.class0), hex_to_rgb(PALETTE.class1)], dtype=np.float32)
    inside = p >= 0.5
    alpha = _TINT[0] + (_TINT[1] - _TINT[0]) * np.abs(2.0 * p - 1.0)
    rgb = screen + (colours[inside.astype(np.intp)] - screen) * alpha[..., None]  # (size, size, 3)
    edge = np.zeros_like(inside)  # pixels where the predicted class flips: the decision boundary
    edge[:, 1:] |= inside[:, 1:] != inside[:, :-1]
    edge[1:, :] |= inside[1:, :] != inside[:-1, :]
    edge[:, :-1] |= edge[:, 1:].copy()  # two pixels wide, so it survives downscaling
    rgb[edge] = hex_to_rgb(PALETTE.ink)
    out = np.empty((size, size, 4), dtype=np.uint8)
    out[..., :3] = np.rint(rgb).astype(np.uint8)
    out[..., 3] = 255
    return out


def epoch_index(progress: float, count: int) -> int:
    """Snapshot index shown at `progress` in [0, 1] of the (already time-warped) replay."""
    return int(round(min(max(progress, 0.0), 1.0) * (count - 1)))


def readout_text(snap: Snapshot, epochs: int) -> str:
    """The line under the title: epoch, train loss and both accuracies, as the scene prints them."""
    return f"epoch {snap.epoch}/{epochs}   loss {snap.train_loss:.3f}   train {snap.train_acc:.0%}   test {snap.test_acc:.0%}"


class DecisionSurface(Group):
    """The decision surface as an image with the data points on top; `show(k)` swaps in snapshot k."""

    def __init__(self, run: SnapshotRun, side: float = 6.0, image_size: int = 240, dot_radius: float = 0.07) -> None:
        super().__init__()
        self.run, self.image_size, self.index = run, image_size, 0
        self.image = ImageMobject(surface_pixels(run.snapshots[0].probs, image_size))
        self.image.height = side
        self.frame = Square(side, color=PALETTE.muted, stroke_width=2)
        self.dots = self._dots(dot_radius)
        self.add(self.image, self.frame, self.dots)

    def to_scene(self, x: np.ndarray) -> np.ndarray:
        """Data points (n, 2) to scene coordinates (n, 3) over the image."""
        g = self.run.grid
        lo, hi = self.frame.get_corner(DOWN + LEFT), self.frame.get_corner(UP + RIGHT)
        u = (x[:, 0] - g.xmin) / (g.xmax - g.xmin)
        v = (x[:, 1] - g.ymin) / (g.ymax - g.ymin)
        return np.stack([lo[0] + u * (hi[0] - lo[0]), lo[1] + v * (hi[1] - lo[1]), np.zeros_like(u)], axis=1)

    def _dots(self, radius: float) -> VGroup:
        """Train points filled, test points hollow, each coloured by its true class."""
        data, colours = self.run.data, (PALETTE.class0, PALETTE.class1)
        train = VGroup(*(
            Dot(p, radius=radius, color=colours[y], stroke_color=PALETTE.screen, stroke_width=1.5)
            for p, y in zip(self.to_scene(data.x_train), data.y_train, strict=True)
        ))
        test = VGroup(*(
            Circle(radius=radius * 1.15, color=colours[y], stroke_width=3.5).move_to(p)
            for p, y in zip(self.to_scene(data.x_test), data.y_test, strict=True)
        ))
        for ring in test:  # a dark halo keeps the ring visible over its own class's tint
            ring.set_stroke(PALETTE.screen, width=6.5, background=True)
        return VGroup(train, test)

    def show(self, index: int) -> None:
        """Display snapshot `index`."""
        if index != self.index:
            self.index = index
            self.image.pixel_array = surface_pixels(self.run.snapshots[index].probs, self.image_size)


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
        self.full = {k: self._polyline(v) for k, v in self.values.items()}
        self.curves = {k: VMobject().match_style(self.full[k]) for k in self.full}
        self.marker = Dot(self._point("train", 0), radius=0.07, color=PALETTE.highlight)
        self.labels = self._labels(title, span, y_max, metric)
        self.add(self.axes, self.labels, self.curves["test"], self.curves["train"], self.marker)
        self.show(0)

    def _point(self, kind: str, index: int) -> np.ndarray:
        return self.axes.c2p(self.epochs[index], self.values[kind][index])

    def _polyline(self, values: np.ndarray) -> VMobject:
        line = VMobject(stroke_width=3 if values is self.values["train"] else 2.5)
        pts = [self.axes.c2p(e, v) for e, v in zip(self.epochs, values, strict=True)]
        line.set_points_as_corners(pts if len(pts) > 1 else pts * 2)
        return line.set_stroke(PALETTE.ink if values is self.values["train"] else PALETTE.muted)

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
        head = Text(title, font=FONT, font_size=22, color=PALETTE.ink).next_to(self.axes, UP, buff=0.15).align_to(self.axes, LEFT)
        return VGroup(y_ticks, x_ticks, x_name, head)

    def show(self, index: int) -> None:
        """Grow the curves to snapshot `index` and put the marker on the train curve there."""
        frac = index / max(len(self.epochs) - 1, 1)
        for kind, curve in self.curves.items():
            curve.pointwise_become_partial(self.full[kind], 0.0, frac)
        self.marker.move_to(self._point("train", index))


def legend(font_size: int = 18) -> VGroup:
    """Key to the points: filled = train, hollow = test, colour = true class; the white line is p = 0.5."""
    def pair(filled: bool) -> VGroup:
        marks = (
            Dot(radius=0.08, color=c) if filled else Circle(radius=0.08, color=c, stroke_width=3.5)
            for c in (PALETTE.class0, PALETTE.class1)
        )
        return VGroup(*marks).arrange(RIGHT, buff=0.08)

    rows = VGroup(*(
        VGroup(mark, Text(label, font=FONT, font_size=font_size, color=PALETTE.ink)).arrange(RIGHT, buff=0.15)
        for mark, label in (
            (pair(True), "train, class 0 / 1"),
            (pair(False), "test, class 0 / 1"),
            (Line(LEFT * 0.19, RIGHT * 0.19, color=PALETTE.ink, stroke_width=3), "p = 0.5 boundary"),
        )
    ))
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.12)


@dataclass
class ReplayBoard:
    """Everything the replay moves: the surface with its points, the loss and accuracy plots, the readout."""

    run: SnapshotRun
    surface: DecisionSurface
    loss: MetricPlot
    accuracy: MetricPlot
    readout: Text
    _shown: int = field(default=0, repr=False)

    @classmethod
    def build(cls, run: SnapshotRun, side: float = 6.0, image_size: int = 240, plot_width: float = 5.2) -> "ReplayBoard":
        """Lay out the board for `run`: surface on the left, loss above accuracy on the right."""
        if not run.snapshots:
            raise ValueError(f"a replay needs at least one snapshot. Got 0 in run {run.description!r} instead.")
        top = max(max(s.train_loss, s.test_loss) for s in run.snapshots)
        y_max = float(np.ceil(top * 10.0) / 10.0)
        surface = DecisionSurface(run, side, image_size)
        loss = MetricPlot(run, "loss", "loss (white: train, grey: test)", y_max, plot_width)
        accuracy = MetricPlot(run, "acc", "accuracy", 1.0, plot_width)
        readout = _readout(run.snapshots[0], run.epochs)
        return cls(run, surface, loss, accuracy, readout)

    def group(self) -> Group:
        """All parts as one Group, for layout and for the replay animation."""
        return Group(self.surface, self.loss, self.accuracy, self.readout)

    def show(self, index: int) -> None:
        """Move every part to snapshot `index`."""
        self.surface.show(index)
        self.loss.show(index)
        self.accuracy.show(index)
        if index != self._shown:  # a new Text only when the epoch changes
            self._shown = index
            corner = self.readout.get_corner(UP + LEFT)
            self.readout.become(_readout(self.run.snapshots[index], self.run.epochs))
            self.readout.move_to(corner, aligned_edge=UP + LEFT)


def _readout(snap: Snapshot, epochs: int) -> Text:
    return Text(readout_text(snap, epochs), font=FONT, font_size=22, color=PALETTE.ink)


def make_replay_animation(board: ReplayBoard, run_time: float = 10.0, power: float = 2.0) -> Animation:
    """Play every snapshot in `run_time` seconds; epoch ~ t**power, so early epochs get more time."""
    if not (run_time > 0 and power > 0):
        raise ValueError(f"run_time and power must be positive. Got {run_time!r} and {power!r} instead.")
    count = len(board.run.snapshots)
    return UpdateFromAlphaFunc(
        board.group(), lambda _group, progress: board.show(epoch_index(progress, count)),
        run_time=run_time, rate_func=lambda t: t**power,
    )
