"""The whole lesson in one video: data, network, training replay, then backprop through a tiny CNN."""

import os

import numpy as np
from manim import RIGHT, FadeIn, FadeOut, Group, Text

from model import layer_widths, make_mlp
from model.conv import load_example
from model.scene_numbers import scene_numbers
from render.palette import PALETTE
from render.snapshots import load_snapshots
from scenes.cnn_lesson import BACKWARD_BEATS, FORWARD_BEATS, Lesson, beat_words, expected_duration as cnn_duration
from scenes.kit import FONT, ImageScene, Step, play_beat, play_steps, require_latex
from scenes.lecture_mobjects import NetworkDiagram, summary_card, title_card, write_rows
from scenes.training_beats import ReplayBeats, snapshots_path

__all__ = ["CHAPTERS", "CHAPTERS_ENV_VAR", "Lecture"]

CHAPTERS_ENV_VAR = "LECTURE_CHAPTERS"  # comma-separated chapter names to render; empty: all

CHAPTERS = (
    ("title", "Title", "Backpropagation in motion: a circles classifier, then the gradients of a tiny CNN."),
    ("data", "The data", "make_circles: 100 points, factor 0.1, noise 0.1; 70 for training, 30 held out for testing."),
    ("network", "A fully-connected network", "Only fully-connected layers: widths {widths}, {activation} between them."),
    ("training", "Training, replayed", ""),  # the replay's own captions, beat by beat
    ("cnn_forward", "A tiny CNN: forward", ""),  # the backprop scene's captions, beat by beat
    ("gradient_w00", "Backward to w00", ""),
    ("gradient_a21", "Backward to a21", ""),
    ("summary", "Summary", "The three formulas of the lesson, and the example's gradients beside torch autograd."),
)


