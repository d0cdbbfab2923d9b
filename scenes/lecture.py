"""The whole lesson in one narrated video: data, network, training replay, then backprop through a tiny CNN."""

import os

from manim import DOWN, RIGHT, UP, AnimationGroup, FadeIn, FadeOut, Group, LaggedStart, Text, config
from manim.utils.exceptions import EndSceneEarlyException

from model.network import network_widths
from model.conv import load_example
from model.scene_numbers import scene_numbers
from render.palette import PALETTE
from render.files.snapshots import load_snapshots
from scenes.cnn_lesson import BACKWARD_BEATS, FORWARD_BEATS, Lesson, beat_words
from scenes.kit import FONT, ImageScene, Step, clean_failure, play_steps, require_latex, text
from scenes.lecture_mobjects import NetworkDiagram, card, summary_card, title_card, write_rows
from scenes.names import CHAPTER_KEYS, CHAPTERS_ENV_VAR
from scenes.run_words import data_notes, dataset_words, lecture_words, title_subtitle
from scenes.script import CHAPTER_TITLES, LECTURE
from scenes.training_beats import ReplayBeats, snapshots_path
from scenes.voice import play_beat, play_narrated

__all__ = ["CHAPTERS", "CHAPTERS_ENV_VAR", "Lecture"]

CHAPTERS = CHAPTER_KEYS  # section names, in the order they play
_ORDINALS = ("one", "two")
_KERNEL_BEATS = BACKWARD_BEATS[: BACKWARD_BEATS.index("kernel_gradient") + 1]  # chapter gradient_w00
_INPUT_BEATS = BACKWARD_BEATS[len(_KERNEL_BEATS) :]  # chapter gradient_a21, then the answers


def _sentence_case(words: str) -> str:
    return words[:1].upper() + words[1:]


