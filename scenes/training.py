"""Replay a recorded training run: the decision surface, the loss and the accuracy, epoch by epoch."""

from render.snapshots import load_snapshots
from scenes.kit import ImageScene, play_steps
from scenes.training_beats import BEATS, SNAPSHOTS_ENV_VAR, ReplayBeats, snapshots_path

__all__ = ["BEATS", "SNAPSHOTS_ENV_VAR", "TrainingReplay", "snapshots_path"]


class TrainingReplay(ImageScene):
    """The recorded decision surface evolving epoch by epoch, beside its loss and accuracy curves."""

    @classmethod
    def expected_duration(cls) -> float:
        """Seconds of video the scene plays."""
        return ReplayBeats.expected_duration()

    def construct(self) -> None:
        self.beats = ReplayBeats(load_snapshots(snapshots_path()))
        self.show_data()
        self.show_untrained_surface()
        self.show_training()
        self.show_result()

    def play_beat(self, name: str) -> None:
        """One section with its subcaption, played from the replay's steps."""
        self.next_section(name)
        self.add_subcaption(self.beats.captions[name], duration=self.beats.durations()[name])
        play_steps(self, getattr(self.beats, name)())

    def show_data(self) -> None:
        self.play_beat("data")

    def show_untrained_surface(self) -> None:
        self.play_beat("untrained")

    def show_training(self) -> None:
        self.play_beat("training")

    def show_result(self) -> None:
        self.play_beat("result")
