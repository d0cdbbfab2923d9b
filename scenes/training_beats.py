"""The training replay laid out on screen; each beat is a generator of timed animation steps."""

from collections.abc import Iterator
from pathlib import Path

from manim import DOWN, LEFT, RIGHT, UP, Circumscribe, FadeIn, LaggedStart, Text, UpdateFromAlphaFunc, config

from render.palette import PALETTE
from render.files.snapshots import SnapshotRun
from scenes.kit import Step, env_path
from scenes.names import SNAPSHOTS_ENV_VAR
from scenes.replay_fade import RasterFadeIn
from scenes.replay_panels import ReplayPanels
from scenes.run_words import dataset_words, training_words
from scenes.script import TRAINING, TRAINING_NETWORK
from scenes.voice import voiced_seconds
from scenes.training_mobjects import FONT, ReplayBoard, legend, make_replay_animation

__all__ = ["BEATS", "SNAPSHOTS_ENV_VAR", "ReplayBeats", "captions", "snapshots_path"]


def snapshots_path() -> Path:
    """The snapshots file to replay: $TRAINING_SNAPSHOTS, else out/snapshots.npz in the project."""
    return env_path(SNAPSHOTS_ENV_VAR, "out/snapshots.npz")


BEATS = tuple(TRAINING.items())  # (name, narration and subtitle) in the order they play


def captions(run: SnapshotRun) -> dict[str, str]:
    """Each beat's subcaption for the run's data, filled in with the run's own numbers."""
    last = run.snapshots[-1]
    facts = {
        "train": len(run.data.y_train), "test": len(run.data.y_test), "epochs": last.epoch,
        "train_acc": f"{last.train_acc:.0%}", "test_acc": f"{last.test_acc:.0%}", "dataset": dataset_words(run),
    }
    words = {name: text.format(**facts) for name, text in training_words(run).items()}
    if ReplayPanels.has_tiles(run):  # the network fades in with the untrained guess: say what its colours mean
        words["untrained"] += " " + TRAINING_NETWORK
    return words