class Lecture(ImageScene):
    """One section per chapter, each opened by its card; every number comes from model/ or the recorded snapshots."""

    card_time = 0.8  # seconds to bring in a card (cross-fading from what was on screen)
    hold_time = 1.2  # seconds a card holds at least
    build_time = 3.0  # seconds to draw the network
    pulse_time = 2.0  # seconds for activity to cross the network
    read_time = 3.0  # seconds to hold a finished picture or card at least
    end_time = 2.0  # seconds the closing card holds after its narration

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.skipped_seconds = 0.0  # seconds of skipped sections so far: sound and subtitles move back by this
        self._section_start, self._section_skipped = 0.0, False

    def construct(self) -> None:
        require_latex()
        with clean_failure():  # bad $TRAINING_SNAPSHOTS or $BACKPROP_EXAMPLE: one line, exit 2
            self.run = load_snapshots(snapshots_path())
            self.numbers = scene_numbers(load_example(None))
            self.replay = ReplayBeats(self.run)
        self.words = lecture_words(self.run)  # the homework's words, or the words for the run's own data
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
        unknown = sorted(set(wanted) - set(CHAPTERS))
        if unknown:
            raise ValueError(f"{CHAPTERS_ENV_VAR} must name chapters of {list(CHAPTERS)}. Got {unknown} instead.")
        if wanted and CHAPTERS.index(name) > max(CHAPTERS.index(c) for c in wanted):
            raise EndSceneEarlyException()  # every wanted chapter is written: nothing after it to play
        if self._section_skipped:
            self.skipped_seconds += self.time - self._section_start
        self._section_start, self._section_skipped = self.time, bool(wanted) and name not in wanted
        self.next_section(name, skip_animations=self._section_skipped)

    def say(self, key: str, steps=(), planned: float | None = None, **facts) -> None:
        """Play `steps` under the narration for `key` (filled in with `facts`), holding until it is spoken."""
        play_narrated(self, self.words[key].format(**facts), steps, planned)

    def show_card(self, kicker: str, title: str, words: str, over: bool = False) -> None:
        """Cross-fade from whatever is on screen to a card and read its words; `over`: lay it over the picture instead."""
        shown = card(kicker, title)
        if over:
            steps = [Step((FadeIn(shown),), self.card_time, self.hold_time), Step((FadeOut(shown),), self.card_time / 2)]
        else:
            steps = self.clear_to([Step((FadeIn(shown),), self.card_time, self.hold_time)])
        play_narrated(self, words, steps, sum(step.run_time + step.wait for step in steps))

    def chapter(self, name: str, part: int | None = None, over: bool = False) -> None:
        """Start a chapter: its section, the part card if a part begins here, then the chapter card."""
        self.section(name)
        if part is not None:
            words = LECTURE[f"part_{_ORDINALS[part - 1]}"]
            self.show_card(f"Part {_ORDINALS[part - 1]}", _sentence_case(words.split(": ", 1)[1].rstrip(".")), words)
        number = CHAPTERS.index(name)
        self.show_card(f"Chapter {number}", CHAPTER_TITLES[name], f"Chapter {number}: {CHAPTER_TITLES[name]}.", over)

    def cnn_beat(self, name: str) -> None:
        """One beat of the tiny-CNN lesson inside the current chapter (no section of its own), narrated."""
        play_beat(self, name, self.lesson.beat(name), beat_words(self.numbers, name), section=False)

    def clear_to(self, steps: list[Step]) -> list[Step]:
        """Fade out what is on screen while the first step brings in the next picture."""
        if not self.mobjects or not steps:
            return steps
        first = steps[0]
        swap = LaggedStart(FadeOut(Group(*self.mobjects)), AnimationGroup(*first.animations), lag_ratio=0.5)
        return [Step((swap,), first.run_time * 1.5, first.wait), *steps[1:]]

    def show_title(self) -> None:
        self.section("title")
        shown = title_card(CHAPTER_TITLES["title"], title_subtitle(self.run), [CHAPTER_TITLES[name] for name in CHAPTERS[1:]])
        self.say("title", [Step((FadeIn(shown),), self.card_time, self.read_time)], self.card_time + self.read_time,
                 classes=self.run.data.classes)

    def show_data(self) -> None:
        self.chapter("data", part=1)
        data = self.run.data
        block = Text(data_notes(self.run), font=FONT, font_size=22, color=PALETTE.ink, line_spacing=1.1)
        block.next_to(self.replay.board.surface, RIGHT, buff=0.8)
        room = config.frame_width / 2 - 0.3 - block.get_left()[0]
        if block.width > room:  # a long caption or many classes: shrink to stay inside the frame
            block.scale_to_fit_width(room).next_to(self.replay.board.surface, RIGHT, buff=0.8)
        heading = text(CHAPTER_TITLES["data"], font_size=30).to_edge(UP, buff=0.4)
        dots_train, dots_test = self.replay.board.surface.dots
        steps = self.clear_to([Step((FadeIn(heading), LaggedStart(FadeIn(dots_train), FadeIn(dots_test), lag_ratio=0.4)),
                                    self.card_time * 1.5), Step((FadeIn(block),), self.card_time, self.read_time)])
        self.say("data", steps, self.card_time * 2.5 + self.read_time,
                 points=len(data.y_train) + len(data.y_test), train=len(data.y_train), test=len(data.y_test),
                 dataset=dataset_words(self.run), classes=data.classes)

    def show_network(self) -> None:
        self.chapter("network")
        widths, activation = network_widths(self.run.hidden, self.run.data.classes), self.run.activation
        heading = text(CHAPTER_TITLES["network"], font_size=30).to_edge(UP, buff=0.4)
        diagram = NetworkDiagram(widths, activation).next_to(heading, DOWN, buff=0.5)
        steps = self.clear_to([Step((FadeIn(heading), diagram.make_build_animation()), self.build_time),
                               Step((diagram.make_forward_animation(),), self.pulse_time, self.read_time)])
        spoken_widths = ", ".join(map(str, widths[:-1])) + f" and {widths[-1]}"
        self.say("network", steps, self.build_time + self.pulse_time + self.read_time,
                 widths=spoken_widths, activation=activation, classes=self.run.data.classes)

    def show_training(self) -> None:
        self.chapter("training")
        replay = self.replay
        shown = Group(replay.title, replay.key, replay.board.surface.dots)
        play_steps(self, self.clear_to([Step((FadeIn(shown),), replay.fade_time)]))
        for name in ("untrained", "training", "result"):
            play_narrated(self, replay.captions[name], getattr(replay, name)(), replay.durations()[name])

    def show_cnn_forward(self) -> None:
        self.chapter("cnn_forward", part=2)
        self.lesson = Lesson(self.numbers)
        n, k = self.numbers.example.n, self.numbers.example.k
        self.say("cnn_forward", n=n, k=k)  # over the chapter card: the screen is never left empty while the voice goes on
        play_steps(self, [Step((FadeOut(Group(*self.mobjects)),), self.card_time / 2)])
        for name in FORWARD_BEATS:
            self.cnn_beat(name)

    def show_gradient_to_kernel(self) -> None:
        self.chapter("gradient_w00", over=True)
        self.say("gradient_w00", kernel=self.numbers.kernel_grad.target)
        for name in _KERNEL_BEATS:
            self.cnn_beat(name)

    def show_gradient_to_input(self) -> None:
        self.chapter("gradient_a21", over=True)
        grad = self.numbers.input_grad
        self.say("gradient_a21", input=grad.target, windows=len(grad.terms))
        for name in _INPUT_BEATS:
            self.cnn_beat(name)

    def show_summary(self) -> None:
        self.chapter("summary")
        shown = summary_card(self.numbers)
        kernel, inp = self.numbers.kernel_grad, self.numbers.input_grad
        steps = self.clear_to([Step((write_rows(shown),), self.card_time * 3, self.read_time)])
        both = self.numbers.kernel_agrees and self.numbers.input_agrees  # said only after model/ compared them
        verdict = "both agree with torch autograd" if both else "torch autograd does not agree with both"
        self.say("summary", steps, self.card_time * 3 + self.read_time, verdict=verdict,
                 kernel=kernel.target, kernel_value=f"{kernel.value:.4f}", input=inp.target, input_value=f"{inp.value:.4f}")
        closing = card("Every number computed once, in model/, and checked", "Thank you for watching")
        self.say("closing", [Step((FadeOut(shown), FadeIn(closing)), self.card_time, self.end_time)], self.card_time + self.end_time)
