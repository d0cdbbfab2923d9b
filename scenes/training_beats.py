"""The training replay laid out on screen; each beat is a generator of timed animation steps."""

from collections.abc import Iterator
from pathlib import Path

from manim import Circumscribe, FadeIn, LaggedStart, UpdateFromAlphaFunc

from render.palette import PALETTE
from render.files.snapshots import SnapshotRun
from scenes.kit import FLOOR, Step, env_path
from scenes.names import SNAPSHOTS_ENV_VAR
from scenes.replay_fade import RasterFadeIn
from scenes.replay_panels import ReplayPanels
from scenes.run_words import dataset_words, training_words
from scenes.script import TRAINING, TRAINING_NETWORK
from scenes.voice import voiced_seconds
from scenes.replay_layout import header_title, lay_out_header, lay_out_network, lay_out_plain
from scenes.ticker import LABEL_SIZE
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
    """Title, readout and key on top; the surface, loss and accuracy below, with the network on the left when recorded."""

    fade_time = 1.2  # seconds to bring in the points, then the surface and plots
    pause = 1.4  # seconds to hold after each of the first two beats
    replay_time = 10.0  # seconds for the whole run
    warp = 2.0  # epoch ~ t**warp: larger spends longer on the early epochs
    hold_time = 3.0  # seconds to hold the final epoch
    image_size = 240  # pixels per side of the surface image

    def __init__(self, run: SnapshotRun, bottom: float = FLOOR) -> None:
        """Lay the replay out above `bottom` (the lecture's subtitles sit higher than the replay's)."""
        self.run = run
        self.captions = captions(run)
        self.board = board = ReplayBoard.build(run, image_size=self.image_size)
        self.title = header_title(run.description, FONT, LABEL_SIZE, PALETTE.ink)
        self.key = legend(run.data.classes)
        top = lay_out_header(self.title, board.readout, self.key) - 0.35
        board.surface.image.set_z_index(-1)  # under the points whichever is added last
        if ReplayPanels.has_tiles(run):  # Playground's order: network, its output surface, then the curves in a column
            lay_out_network(board, top, bottom)
        else:
            lay_out_plain(board, top, bottom)

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
