"""Replay a recorded training run: the decision surface, the loss and the accuracy, epoch by epoch."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # manim imports this file by path

from manim import Scene  # noqa: E402

from render.snapshots import load_snapshots  # noqa: E402
from scenes.folder_config import apply_folder_config, env_path  # noqa: E402
from scenes.image_camera import ImageCamera  # noqa: E402
from scenes.training_beats import BEATS, ReplayBeats  # noqa: E402
from scenes.voice import play_narrated  # noqa: E402

__all__ = ["BEATS", "SNAPSHOTS_ENV_VAR", "TrainingReplay", "snapshots_path"]

SNAPSHOTS_ENV_VAR = "TRAINING_SNAPSHOTS"

apply_folder_config()


def snapshots_path() -> Path:
    """The snapshots file to replay: $TRAINING_SNAPSHOTS, else out/snapshots.npz in the repository."""
    return env_path(SNAPSHOTS_ENV_VAR, "out/snapshots.npz")


class TrainingReplay(Scene):
    """The recorded decision surface evolving epoch by epoch, beside its loss and accuracy curves."""

    def __init__(self, **kwargs) -> None:
        super().__init__(camera_class=ImageCamera, **kwargs)

    @classmethod
    def expected_duration(cls, speech: dict[str, float] | None = None) -> float:
        """Seconds of video the scene plays under `speech` seconds of narration per beat (none: silent)."""
        return ReplayBeats.expected_duration(speech)

    def construct(self) -> None:
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
        self.play_beat("training")

    def show_result(self) -> None:
        self.play_beat("result")
