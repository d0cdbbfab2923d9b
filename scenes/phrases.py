"""Phrase timing without manim: how long each step of a narrated beat lasts, and where each subtitle cue sits.

A beat is a run of steps; a step with `say` starts a phrase, the steps after it (without `say`) play while
that phrase is still spoken. A phrase's group of steps lasts at least its audio plus PHRASE_GAP: a step marked
`fill` holds its picture (its wait grows) until the phrase ends, otherwise the group's last picture holds. Steps are played
as their generator makes them (a step's animations may depend on the ones before having played), so a group's
length is known only once the next phrase starts. One cue per phrase, from its start to its audio's end plus CUE_TAIL.
"""

import re
import textwrap
from dataclasses import dataclass

__all__ = [
    "CUE_TAIL", "LINE_CHARS", "PHRASE_GAP", "READING_CPS", "SILENT_AFTER",
    "Cue", "PhraseClock", "Timed", "cue_text", "plan_steps", "reading_seconds",
]  # fmt: skip

PHRASE_GAP = 0.25  # seconds of quiet between one phrase's end and the next phrase
CUE_TAIL = 0.1  # a cue stays this long after its voice is last heard (0.3 s at most, counting frame rounding)
SILENT_AFTER = 1.0  # motion running longer than this past its phrase's end, unmarked as a pause, is a fault
READING_CPS = 14.0  # characters a second a silent render paces its phrases for (the voice's own pace)
LINE_CHARS = 42  # characters per subtitle line

_SUBSCRIPT = str.maketrans("0123456789ijkmn", "₀₁₂₃₄₅₆₇₈₉ᵢⱼₖₘₙ")
_INDEXED = re.compile(r"(?<![\w\u0370-\u03ff])(delta|δ|[A-Za-z])(?:_?\{?(\d{1,3})\}?|_\{?([ijkmn]{1,2})\}?)(?![\w])")
_DERIVATIVE = re.compile(r"\bd([A-Za-z])\s*/\s*d([A-Za-z][\d₀-₉ᵢⱼₖₘₙ]*)")
_OPERATOR = re.compile(r" ([=+−×·≈]|-(?= )) ")  # spaces around an operator: a line never breaks inside a formula
_KEEP = "\u00a0"


def reading_seconds(phrase: str) -> float:
    """Seconds a phrase is given without a voice: its length at the voice's own pace."""
    return max(0.8, len(" ".join(phrase.split())) / READING_CPS)


def cue_text(phrase: str) -> str:
    """A phrase as its subtitle shows it: the screen's symbols (δᵢⱼ, a₂₁, ∂L/∂w₀₀), wrapped, no formula split."""
    out = " ".join(phrase.split())
    out = _DERIVATIVE.sub(lambda m: f"∂{m[1]}/∂{m[2]}", out)
    out = _INDEXED.sub(lambda m: ("δ" if m[1] in ("delta", "δ") else m[1]) + (m[2] or m[3]).translate(_SUBSCRIPT), out)
    out = re.sub(r"\by[ -]hat\b", "ŷ", out)
    out = re.sub(r"(?<![\w)])-(?=\d)", "−", out)  # a negative number's minus sign, as the screen sets it
    out = _OPERATOR.sub(lambda m: f"{_KEEP}{m[1]}{_KEEP}", out)
    lines = textwrap.wrap(out, LINE_CHARS, break_long_words=False, break_on_hyphens=False)
    return "\n".join(line.replace(_KEEP, " ") for line in lines)


@dataclass(frozen=True)
class Timed:
    """A step as the plan sees it: its own seconds, the phrase it starts (or ""), a deliberate pause, a fill."""

    run_time: float
    wait: float = 0.0
    say: str = ""
    pause: bool = False
    fill: bool = False


@dataclass(frozen=True)
class Cue:
    """One subtitle cue: a phrase, from its start to just after its voice is last heard (beat seconds), its audio's seconds."""

    text: str
    start: float
    end: float
    audio: float


class PhraseClock:
    """Keeps a beat's phrases: when each began, how long its audio lasts, what holds are owed, and the cues."""

    def __init__(self) -> None:
        self.cues: list[Cue] = []
        self.silent: list[float] = []  # seconds of unmarked motion after a phrase ended, one entry per fault
        self._phrase_end = None  # audio end of the current phrase, beat seconds
        self._phrase_start = 0.0

    def begin(self, phrase: str, at: float, audio: float, heard: float | None = None) -> None:
        """A phrase starts at `at` and lasts `audio` seconds, its voice last heard `heard` seconds in (default: its end)."""
        self.cues.append(Cue(phrase, at, at + min(audio, audio if heard is None else heard) + CUE_TAIL, audio))
        self._phrase_start, self._phrase_end = at, at + audio

    def wait(self, step: Timed, at: float) -> float:
        """Seconds a step waits after its motion: its own wait, or for a `fill` step until its phrase ends."""
        if not step.fill or self._phrase_end is None:
            return step.wait
        return max(step.wait, self._phrase_end + PHRASE_GAP - at - step.run_time)

    def owed(self, at: float) -> float:
        """Seconds to hold at `at` before the next phrase may start: the current one must be spoken out."""
        return 0.0 if self._phrase_end is None else max(0.0, self._phrase_end + PHRASE_GAP - at)

    def ran(self, step: Timed, start: float, end: float) -> None:
        """Note a step that played from `start` to `end`: motion long past its phrase's end is a fault unless a pause."""
        if self._phrase_end is not None and not step.pause and step.run_time > 0 and end - self._phrase_end > SILENT_AFTER:
            self.silent.append(end - self._phrase_end)


def plan_steps(steps: list[Timed], audio: dict[str, float] | None = None) -> tuple[list[tuple[float, float]], list[Cue], list[float]]:
    """The whole beat planned: each step's (start, end), the cues, and the silent-motion faults.

    `audio` gives each phrase's seconds (a real voice); phrases missing from it get reading_seconds().
    Mirrors voice.play_beat step for step, so a test can check a beat's timing without rendering it.
    """
    clock, at, spans = PhraseClock(), 0.0, []
    for step in steps:
        if step.say:
            at += clock.owed(at)
            clock.begin(step.say, at, (audio or {}).get(step.say, reading_seconds(step.say)))
        start, at = at, at + step.run_time + clock.wait(step, at)
        clock.ran(step, start, at)
        spans.append((start, at))
    at += clock.owed(at)
    if spans:
        spans[-1] = (spans[-1][0], at)
    return spans, clock.cues, clock.silent
