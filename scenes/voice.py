"""Narration in a scene: speak a beat's text (cached), show it as a subtitle, let the beat last as long as the voice."""

import re
import textwrap
from collections.abc import Iterable, Iterator
from functools import cache

from manim import Scene, config

from render.speech import Engine, make_engine, speak, voice_from_env
from scenes.cnn_mobjects import Step, play_steps

__all__ = ["BREATH", "LINE_WIDTH", "beat_seconds", "cues", "narrate", "play_narrated", "show_subtitle", "skipping", "wrap"]

BREATH = 0.6  # seconds of quiet after the voice before the next beat
LINE_WIDTH = 42  # characters a subtitle line holds


@cache
def _engine(voice: str) -> Engine | None:
    return make_engine(voice)


def skipping(scene: Scene) -> bool:
    """True while the scene plays without writing frames (a skipped section, or `manim -s`)."""
    renderer = scene.renderer
    sections = getattr(renderer.file_writer, "sections", None)
    return bool(getattr(renderer, "_original_skipping_status", False) or (sections and sections[-1].skip_animations))


def _shift(scene: Scene) -> float:
    """Seconds of skipped sections before now: those frames are not in the file, so sound and text move back."""
    return float(getattr(scene, "skipped_seconds", 0.0))


def narrate(scene: Scene, text: str) -> float:
    """Speak `text` from the scene's current time; return the seconds of audio (0 without a voice)."""
    engine = _engine(voice_from_env())
    if engine is None or skipping(scene):
        return 0.0
    speech = speak(text, engine)
    # The file writer directly: Scene.add_sound drops a sound added right after an animation read from manim's cache.
    scene.renderer.file_writer.add_sound(str(speech.path), max(scene.time - _shift(scene), 0.0))
    return speech.seconds


def beat_seconds(planned: float, speech: float) -> float:
    """Seconds a beat of `planned` seconds lasts under `speech` seconds of narration."""
    return max(planned, speech + BREATH) if speech > 0 else planned


def wrap(text: str) -> str:
    """A subtitle: the narration text in lines of at most LINE_WIDTH characters."""
    return textwrap.fill(" ".join(text.split()), LINE_WIDTH, break_on_hyphens=False)


def cues(text: str) -> list[str]:
    """The subtitle cues of a narration: sentence by sentence, wrapped, two lines to a cue (three, not an orphan)."""
    out: list[list[str]] = []
    for sentence in re.split(r"(?<=[.;?!])\s+", " ".join(text.split())):
        lines = wrap(sentence).splitlines()
        groups = [lines[k : k + 2] for k in range(0, len(lines), 2)]
        if len(groups) > 1 and len(groups[-1]) == 1 and len(groups[-1][0]) < LINE_WIDTH // 2:
            last = groups.pop()
            groups[-1] += last
        out += groups
    return ["\n".join(group) for group in out]


def show_subtitle(scene: Scene, text: str, start: float, spoken: float = 0.0) -> None:
    """Show `text` from scene time `start` until now, cue after cue.

    Each cue gets a share of the `spoken` seconds (of the whole beat when nothing is spoken) by its length,
    as the voice reads at an even pace; the last cue stays up to the end of the beat.
    """
    if skipping(scene) or scene.time <= start:
        return
    parts = cues(text)
    span = min(spoken, scene.time - start) if spoken > 0 else scene.time - start
    total, at = sum(len(part) for part in parts), start
    for k, part in enumerate(parts):
        seconds = scene.time - at if k == len(parts) - 1 else span * len(part) / total
        scene.add_subcaption(part, duration=seconds, offset=at - scene.time - _shift(scene))
        at += seconds


def _stretched(steps: Iterable[Step], factor: float) -> Iterator[Step]:
    for step in steps:
        yield Step(step.animations, step.run_time * factor, step.wait * factor)


def play_narrated(scene: Scene, text: str, steps: Iterable[Step], planned: float | None = None) -> float:
    """Play a beat's steps under its narration and subtitle; return the beat's seconds.

    With `planned` (the steps' own seconds) every step stretches so the beat outlasts the voice by a breath;
    without it the beat's last frame holds until the voice is done.
    """
    start = scene.time
    spoken = narrate(scene, text)
    needed = spoken + BREATH
    factor = max(1.0, needed / planned) if planned and needed > BREATH else 1.0
    play_steps(scene, _stretched(steps, factor))
    rest = start + needed - scene.time
    if needed > BREATH and rest >= 1 / config.frame_rate:  # less than a frame: nothing to hold
        scene.wait(rest)
    show_subtitle(scene, text, start, spoken)
    return scene.time - start
