"""`lesson slides`: beat clips from sections, the reveal.js deck driven in headless Chromium, the PowerPoint read back."""

import json
import shutil
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner

from cli.main import cli
from render.deck.beats import read_beats, split_beats
from render.video.chapters import has_audio, video_seconds

RATE = 15  # frames per second of the made-up clips, as manim's -ql


def _clip(path: Path, frames: int, tone: bool = False) -> Path:
    """An H.264 clip of `frames` grey frames (brightness = frame number), with a 440 Hz tone if `tone`."""
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=RATE)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio = out.add_stream("aac", rate=22050) if tone else None
        for k in range(frames):
            image = np.full((48, 64, 3), (k * 7) % 256, np.uint8)
            out.mux(video.encode(av.VideoFrame.from_ndarray(image, format="rgb24")))
        out.mux(video.encode())
        if audio is not None:
            t = np.arange(int(22050 * frames / RATE)) / 22050
            samples = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None, :]
            frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
            frame.sample_rate, frame.time_base, frame.pts = 22050, Fraction(1, 22050), 0
            out.mux(audio.encode(frame))
            out.mux(audio.encode())
    return path


def test_split_beats_gives_each_beat_its_audio_and_joins_chapters(tmp_path):
    sections = tmp_path / "sections"
    sections.mkdir()
    names = [("title", 15), ("chapter_1", 30), ("data", 15)]
    index = [{"name": name, "type": "lesson.beat", "video": f"Lecture_{k:04}_{name}.mp4"} for k, (name, _) in enumerate(names)]
    for entry, (_, frames) in zip(index, names):
        _clip(sections / entry["video"], frames)
    (sections / "Lecture.json").write_text(json.dumps(index))
    movie = _clip(tmp_path / "Lecture.mp4", 60, tone=True)
    notes = [{"chapter": "title", "words": "Hello."}, {"chapter": "data", "kind": "card", "words": "Chapter 1: The data."},
             {"chapter": "data", "words": "Two   hundred points."}]
    split_beats(sections / "Lecture.json", movie, notes, ("title", "data"))

    beats = read_beats(tmp_path)
    assert [(b.name, b.chapter, b.kind) for b in beats] == [("title", "title", "beat"), ("chapter_1", "data", "card"),
                                                             ("data", "data", "beat")]
    assert [b.words for b in beats] == ["Hello.", "Chapter 1: The data.", "Two hundred points."]
    assert [b.seconds for b in beats] == pytest.approx([1.0, 2.0, 1.0])
    for beat in beats:  # each clip holds its span of the movie's audio, as long as its video
        assert beat.video.parent == tmp_path / "beats" and has_audio(beat.video)
        with av.open(str(beat.video)) as container:
            stream = container.streams.audio[0]
            assert float(stream.duration * stream.time_base) == pytest.approx(beat.seconds, abs=0.06)
    chapters = sorted(p.name for p in sections.glob("*.mp4"))  # the beats left; the chapters joined, silent as before
    assert chapters == ["Lecture_0000_title.mp4", "Lecture_0001_data.mp4"]
    assert video_seconds(sections / chapters[1]) == pytest.approx(3.0) and not has_audio(sections / chapters[1])
    listed = json.loads((sections / "Lecture.json").read_text())
    assert [(e["name"], e["video"]) for e in listed] == [("title", chapters[0]), ("data", chapters[1])]


def test_split_beats_refuses_notes_that_do_not_match(tmp_path):
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "S.json").write_text(json.dumps([{"name": "a", "type": "t", "video": "S_0000_a.mp4"}]))
    with pytest.raises(ValueError, match="Got 0 notes for 1 sections"):
        split_beats(tmp_path / "sections" / "S.json", tmp_path / "S.mp4", [])


@pytest.mark.parametrize("args, message", [
    (["--lesson", "backprop", "--chapter", "data"], "error: chapter applies to the lecture only"),
    (["--lesson", "talk"], "error: Invalid value for '--lesson'"),
])
def test_bad_options_are_one_line(tmp_path, args, message):
    result = CliRunner().invoke(cli, ["slides", *args, "--out", str(tmp_path / "deck")])
    assert result.exit_code == 2 and result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert not (tmp_path / "deck").exists()