class Lecture(ImageScene):
    """One section per chapter; every number comes from model/ or from the recorded snapshots."""

    card_time = 1.5  # seconds to bring in a title or summary card
    read_time = 3.0  # seconds to hold a card or a diagram
    build_time = 3.0  # seconds to draw the network
    pulse_time = 2.0  # seconds for activity to cross the network
    clear_time = 0.8  # seconds to clear the screen between chapters

    @classmethod
    def expected_duration(cls, numbers) -> float:
        """Seconds of video the lecture plays for the example's `numbers`."""
        cards = 3 * (cls.card_time + cls.read_time)  # title, data notes, summary
        network = cls.build_time + cls.pulse_time + cls.read_time
        replay = ReplayBeats.expected_duration() + ReplayBeats.fade_time  # the data beat plays twice
        return cards + network + replay + cnn_duration(numbers) + 4 * cls.clear_time

    def construct(self) -> None:
        require_latex()
        self.run = load_snapshots(snapshots_path())
        self.numbers = scene_numbers(load_example(None))
        self.replay = ReplayBeats(self.run)
        self.show_title()
        self.show_data()
        self.show_network()
        self.show_training()
        self.show_cnn_forward()
        self.show_gradient_to_kernel()
        self.show_gradient_to_input()
        self.show_summary()

    def section(self, name: str) -> None:
        """Start a chapter's section; chapters left out of $LECTURE_CHAPTERS are played but not rendered."""
        wanted = [c.strip() for c in os.environ.get(CHAPTERS_ENV_VAR, "").split(",") if c.strip()]
        unknown = sorted(set(wanted) - {key for key, _, _ in CHAPTERS})
        if unknown:
            raise ValueError(f"{CHAPTERS_ENV_VAR} must name chapters of {[key for key, _, _ in CHAPTERS]}. Got {unknown} instead.")
        self.next_section(name, skip_animations=bool(wanted) and name not in wanted)

    def chapter(self, name: str, seconds: float = 0.0, **facts) -> None:
        """Start a chapter's section; a chapter with its own caption shows it for `seconds`."""
        self.section(name)
        caption = dict((key, words) for key, _, words in CHAPTERS)[name]
        if caption:
            self.add_subcaption(caption.format(**facts), duration=seconds)

    def beat(self, player, name: str, caption: str, seconds: float | None = None) -> None:
        """Play one beat of a reused diagram under its own subcaption."""
        start = self.time
        play_steps(self, getattr(player, name)())
        length = self.time - start if seconds is None else seconds
        self.add_subcaption(caption, duration=length, offset=-length)

    def clear(self) -> None:
        self.play(FadeOut(Group(*self.mobjects)), run_time=self.clear_time)

    def show_title(self) -> None:
        self.chapter("title", self.card_time + self.read_time)
        card = title_card("Backpropagation, in motion", "From a circles classifier to the gradients of a tiny CNN",
                          [title for _, title, _ in CHAPTERS[1:]])
        play_steps(self, [Step((FadeIn(card),), self.card_time, self.read_time)])
        self.clear()

    def show_data(self) -> None:
        self.chapter("data", self.replay.fade_time + self.replay.pause + self.card_time + self.read_time)
        play_steps(self, self.replay.data())
        data = self.run.data
        train, test = (np.bincount(y, minlength=2) for y in (data.y_train, data.y_test))
        notes = "\n".join([
            "make_circles(n_samples=100,", "             factor=0.1, noise=0.1)", " ",
            f"{len(data.y_train)} training points (filled)", f"{len(data.y_test)} test points (hollow)",
            f"stratified: {train[0]} + {train[1]} and {test[0]} + {test[1]}",
        ])
        block = Text(notes, font=FONT, font_size=22, color=PALETTE.ink, line_spacing=1.1)
        block.next_to(self.replay.board.surface, RIGHT, buff=0.8)
        play_steps(self, [Step((FadeIn(block),), self.card_time, self.read_time)])
        self.clear()

    def show_network(self) -> None:
        widths, activation = layer_widths(make_mlp(self.run.hidden, self.run.activation))
        self.chapter("network", self.build_time + self.pulse_time + self.read_time,
                     widths="-".join(map(str, widths)), activation=activation)
        diagram = NetworkDiagram(widths, activation)
        self.play(diagram.make_build_animation(), run_time=self.build_time)
        self.play(diagram.make_forward_animation(), run_time=self.pulse_time)
        self.wait(self.read_time)
        self.clear()

    def show_training(self) -> None:
        self.section("training")
        replay = self.replay
        captions, seconds = replay.captions, replay.durations()
        shown = Group(replay.title, replay.key, replay.board.surface.dots)
        play_steps(self, [Step((FadeIn(shown),), replay.fade_time)])
        for name in ("untrained", "training", "result"):
            self.beat(replay, name, captions[name], seconds[name])
        self.clear()

    def show_cnn_forward(self) -> None:
        self.section("cnn_forward")
        self.lesson = Lesson(self.numbers)
        for name in FORWARD_BEATS:
            self.cnn_beat(name)

    def show_gradient_to_kernel(self) -> None:
        self.section("gradient_w00")
        for name in BACKWARD_BEATS[: BACKWARD_BEATS.index("kernel_gradient") + 1]:
            self.cnn_beat(name)

    def show_gradient_to_input(self) -> None:
        self.section("gradient_a21")
        for name in BACKWARD_BEATS[BACKWARD_BEATS.index("kernel_gradient") + 1 :]:
            self.cnn_beat(name)
        self.clear()

    def show_summary(self) -> None:
        self.chapter("summary", self.card_time + self.read_time)
        card = summary_card(self.numbers)
        self.play(write_rows(card), run_time=self.card_time)
        self.wait(self.read_time)

    def cnn_beat(self, name: str) -> None:
        """One beat of the tiny-CNN lesson inside the current chapter (no section of its own)."""
        play_beat(self, name, self.lesson.beat(name), beat_words(self.numbers, name), section=False)
