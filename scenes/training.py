"""Replay a recorded training run: the decision surface, the loss and the accuracy, epoch by epoch."""

from manim import Scene

from render.files.snapshots import load_snapshots
from scenes.kit import ImageScene, clean_failure
from scenes.replay_camera import HoldingCamera
from scenes.training_beats import BEATS, SNAPSHOTS_ENV_VAR, ReplayBeats, snapshots_path
from scenes.voice import play_narrated

__all__ = ["BEATS", "SNAPSHOTS_ENV_VAR", "TrainingReplay", "snapshots_path"]


class TrainingReplay(ImageScene):
    """The recorded decision surface evolving epoch by epoch, beside its loss and accuracy curves."""

    def __init__(self, **kwargs) -> None:
        Scene.__init__(self, camera_class=HoldingCamera, **kwargs)  # ImageScene's camera, holding repeated frames

    @classmethod
    def expected_duration(cls, speech: dict[str, float] | None = None) -> float:
        """Seconds of video the scene plays under `speech` seconds of narration per beat (none: silent)."""
        return ReplayBeats.expected_duration(speech)

    def construct(self) -> None:
        with clean_failure():  # a bad $TRAINING_SNAPSHOTS: one line, exit 2
            self.beats = ReplayBeats(load_snapshots(snapshots_path()))
        self.show_data()
        self.show_untrained_surface()
        self.show_training()
        self.show_result()

    def play_beat(self, name: str) -> None:
        """One section, narrated and subtitled, played from the replay's steps."""
        self.next_section(name)
        play_narrated(self, self.beats.captions[name], getattr(self.beats, name)(), self.beats.durations()[name])

    def show_data(self) -> None:
        self.play_beat("data")

    def show_untrained_surface(self) -> None:
        self.play_beat("untrained")

    def show_training(self) -> None:
        self.camera.key = lambda: self.beats.board.shown  # a frame that shows the same epoch again is not redrawn
        try:
            self.play_beat("training")
        finally:
            self.camera.key = None

    def show_result(self) -> None:
        self.play_beat("result")
