"""Narration in a scene: speak a beat's text (cached), show it as subtitles, let the beat last as long as the voice."""

from collections.abc import Iterable, Iterator
from functools import cache

from manim import Scene, config

from render.speech.voice import Engine, make_engine, speak, voice_from_env
from scenes.kit import CHARS_PER_SECOND, Step, beat_length, play_steps, subtitle_chunks

__all__ = ["BREATH", "narrate", "play_beat", "play_narrated", "show_subtitle", "skipping", "voiced_seconds"]

BREATH = 0.6  # seconds of quiet after the voice before the next beat


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


def voiced_seconds(planned: float, speech: float) -> float:
    """Seconds a beat of `planned` seconds lasts under `speech` seconds of narration."""
    return max(planned, speech + BREATH) if speech > 0 else planned


def show_subtitle(scene: Scene, text: str, start: float, spoken: float = 0.0) -> None:
    """Show `text` from scene time `start` until now, cue after cue (at most two lines of 42 characters each).

    Each cue gets a share of the `spoken` seconds (of the whole beat when nothing is spoken) by its length,
    as the voice reads at an even pace, but never less than reading time; the last cue stays to the beat's end.
    """
    if skipping(scene) or scene.time <= start:
        return
    parts = subtitle_chunks(text)
    total, at = sum(len(part) for part in parts), start
    readable = max(spoken, total / CHARS_PER_SECOND)  # a quick voice does not rush the subtitles past reading speed
    span = min(readable, scene.time - start) if spoken > 0 else scene.time - start
    for k, part in enumerate(parts):
        seconds = scene.time - at if k == len(parts) - 1 else span * len(part) / total
        scene.add_subcaption(part, duration=seconds, offset=at - scene.time - _shift(scene))
        at += seconds


def _stretched(steps: Iterable[Step], factor: float) -> Iterator[Step]:
    for step in steps:
        yield Step(step.animations, step.run_time * factor, step.wait * factor)


def _hold_until(scene: Scene, end: float) -> None:
    if end - scene.time >= 1 / config.frame_rate:  # less than a frame: nothing to hold
        scene.wait(end - scene.time)


def play_beat(scene: Scene, name: str, steps: Iterable[Step], words: str, section: bool = True) -> float:
    """A lesson beat: its section, its steps spoken over, then a hold for as long as reading or the voice needs.

    The beat lasts beat_length() (its animations, a still end, the time to read its words) or the narration
    and a breath, whichever is longer; its words are the subtitles. Returns the beat's seconds.
    """
    if section:
        scene.next_section(name)
    start = scene.time
    spoken = narrate(scene, words)
    play_steps(scene, steps)
    _hold_until(scene, start + max(beat_length(scene.time - start, words), voiced_seconds(0.0, spoken)))
    show_subtitle(scene, words, start, spoken)
    return scene.time - start


def play_narrated(scene: Scene, text: str, steps: Iterable[Step], planned: float | None = None) -> float:
    """Play steps under their narration and subtitle, stretched to outlast the voice; return the seconds.

    With `planned` (the steps' own seconds) every step stretches so the beat outlasts the voice by a breath;
    without it the beat's last frame holds until the voice is done.
    """
    start = scene.time
    spoken = narrate(scene, text)
    needed = voiced_seconds(0.0, spoken)
    factor = max(1.0, needed / planned) if planned and spoken > 0 else 1.0
    play_steps(scene, _stretched(steps, factor))
    _hold_until(scene, start + needed)
    show_subtitle(scene, text, start, spoken)
    return scene.time - start
