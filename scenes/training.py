"""Replay a recorded training run: the decision surface, the loss and the accuracy, epoch by epoch."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # manim imports this file by path

from manim import DOWN, LEFT, RIGHT, UP, Circumscribe, FadeIn, LaggedStart, ManimColor, Scene, Text, UpdateFromAlphaFunc  # noqa: E402

from render.palette import PALETTE  # noqa: E402
from render.snapshots import SnapshotRun, load_snapshots  # noqa: E402
from scenes.image_camera import ImageCamera  # noqa: E402
from scenes.training_mobjects import FONT, ReplayBoard, legend, make_replay_animation  # noqa: E402

__all__ = ["BEATS", "SNAPSHOTS_ENV_VAR", "TrainingReplay", "snapshots_path"]

SNAPSHOTS_ENV_VAR = "TRAINING_SNAPSHOTS"
DEFAULT_SNAPSHOTS = Path(__file__).resolve().parents[1] / "out" / "snapshots.npz"

BEATS = (
    ("data", "The homework's circles: {train} training points (filled) and {test} test points (hollow)."),
    ("untrained", "Epoch 1: the untrained network's guess. Orange means class 0, blue class 1; the white line is p = 0.5."),
    ("training", "Training, one frame per recorded epoch; the early epochs, where most of the change happens, play slowest."),
    ("result", "After {epochs} epochs: train accuracy {train_acc}, test accuracy {test_acc}."),
)


def snapshots_path() -> Path:
    """The snapshots file to replay: $TRAINING_SNAPSHOTS, else out/snapshots.npz in the repository."""
    return Path(os.environ.get(SNAPSHOTS_ENV_VAR) or DEFAULT_SNAPSHOTS)


def captions(run: SnapshotRun) -> dict[str, str]:
    """Each beat's subcaption, filled in with the run's own numbers."""
    last = run.snapshots[-1]
    facts = {
        "train": len(run.data.y_train), "test": len(run.data.y_test), "epochs": last.epoch,
        "train_acc": f"{last.train_acc:.0%}", "test_acc": f"{last.test_acc:.0%}",
    }
    return {name: text.format(**facts) for name, text in BEATS}


class TrainingReplay(Scene):
    """The recorded decision surface evolving epoch by epoch, beside its loss and accuracy curves."""

    fade_time = 1.2  # seconds to bring in the points, then the surface and plots
    pause = 1.4  # seconds to hold after each of the first two beats
    replay_time = 10.0  # seconds for the whole run
    warp = 2.0  # epoch ~ t**warp: larger spends longer on the early epochs
    hold_time = 3.0  # seconds to hold the final epoch
    image_size = 240  # pixels per side of the surface image

    def __init__(self, **kwargs) -> None:
        super().__init__(camera_class=ImageCamera, **kwargs)

    @classmethod
    def expected_duration(cls) -> float:
        """Seconds of video the scene plays."""
        return 2 * (cls.fade_time + cls.pause) + cls.replay_time + cls.hold_time

    def construct(self) -> None:
        run = load_snapshots(snapshots_path())
        self.captions = captions(run)
        self.board = ReplayBoard.build(run, image_size=self.image_size)
        self.layout(run)
        self.show_data()
        self.show_untrained_surface()
        self.show_training()
        self.show_result()

    def setup(self) -> None:
        """Paint the screen colour: manim.cfg beside this file is read only when manim runs from scenes/."""
        self.camera.background_color = ManimColor(PALETTE.screen)
        self.camera.init_background()

    def layout(self, run: SnapshotRun) -> None:
        """Title and readout on top; the surface on the left; loss above accuracy on the right."""
        board = self.board
        self.title = Text(f"Training replay: {run.description}", font=FONT, font_size=26, color=PALETTE.ink)
        self.title.to_edge(UP, buff=0.25)
        board.surface.to_edge(LEFT, buff=0.5).to_edge(DOWN, buff=0.35)
        board.readout.next_to(self.title, DOWN, buff=0.3).align_to(board.surface, LEFT)
        board.loss.next_to(board.surface, RIGHT, buff=1.1).align_to(board.surface, UP)
        board.accuracy.next_to(board.loss, DOWN, buff=0.3)
        board.accuracy.shift(RIGHT * (board.loss.axes.get_left()[0] - board.accuracy.axes.get_left()[0]))
        self.key = legend().align_to(board.loss.axes, RIGHT).set_y(board.readout.get_y())

    def beat(self, name: str, seconds: float) -> None:
        """Start a section and its subcaption, shown for `seconds`."""
        self.next_section(name)
        self.add_subcaption(self.captions[name], duration=seconds)

    def show_data(self) -> None:
        self.beat("data", self.fade_time + self.pause)
        train, test = self.board.surface.dots
        self.play(FadeIn(self.title), LaggedStart(FadeIn(train), FadeIn(test), lag_ratio=0.4), FadeIn(self.key), run_time=self.fade_time)
        self.wait(self.pause)

    def show_untrained_surface(self) -> None:
        self.beat("untrained", self.fade_time + self.pause)
        board = self.board
        self.add(board.surface.image, board.surface.frame)
        self.bring_to_front(board.surface.dots)
        board.surface.image.set_opacity(0)
        plots = [FadeIn(board.loss), FadeIn(board.accuracy), FadeIn(board.readout)]
        reveal = UpdateFromAlphaFunc(board.surface.image, lambda image, alpha: image.set_opacity(alpha))
        self.play(reveal, FadeIn(board.surface.frame), *plots, run_time=self.fade_time)
        self.wait(self.pause)

    def show_training(self) -> None:
        self.beat("training", self.replay_time)
        self.play(make_replay_animation(self.board, self.replay_time, self.warp))

    def show_result(self) -> None:
        self.beat("result", self.hold_time)
        self.play(Circumscribe(self.board.readout, color=PALETTE.highlight, run_time=1.0))
        self.wait(self.hold_time - 1.0)
