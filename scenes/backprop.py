"""Forward and backward pass of the tiny CNN, every number on screen read from model/."""

import os

from manim import Scene

from model.conv import load_example
from model.conv_example import DEFAULT_TARGETS
from model.scene_numbers import scene_numbers
from scenes.beat_sections import keep_beats, note_beat
from scenes.cnn_lesson import BEATS, Lesson, beat_words
from scenes.kit import clean_failure, require_latex
from scenes.names import TARGETS_ENV_VAR
from scenes.voice import play_beat

__all__ = ["BEATS", "Backprop"]


class Backprop(Scene):
    """One input, one kernel, one label: the forward pass, the gradient flowing back, both answers checked."""

    example_path: str | None = None  # None: $BACKPROP_EXAMPLE, else assets/backprop_example.json
    kernel_target, input_target = DEFAULT_TARGETS  # entries whose gradients are built term by term ($BACKPROP_TARGETS="w12,a11" overrides)
    pace = 1.0  # multiplies every animation's run time; reading time is kept

    def construct(self) -> None:
        require_latex()
        keep_beats(self)  # each beat's section: a clip with its audio and words, for the deck
        with clean_failure():  # a bad $BACKPROP_EXAMPLE or $BACKPROP_TARGETS, or too large to lay out: one line, exit 2
            kernel, inp = self.targets()
            self.numbers = scene_numbers(load_example(self.example_path), kernel, inp)
            self.lesson = Lesson(self.numbers, self.pace)
        for name in BEATS:
            self.show(name)

    def targets(self) -> tuple[str, str]:
        """The kernel and input entries to derive: the class's own, or $BACKPROP_TARGETS."""
        text = os.environ.get(TARGETS_ENV_VAR, "").strip()
        if not text:
            return self.kernel_target, self.input_target
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 2 or not parts[0].startswith("w") or not parts[1].startswith("a"):
            raise ValueError(f"{TARGETS_ENV_VAR} must name a kernel entry and an input entry, like 'w00,a21'. Got {text!r} instead.")
        return parts[0], parts[1]

    def show(self, name: str) -> None:
        """One beat: a section, its steps, each phrase spoken from its step and shown as one subtitle cue."""
        play_beat(self, name, self.lesson.beat(name))
        note_beat(self, beat_words(self.numbers, name))  # the deck's slide: this beat's whole words
