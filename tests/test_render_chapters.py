"""Finishing sectioned videos: audio in each chapter file, chapters in the MP4, WebVTT, joins without re-encoding."""

import datetime
import subprocess

import av
import pytest
import srt

from render.video.chapters import (
    Chapter,
    chapter_times,
    embed_chapters,
    has_audio,
    join_videos,
    offset_subtitles,
    section_audio,
    video_seconds,
    write_vtt,
)


def _clip(path, seconds: float, tone: bool = False):
    """A 64x48 15 fps H.264 clip, with a 440 Hz tone if asked."""
    args = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size=64x48:rate=15:duration={seconds}"]
    if tone:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=22050:duration={seconds}", "-c:a", "aac"]
    subprocess.run([*args, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


def _audio_seconds(path) -> float:
    with av.open(str(path)) as container:
        return sum(frame.samples for frame in container.decode(audio=0)) / container.streams.audio[0].rate


def test_each_section_gets_its_span_of_audio(tmp_path):
    final = _clip(tmp_path / "final.mp4", 3.0, tone=True)
    first, second = _clip(tmp_path / "a.mp4", 1.0), _clip(tmp_path / "b.mp4", 2.0)
    section_audio(first, final, 0.0, video_seconds(first))
    section_audio(second, final, 1.0, video_seconds(second))
    for path in (first, second):
        assert has_audio(path)
        assert _audio_seconds(path) == pytest.approx(video_seconds(path), abs=0.1)
    assert video_seconds(second) == pytest.approx(2.0)  # video copied, not re-timed


def test_missing_audio_becomes_silence_of_the_right_length(tmp_path):
    video = _clip(tmp_path / "v.mp4", 1.4)
    section_audio(video, None, 0.0, video_seconds(video))
    assert _audio_seconds(video) == pytest.approx(1.4, abs=0.1)


def test_chapters_are_embedded_and_read_back(tmp_path):
    parts = [_clip(tmp_path / f"{k}.mp4", s) for k, s in enumerate((1.0, 2.0))]
    chapters = chapter_times(parts, ["title", "data"], {"title": "Title", "data": "The data"})
    assert chapters == [Chapter("title", "Title", 0.0, 1.0), Chapter("data", "The data", 1.0, 3.0)]
    joined = tmp_path / "joined.mp4"
    join_videos(parts, joined)
    assert video_seconds(joined) == pytest.approx(3.0) and not (tmp_path / "joined.concat.txt").exists()
    meta = embed_chapters(joined, chapters)
    assert "title=The data" in meta.read_text()
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "csv=p=0", str(joined)],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    assert [line.split(",")[-1] for line in probe] == ["Title", "The data"]
    assert [float(line.split(",")[3]) for line in probe] == [0.0, 1.0]


def test_subtitles_offset_and_webvtt(tmp_path):
    one, two = tmp_path / "one.srt", tmp_path / "two.srt"
    cue = lambda a, b, t: srt.Subtitle(1, datetime.timedelta(seconds=a), datetime.timedelta(seconds=b), t)  # noqa: E731
    one.write_text(srt.compose([cue(0, 1.5, "first")]))
    two.write_text(srt.compose([cue(0.25, 2, "second\nline")]))
    out = tmp_path / "all.srt"
    offset_subtitles([(one, 0.0), (two, 10.0), (tmp_path / "gone.srt", 20.0)], out)
    entries = list(srt.parse(out.read_text()))
    assert [(e.index, e.start.total_seconds(), e.end.total_seconds(), e.content) for e in entries] == [
        (1, 0.0, 1.5, "first"), (2, 10.25, 12.0, "second\nline")]
    vtt = write_vtt(out).read_text()
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nfirst\n\n00:00:10.250 --> 00:00:12.000\nsecond\nline")
