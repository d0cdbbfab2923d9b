"""The whole lesson in one narrated video: data, network, training replay, then backprop through a tiny CNN.

Every chapter opens on its own full-screen card (the part's name folded into its first chapter's card); what
was on screen leaves before the card arrives and, inside the CNN lesson, comes back after it. Every phrase is
spoken from the step it describes (scenes/voice.play_beat).
"""

import os

from manim import DOWN, RIGHT, UP, Circumscribe, Group, Indicate, LaggedStart, Write
from manim.utils.exceptions import EndSceneEarlyException

from model.network import network_widths
from model.conv import load_example
from model.scene_numbers import scene_numbers
from render.files.snapshots import load_snapshots
from render.palette import PALETTE
from render.text.numbers import fixed
from scenes.beat_sections import keep_beats, start_beat
from scenes.cnn_lesson import BACKWARD_BEATS, FORWARD_BEATS, Lesson, beat_words
from scenes.kit import ImageScene, Step, appear, clean_failure, require_latex, text, vanish
from scenes.lecture_mobjects import NetworkDiagram, card, notes_beside, summary_card, title_card
from scenes.lecture_replay import SAFE_BOTTOM, bridge_steps, fit_above_subtitles, paced_replay_steps, sentences
from scenes.names import CHAPTER_KEYS, CHAPTERS_ENV_VAR
from scenes.run_words import data_notes, dataset_words, lecture_words, title_subtitle
from scenes.script import CHAPTER_CARDS, CHAPTER_PARTS, CHAPTER_TITLES
from scenes.training_beats import ReplayBeats, snapshots_path
from scenes.voice import play_beat

__all__ = ["CHAPTERS", "CHAPTERS_ENV_VAR", "Lecture"]

CHAPTERS = CHAPTER_KEYS  # section names, in the order they play
_KERNEL_BEATS = BACKWARD_BEATS[: BACKWARD_BEATS.index("kernel_gradient") + 1]  # chapter gradient_w00
_INPUT_BEATS = BACKWARD_BEATS[len(_KERNEL_BEATS) :]  # chapter gradient_a21, then the answers
_SUMMARY_ROWS = (0, 1, 1, 2, 3, 3, 4, 5, 6)  # the summary card's row each phrase is about


