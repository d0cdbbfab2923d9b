"""Forward and backward pass of the tiny CNN, every number on screen read from model/."""

from manim import Scene

from model.conv import load_example
from model.scene_numbers import scene_numbers
from scenes.cnn_lesson import BEATS, Lesson, beat_words
from scenes.kit import clean_failure, require_latex
from scenes.voice import play_beat

__all__ = ["BEATS", "Backprop"]


class Backprop(Scene):
    """One input, one kernel, one label: the forward pass, the gradient flowing back, both answers checked."""

    example_path: str | None = None  # None: $BACKPROP_EXAMPLE, else assets/backprop_example.json
    kernel_target = "w00"  # kernel entry whose gradient is built term by term
    input_target = "a21"  # input entry whose gradient is built term by term
    pace = 1.0  # multiplies every animation's run time; reading time is kept

    def construct(self) -> None:
        require_latex()
        with clean_failure():  # a bad $BACKPROP_EXAMPLE, or one too large to lay out: one line, exit 2
            self.numbers = scene_numbers(load_example(self.example_path), self.kernel_target, self.input_target)
            self.lesson = Lesson(self.numbers, self.pace)
        for name in BEATS:
            self.show(name)

    def show(self, name: str) -> None:
        """One beat: a section, its steps, its words as subtitles."""
        play_beat(self, name, self.lesson.beat(name), beat_words(self.numbers, name))
