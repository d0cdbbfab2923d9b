"""Phrase-level sync: each subtitle cue is one phrase, on screen with its audio, and steps last as long as their words."""

import wave

import av
import numpy as np
import pytest

from render.speech.voice import make_engine, speak, voiced_end
from scenes.phrases import CUE_TAIL, PHRASE_GAP, Timed, cue_text, plan_steps, reading_seconds
from tests.phrase_scene import PHRASES
from tests.scene_checks import ROOT, render, subtitles, video_seconds

TOLERANCE = 0.3  # seconds a cue may stay after its audio, and may differ from it at its start


def _steps() -> list[Timed]:
    return [Timed(0.5, say=PHRASES[0]), Timed(1.0, say=PHRASES[1]), Timed(0.8), Timed(0.6, say=PHRASES[2]),
            Timed(0.0, 0.8, pause=True)]


def test_each_cue_is_its_phrase_from_start_to_audio_end():
    audio = {PHRASES[0]: 2.0, PHRASES[1]: 5.5, PHRASES[2]: 1.0}
    spans, cues, silent = plan_steps(_steps(), audio)
    assert [cue.text for cue in cues] == list(PHRASES)
    assert [cue.start for cue in cues] == pytest.approx([0.0, 2.0 + PHRASE_GAP, 2.0 + 5.5 + 2 * PHRASE_GAP])
    for cue in cues:
        assert 0.0 <= cue.end - (cue.start + cue.audio) <= TOLERANCE
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:]))
    assert spans[1][0] == pytest.approx(cues[1].start) and spans[3][0] == pytest.approx(cues[2].start)
    assert silent == []  # the pause is marked, nothing else runs on past its words


def test_motion_long_past_its_words_is_flagged_unless_a_pause():
    _, _, silent = plan_steps([Timed(4.0, say="Short."), Timed(3.0)], {"Short.": 1.0})
    assert silent == pytest.approx([3.0, 6.0])
    _, _, silent = plan_steps([Timed(4.0, say="Short.", pause=True)], {"Short.": 1.0})
    assert silent == []


def test_a_fill_step_holds_until_its_phrase_ends_before_the_next_step():
    steps = [Timed(1.0, say="x" * 70, fill=True), Timed(0.5), Timed(1.0, say="y")]
    spans, cues, _ = plan_steps(steps, {"x" * 70: 4.0, "y": 1.0})
    assert spans[0] == pytest.approx((0.0, 4.0 + PHRASE_GAP)) and spans[1] == pytest.approx((4.0 + PHRASE_GAP, 4.5 + PHRASE_GAP))
    assert cues[1].start == pytest.approx(4.5 + PHRASE_GAP)


def test_silent_renders_pace_phrases_by_reading_speed():
    _, cues, _ = plan_steps(_steps())
    assert [cue.audio for cue in cues] == [reading_seconds(p) for p in PHRASES]
    assert reading_seconds("x" * 140) == pytest.approx(10.0)


@pytest.mark.parametrize(("phrase", "shown"), [
    ("Each h_k gets its own weight v_k: k = 2i + j.", "Each hₖ gets its own weight vₖ: k = 2i + j."),
    ("delta_ij is dL/dz_ij, and y hat minus y in a21.", "δᵢⱼ is ∂L/∂zᵢⱼ, and ŷ minus y in a₂₁."),
])
def test_cues_use_the_screens_symbols(phrase, shown):
    assert cue_text(phrase).replace("\n", " ") == shown


def test_a_cue_never_breaks_inside_a_formula():
    text = cue_text("So the cell at row i and column j becomes number k = 2i + j in one long list of numbers.")
    assert all(len(line) <= 42 for line in text.splitlines())
    assert any("k = 2i + j" in line for line in text.splitlines())


def _onsets(video, threshold: float = 0.02) -> list[float]:
    """Starts of sound after at least 0.2 s of quiet, in seconds, from the decoded audio track."""
    with av.open(str(video)) as container:
        rate = container.streams.audio[0].rate
        samples = np.concatenate([f.to_ndarray().mean(axis=0) for f in container.decode(audio=0)])
    hop = rate // 100  # 10 ms windows
    loud = np.array([np.abs(samples[k : k + hop]).max() > threshold for k in range(0, len(samples) - hop, hop)])
    starts, quiet = [], 20
    for k, on in enumerate(loud):
        if on and quiet >= 20:
            starts.append(k / 100)
        quiet = 0 if on else quiet + 1
    return starts


def _lead_in(path) -> float:
    """Seconds of quiet at the start of a WAV (the voice's own lead-in)."""
    with wave.open(str(path), "rb") as wav:
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(float) / 32768
        return float(np.argmax(np.abs(data) > 0.02)) / wav.getframerate()


@pytest.mark.slow
def test_rendered_cues_sit_on_their_phrases_audio(tmp_path):
    render(str(ROOT / "tests" / "phrase_scene.py"), tmp_path, {"LESSON_VOICE": "piper"})
    video = next(tmp_path.rglob("PhraseDemo.mp4"))
    cues = subtitles(video, video_seconds(video))
    assert [cue.content for cue in cues] == [cue_text(p) for p in PHRASES]
    speech = [speak(p, make_engine("piper")) for p in PHRASES]
    onsets = _onsets(video)
    for cue, said in zip(cues, speech, strict=True):
        start, end = cue.start.total_seconds(), cue.end.total_seconds()
        assert 0.0 <= end - start - voiced_end(said.path) <= TOLERANCE  # leaves within 0.3 s of the voice's end
        assert end - start <= said.seconds + CUE_TAIL
        heard = min(onsets, key=lambda t: abs(t - start - _lead_in(said.path)))
        assert abs(heard - start - _lead_in(said.path)) < TOLERANCE  # the voice is heard when the cue appears


def test_a_cue_leaves_when_the_voice_is_last_heard_not_at_the_files_end():
    from scenes.phrases import PhraseClock

    clock = PhraseClock()
    clock.begin("Quiet tail.", 1.0, 2.0, heard=1.7)
    assert clock.cues[0].end == pytest.approx(1.0 + 1.7 + CUE_TAIL)
    assert clock.owed(1.5) == pytest.approx(2.0 + PHRASE_GAP - 0.5)  # the next phrase still waits for the whole file