class Lecture(ImageScene):
    """One section per chapter, each opened by its card; every number comes from model/ or the recorded snapshots."""

    card_time = 0.8  # seconds to bring in a card
    leave_time = 0.4  # seconds for a picture to leave before the next arrives
    end_time = 2.0  # seconds the closing card holds after its words

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.skipped_seconds = 0.0  # seconds of skipped sections so far: sound and subtitles move back by this
        self._section_start, self._section_skipped = 0.0, False
        self.data_shift = 0.0  # how far left the data chapter moved the surface to make room for its notes

    def construct(self) -> None:
        require_latex()
        keep_beats(self, CHAPTERS)  # one section per beat: the deck's clips, joined again into the chapter files
        with clean_failure():  # bad $TRAINING_SNAPSHOTS or $BACKPROP_EXAMPLE: one line, exit 2
            self.run = load_snapshots(snapshots_path())
            self.numbers = scene_numbers(load_example(None))
            self.replay = ReplayBeats(self.run, bottom=SAFE_BOTTOM)  # above the subtitles
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

    def phrases(self, key: str, **facts) -> tuple[str, ...]:
        """The lecture's phrases for `key`, filled in with `facts`."""
        return tuple(phrase.format(**facts) for phrase in self.words[key])

    def beat(self, name: str, words: str | tuple[str, ...], steps, card: bool = False) -> None:
        """Play narrated steps inside the current chapter, as a beat of their own (a section the deck shows as a slide)."""
        start_beat(self, name, words if isinstance(words, str) else " ".join(words), card=card)
        play_beat(self, "", steps, section=False)

    def leave(self) -> list[Step]:
        """Everything on screen fades out, before anything new arrives."""
        shown = [m for m in self.mobjects if any(len(part.points) for part in m.get_family())]  # not an empty leftover
        return [Step((vanish(Group(*shown)),), self.leave_time)] if shown else []

    def chapter(self, name: str, keep: bool = False) -> None:
        """Start a chapter: its section and its card, alone on the screen; `keep`: the picture returns after the card."""
        self.section(name)
        number = CHAPTERS.index(name)
        kicker = f"{CHAPTER_PARTS[name]}  ·  Chapter {number}" if name in CHAPTER_PARTS else f"Chapter {number}"
        shown, kept = card(kicker, CHAPTER_TITLES[name]), list(self.mobjects)
        steps = [*self.leave(), Step((appear(shown),), self.card_time, say=CHAPTER_CARDS[name], fill=True),
                 Step((vanish(shown),), self.leave_time)]
        if keep and kept:
            steps.append(Step((appear(Group(*kept)),), self.leave_time))
        self.beat(f"{name}_card", CHAPTER_CARDS[name], steps, card=True)
        if keep and kept:  # back as the separate mobjects they were, so the lesson moves them one by one
            self.clear()
            self.add(*kept)

    def cnn_beat(self, name: str) -> None:
        """One beat of the tiny-CNN lesson inside the current chapter, narrated phrase by phrase."""
        start_beat(self, name, beat_words(self.numbers, name))
        play_beat(self, name, self.lesson.beat(name), section=False)  # its steps carry their own phrases

    def show_title(self) -> None:
        self.section("title")
        shown = title_card(CHAPTER_TITLES["title"], title_subtitle(self.run), [CHAPTER_TITLES[name] for name in CHAPTERS[1:]])
        head, sub, items = shown
        said = self.phrases("title", classes=self.run.data.classes)
        self.beat("title", said, [Step((appear(head),), self.card_time, say=said[0]), Step((appear(sub),), self.card_time, say=said[1]),
                   Step((LaggedStart(*(appear(line) for line in items), lag_ratio=0.3),), 1.5, say=said[2])])

    def show_data(self) -> None:
        self.chapter("data")
        data, surface = self.run.data, self.replay.board.surface
        lines = [line for line in data_notes(self.run).split("\n") if line.strip()]
        block, self.data_shift = notes_beside(lines, surface)  # the surface goes back to its place in the training chapter
        heading = text(CHAPTER_TITLES["data"], font_size=40).to_edge(UP, buff=0.35)
        counts = [k for k, line in enumerate(lines) if "training points" in line][:1] or [len(lines) - 1]
        caption, trained, rest = block[: counts[0]], block[counts[0] : counts[0] + 1], block[counts[0] + 1 :]
        train, test = surface.dots
        said = self.phrases("data", points=len(data.y_train) + len(data.y_test), train=len(data.y_train),
                            test=len(data.y_test), dataset=dataset_words(self.run), classes=data.classes)
        self.beat("data", said, [Step((appear(heading), appear(caption), appear(surface.dots)), self.card_time, say=said[0]),
                   Step((appear(trained), Indicate(train, color=PALETTE.highlight, scale_factor=1.15)), 1.2, say=said[1]),
                   Step((appear(rest), Indicate(test, color=PALETTE.highlight, scale_factor=1.15)), 1.2, say=said[2])])

    def show_network(self) -> None:
        self.chapter("network")
        widths, activation = network_widths(self.run.hidden, self.run.data.classes), self.run.activation
        heading = text(CHAPTER_TITLES["network"], font_size=40).to_edge(UP, buff=0.35)
        diagram = NetworkDiagram(widths, activation).next_to(heading, DOWN, buff=0.5)
        fit_above_subtitles(diagram, heading.get_bottom()[1] - 0.4)
        spoken_widths = ", ".join(map(str, widths[:-1])) + f" and {widths[-1]}"
        said = self.phrases("network", widths=spoken_widths, activation=activation, classes=self.run.data.classes)
        hidden = Group(*diagram.layers[1:-1]) if len(diagram.layers) > 2 else diagram.layers
        self.beat("network", said, [Step((appear(heading, rate_func=lambda t: min(1.0, 4 * t)), diagram.make_build_animation()), 2.0, say=said[0]),
                   Step((Indicate(diagram.captions, color=PALETTE.highlight, scale_factor=1.05),), 1.2, say=said[1]),
                   Step((Indicate(hidden, color=PALETTE.forward, scale_factor=1.05),), 1.2, say=said[2]),
                   Step((diagram.make_forward_animation(),), 2.0, say=said[3])])

    def show_training(self) -> None:
        self.chapter("training")
        replay, board = self.replay, self.replay.board
        board.surface.shift(RIGHT * self.data_shift)  # back beside the network, where the replay laid it out
        captions = replay.captions
        reveal = next(iter(replay.untrained())).animations
        first = sentences(captions["untrained"])
        pointers = [board.surface.mistakes, board.surface.frame, *([board.panels] if board.panels else [])]
        quick = appear(Group(replay.title, replay.key, board.surface.dots), rate_func=lambda t: min(1.0, 3 * t))  # no blank gap
        steps = [*self.leave(), Step((quick, *reveal), 0.8, say=first[0])]
        steps += [Step((Circumscribe(pointers[min(k, len(pointers) - 1)], color=PALETTE.highlight),), 1.2, say=phrase)
                  for k, phrase in enumerate(first[1:])]
        self.beat("untrained", captions["untrained"], steps)
        self.beat("training", self.words["training"], paced_replay_steps(replay, self.words["training"]))
        self.beat("result", captions["result"], [Step((Circumscribe(board.readout, color=PALETTE.highlight),), 1.8, say=captions["result"]),
                   Step((Circumscribe(board.accuracy, color=PALETTE.highlight),), 1.8)])
        epochs = self.run.snapshots[-1].epoch
        bridge = self.phrases("bridge", epochs=epochs)
        self.beat("bridge", bridge, bridge_steps(epochs, bridge, list(self.mobjects)))

    def show_cnn_forward(self) -> None:
        self.chapter("cnn_forward")
        self.lesson = Lesson(self.numbers)
        for name in FORWARD_BEATS:
            self.cnn_beat(name)

    def show_gradient_to_kernel(self) -> None:
        self.chapter("gradient_w00", keep=True)
        for name in _KERNEL_BEATS:
            self.cnn_beat(name)

    def show_gradient_to_input(self) -> None:
        self.chapter("gradient_a21", keep=True)
        for name in _INPUT_BEATS:
            self.cnn_beat(name)

    def show_summary(self) -> None:
        self.chapter("summary")
        kernel, inp = self.numbers.kernel_grad, self.numbers.input_grad
        both = self.numbers.kernel_agrees and self.numbers.input_agrees  # said only after model/ compared them
        verdict = "both agree with torch autograd" if both else "torch autograd does not agree with both"
        rows = summary_card(self.numbers, SAFE_BOTTOM)
        said = self.phrases("summary", kernel=kernel.target, kernel_value=fixed(kernel.value), input=inp.target,
                            input_value=fixed(inp.value), verdict=verdict[:1].upper() + verdict[1:])
        steps, written = [], set()
        for row, phrase in zip(_SUMMARY_ROWS, said, strict=True):  # a row is written with its first phrase, then pointed at
            shown = Circumscribe(rows[row], color=PALETTE.highlight) if row in written else Write(rows[row])
            steps.append(Step((shown,), 1.2 if row else 0.8, say=phrase))
            written.add(row)
        self.beat("summary", said, steps)
        closing_words = self.phrases("closing")
        closing = card("Every number computed once, and checked", "Thank you for watching")
        self.beat("closing", closing_words, [Step((vanish(Group(*self.mobjects)),), self.leave_time),
                   Step((appear(closing[0]), appear(closing[1][0])), self.card_time, say=closing_words[0]),
                   Step((appear(closing[1][1]),), self.card_time, say=closing_words[1], fill=True),
                   Step((), 0.0, self.end_time, pause=True)])
