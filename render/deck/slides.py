"""Slides from beats: a title, the words, the numbers on screen and the next slide's title for each clip."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from render.deck.beats import Beat

__all__ = ["Slide", "make_slides"]


@dataclass(frozen=True)
class Slide:
    """One slide of the deck: a beat's clip with everything the speaker notes say about it."""

    title: str  # what the slide is called in the notes and the outline
    chapter: str  # the chapter's title ('' for a lesson without chapters)
    kind: str  # 'card' (a part or chapter card: a section slide) or 'beat'
    words: str  # the narration of the beat, in full
    numbers: tuple[tuple[str, str], ...]  # (label, value) of the numbers on screen
    clip: str  # the clip's path inside the deck folder
    seconds: float  # the clip's length
    next_title: str  # the following slide's title ('' on the last slide)


def _title(beat: Beat, titles: dict[str, str]) -> str:
    if beat.kind == "card":  # "Chapter 2: The network." -> "Chapter 2: The network"
        return beat.words.rstrip(".")
    if beat.name in titles:  # a chapter's own beat: "data" -> "The data"
        return titles[beat.name]
    return beat.name.replace("_", " ").capitalize()


def make_slides(beats: Sequence[Beat], clips: Sequence[str], titles: dict[str, str],
                numbers: Callable[[str], list[tuple[str, str]]]) -> list[Slide]:
    """One slide per beat, in order; `titles` names chapters, `numbers(beat name)` gives its numbers on screen."""
    names = [_title(beat, titles) for beat in beats]
    return [Slide(names[k], titles.get(beat.chapter, beat.chapter), beat.kind, beat.words, tuple(numbers(beat.name)),
                  clip, beat.seconds, names[k + 1] if k + 1 < len(beats) else "")
            for k, (beat, clip) in enumerate(zip(beats, clips, strict=True))]