class ReplayBeats:
    """Title and readout on top; the surface, loss and accuracy below, with the network on the left when recorded."""

    fade_time = 1.2  # seconds to bring in the points, then the surface and plots
    pause = 1.4  # seconds to hold after each of the first two beats
    replay_time = 10.0  # seconds for the whole run
    warp = 2.0  # epoch ~ t**warp: larger spends longer on the early epochs
    hold_time = 3.0  # seconds to hold the final epoch
    image_size = 240  # pixels per side of the surface image

    def __init__(self, run: SnapshotRun) -> None:
        self.run = run
        self.captions = captions(run)
        network = ReplayPanels.has_tiles(run)
        if network:  # Playground's order: network, its output surface, then the curves in a narrow column
            side, plots = 4.6, (2.7, 1.0 if run.landscape is not None else 1.5)
        else:  # short plots leave room for a landscape below them
            side, plots = 6.0, (5.2, 1.0) if ReplayPanels.available(run) else (5.2, 2.0)
        self.board = board = ReplayBoard.build(run, side=side, image_size=self.image_size, plot_size=plots)
        self.title = Text(f"Training replay: {run.description}", font=FONT, font_size=26, color=PALETTE.ink)
        self.title.to_edge(UP, buff=0.25)
        board.readout.next_to(self.title, DOWN, buff=0.3).to_edge(LEFT, buff=0.5)
        self.key = legend(run.data.classes).to_edge(RIGHT, buff=0.2).set_y(board.readout.get_y())
        board.surface.image.set_z_index(-1)  # under the points whichever is added last
        if network:
            self._lay_out_network(board)
        else:
            self._lay_out_plain(board)

    def _lay_out_plain(self, board: ReplayBoard) -> None:
        """Surface on the left, loss above accuracy on the right, the landscape below them."""
        board.surface.to_edge(LEFT, buff=0.5).to_edge(DOWN, buff=0.35)
        board.loss.next_to(board.surface, RIGHT, buff=1.1).align_to(board.surface, UP)
        board.accuracy.next_to(board.loss, DOWN, buff=0.3)
        board.accuracy.shift(RIGHT * (board.loss.axes.get_left()[0] - board.accuracy.axes.get_left()[0]))
        if board.panels:  # below the plots, shrunk to fit above the bottom edge
            room = board.accuracy.get_bottom()[1] - 0.3 + config.frame_height / 2 - 0.15
            board.panels.scale(min(1.0, room / board.panels.height))
            board.panels.next_to(board.accuracy, DOWN, buff=0.3).align_to(board.loss, LEFT)

    def _lay_out_network(self, board: ReplayBoard) -> None:
        """Loss, accuracy and landscape down the right; the surface left of them; the network feeding it from the left."""
        panels, top, bottom = board.panels, board.readout.get_bottom()[1] - 0.35, -config.frame_height / 2 + 0.2
        board.loss.align_to([config.frame_width / 2 - 0.25, 0, 0], RIGHT).align_to([0, top, 0], UP)
        board.accuracy.next_to(board.loss, DOWN, buff=0.25)
        board.accuracy.shift(RIGHT * (board.loss.axes.get_left()[0] - board.accuracy.axes.get_left()[0]))
        if panels.landscape is not None:
            land = panels.landscape.next_to(board.accuracy, DOWN, buff=0.3).set_x(board.accuracy.axes.get_x())
            land.scale(min(1.0, (land.get_top()[1] - bottom) / land.height), about_edge=UP)
            land.shift(LEFT * max(0.0, land.get_right()[0] - config.frame_width / 2 + 0.2))
        right = min(board.loss.get_left()[0], board.accuracy.get_left()[0]) - 0.35
        board.surface.move_to([0, (top + bottom) / 2, 0]).align_to([right, 0, 0], RIGHT)
        network, key = panels.network, panels.key
        key.scale(min(1.0, (board.surface.get_left()[0] - 0.3 + config.frame_width / 2 - 0.35) / key.width))
        room = (board.surface.get_left()[0] - 0.75 + config.frame_width / 2 - 0.35, top - bottom - key.height - 0.3)
        network.scale(min(1.0, room[0] / network.width, room[1] / network.height))
        network.move_to([0, (top + bottom + key.height + 0.3) / 2, 0]).to_edge(LEFT, buff=0.35)
        key.next_to(network, DOWN, buff=0.3).align_to(network, LEFT)
        panels.link_to(board.surface.frame)

    @classmethod
    def expected_duration(cls, speech: dict[str, float] | None = None) -> float:
        """Seconds of video the four beats play, under `speech` seconds of narration per beat (none: silent)."""
        return sum(cls.durations(speech).values())

    @classmethod
    def durations(cls, speech: dict[str, float] | None = None) -> dict[str, float]:
        """Seconds each beat lasts: its own animation, or its narration and a breath if that is longer."""
        lead = cls.fade_time + cls.pause
        planned = {"data": lead, "untrained": lead, "training": cls.replay_time, "result": cls.hold_time}
        return {name: voiced_seconds(seconds, (speech or {}).get(name, 0.0)) for name, seconds in planned.items()}

    def data(self) -> Iterator[Step]:
        """The title, the key and the points, train before test."""
        train, test = self.board.surface.dots
        shown = (RasterFadeIn(self.title, self.key), LaggedStart(RasterFadeIn(train), RasterFadeIn(test), lag_ratio=0.4))
        yield Step(shown, self.fade_time, self.pause)

    def untrained(self) -> Iterator[Step]:
        """The first snapshot's surface fades in under the points, with the plots and the readout (as pictures)."""
        board = self.board
        board.surface.image.set_opacity(0)
        reveal = UpdateFromAlphaFunc(board.surface.image, lambda image, alpha: image.set_opacity(alpha))
        plots = (RasterFadeIn(board.loss, board.accuracy, board.readout), FadeIn(board.surface.frame), FadeIn(board.surface.mistakes))
        plots += (RasterFadeIn(board.panels, apart=True),) if board.panels else ()  # the network and the landscape
        yield Step((reveal, *plots), self.fade_time, self.pause)

    def training(self) -> Iterator[Step]:
        """Every snapshot in turn, early epochs slowest."""
        yield Step((make_replay_animation(self.board, self.replay_time, self.warp),), self.replay_time)

    def result(self) -> Iterator[Step]:
        """The final readout, circled."""
        yield Step((Circumscribe(self.board.readout, color=PALETTE.highlight),), 1.0, self.hold_time - 1.0)
