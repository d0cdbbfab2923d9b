"""Speech engines and their cache: one synthesis per (text, voice, engine version)."""

import subprocess
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from render.speech.voice import VOICE_ENV_VAR, make_engine, speak, voice_from_env, voiced_end, wav_seconds


@dataclass
class _CountingEngine:
    """A fake voice: a 440 Hz tone, 0.1 s per word, and a count of syntheses."""

    name: str = "tone"
    version: str = "1"
    calls: list[str] = field(default_factory=list)

    def synthesize(self, words: str, path: Path) -> None:
        self.calls.append(words)
        t = np.arange(int(0.1 * len(words.split()) * 16000)) / 16000
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(16000)
            wav.writeframes((8000 * np.sin(2 * np.pi * 440 * t)).astype("<i2").tobytes())


def test_second_request_reads_the_cache(tmp_path):
    engine = _CountingEngine()
    first = speak("dL/dw00 is small", engine, tmp_path)
    second = speak("dL/dw00 is small", engine, tmp_path)
    assert first == second and len(engine.calls) == 1
    assert engine.calls == ["dee L by dee w zero zero is small"]  # the engine hears the spoken words
    assert first.seconds == pytest.approx(0.1 * 9)


def test_new_text_or_engine_version_synthesises_again(tmp_path):
    engine = _CountingEngine()
    a = speak("one two", engine, tmp_path)
    b = speak("one two three", engine, tmp_path)
    engine.version = "2"
    c = speak("one two", engine, tmp_path)
    assert len({a.path, b.path, c.path}) == 3 and len(engine.calls) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.path.name for p in (a, b, c))  # no temporary left


def test_empty_text_is_refused(tmp_path):
    with pytest.raises(ValueError, match="narration text must not be empty"):
        speak("  ", _CountingEngine(), tmp_path)


def test_unknown_voice_names_the_value(monkeypatch):
    with pytest.raises(ValueError, match="voice must be one of piper, espeak, none. Got 'robot' instead."):
        make_engine("robot")
    monkeypatch.setenv(VOICE_ENV_VAR, "robot")
    with pytest.raises(ValueError, match=f"{VOICE_ENV_VAR} must be one of"):
        voice_from_env()
    monkeypatch.delenv(VOICE_ENV_VAR)
    assert voice_from_env() == "piper" and make_engine("none") is None


def _samples(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(float) / 32768


@pytest.mark.parametrize("voice", ["piper", "espeak"])
def test_a_real_voice_speaks_a_short_phrase(tmp_path, voice):
    speech = speak("The gradient is minus 0.0954.", make_engine(voice), tmp_path)
    samples = _samples(speech.path)
    assert 1.2 < speech.seconds < 5.0
    soxi = subprocess.run(["soxi", "-D", str(speech.path)], capture_output=True, text=True, check=True)  # another reader's length
    assert speech.seconds == pytest.approx(float(soxi.stdout), abs=1e-3)
    assert np.sqrt(np.mean(samples**2)) > 0.02  # not silent
    assert np.abs(samples).max() > 0.2


def test_the_voice_ends_where_its_last_sound_is(tmp_path):
    path = tmp_path / "tail.wav"
    t = np.arange(8000) / 16000  # 0.5 s of tone, then 0.3 s of silence
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(16000)
        tone = (8000 * np.sin(2 * np.pi * 440 * t)).astype("<i2")
        wav.writeframes(np.concatenate([tone, np.zeros(4800, "<i2")]).tobytes())
    assert wav_seconds(path) == pytest.approx(0.8)
    assert voiced_end(path) == pytest.approx(0.5, abs=0.002)
