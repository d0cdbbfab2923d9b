"""Narration in a scene: speak each phrase from its step (cached), one subtitle cue per phrase, steps as long as their words."""

from collections.abc import Iterable, Iterator
from functools import cache

from manim import Scene, config

from render.speech.voice import Engine, make_engine, speak, voice_from_env, voiced_end
from scenes.kit import CHARS_PER_SECOND, Step, beat_length, play_steps, subtitle_chunks
from scenes.phrases import PhraseClock, Timed, cue_text, reading_seconds

__all__ = [
    "BREATH", "narrate", "phrase_seconds", "play_beat", "play_narrated", "play_phrases", "show_subtitle", "skipping",
    "voiced_seconds",
]  # fmt: skip

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


def phrase_seconds(phrase: str) -> float:
    """Seconds a phrase is spoken for: its cached audio with a voice, its reading time without one."""
    engine = _engine(voice_from_env())
    return reading_seconds(phrase) if engine is None else speak(phrase, engine).seconds


def _say(scene: Scene, phrase: str) -> tuple[float, float]:
    """Speak `phrase` from now (nothing is written while skipping); return its seconds and when its voice is last heard."""
    engine = _engine(voice_from_env())
    if engine is None or skipping(scene):
        return reading_seconds(phrase), reading_seconds(phrase)
    speech = speak(phrase, engine)
    scene.renderer.file_writer.add_sound(str(speech.path), max(scene.time - _shift(scene), 0.0))
    return speech.seconds, voiced_end(speech.path)


def _cue(scene: Scene, phrase: str, seconds: float) -> None:
    if not skipping(scene):
        scene.add_subcaption(cue_text(phrase), duration=seconds, offset=-_shift(scene))


def _play(scene: Scene, step: Step, wait: float) -> None:
    play_steps(scene, [Step(step.animations, step.run_time, wait)])


def play_phrases(scene: Scene, steps: Iterable[Step]) -> PhraseClock:
    """Play steps, each phrase spoken from its step and shown as one cue; hold before a phrase until the last is spoken.

    Steps come from their generator one at a time and play at once (a step may be built from the picture the
    ones before left). Returns the clock, with the cues and any motion that ran on long after its words.
    """
    clock, start = PhraseClock(), scene.time
    for step in steps:
        timed = Timed(step.run_time, step.wait, step.say, step.pause, step.fill)
        if step.say:
            _hold_until(scene, scene.time + clock.owed(scene.time - start))
            audio, heard = _say(scene, step.say)
            clock.begin(step.say, scene.time - start, audio, heard)
            _cue(scene, step.say, clock.cues[-1].end - clock.cues[-1].start)
        at = scene.time - start
        _play(scene, step, clock.wait(timed, at))
        clock.ran(timed, at, scene.time - start)
    _hold_until(scene, scene.time + clock.owed(scene.time - start))
    return clock


def play_beat(scene: Scene, name: str, steps: Iterable[Step], words: str = "", section: bool = True) -> float:
    """A lesson beat in its own section: its steps, each phrase spoken from the step that carries it.

    With `words` (one text for the whole beat, the older form) the text is spoken from the start and the
    beat lasts beat_length() or the narration and a breath, its words cut into subtitles. Returns the seconds.
    """
    if section:
        scene.next_section(name)
    start = scene.time
    if not words:
        play_phrases(scene, steps)
        return scene.time - start
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
