"""Finish a sectioned video with ffmpeg: audio in every chapter file, chapters in the MP4, WebVTT, joins without re-encoding."""

import datetime
import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import av
import srt

from render.files.atomic import atomic_path

__all__ = [
    "Chapter",
    "chapter_times",
    "embed_chapters",
    "has_audio",
    "join_videos",
    "offset_subtitles",
    "section_audio",
    "video_seconds",
    "write_index",
    "write_vtt",
]


@dataclass(frozen=True)
class Chapter:
    """One chapter of a video: its section name, its title, and where it starts and ends in seconds."""

    name: str
    title: str
    start: float
    end: float


def _ffmpeg(*args: str) -> None:
    if shutil.which("ffmpeg") is None:
        raise RuntimeError("finishing the video needs ffmpeg on PATH. Got none instead. Install it with `apt-get install ffmpeg`.")
    done = subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg failed with exit status {done.returncode}: {done.stderr.strip()[-600:]}")


def video_seconds(path: Path) -> float:
    """Seconds of a video, counted in frames of its video stream (what a player shows)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = stream.frames or sum(1 for _ in container.demux(stream) if _.size)
        return frames / float(stream.average_rate)


def has_audio(path: Path) -> bool:
    """True if the file holds an audio stream."""
    with av.open(str(path)) as container:
        return bool(container.streams.audio)


def chapter_times(videos: Sequence[Path], names: Sequence[str], titles: dict[str, str]) -> list[Chapter]:
    """Chapters laid end to end, one per video."""
    chapters, at = [], 0.0
    for video, name in zip(videos, names, strict=True):
        seconds = video_seconds(video)
        chapters.append(Chapter(name, titles.get(name, name), at, at + seconds))
        at += seconds
    return chapters


def section_audio(video: Path, source: Path | None, start: float, seconds: float) -> None:
    """Give `video` (in place, video copied) the audio of `source` from `start`, exactly `seconds` long.

    Silence fills whatever the source lacks, so each file's audio lasts as long as its video.
    """
    if source is not None and has_audio(source):
        inputs = ["-i", str(source)]
        trim = f"[1:a]atrim=start={start:.6f},asetpts=PTS-STARTPTS,apad=whole_dur={seconds:.6f},atrim=duration={seconds:.6f}[a]"
    else:
        inputs = ["-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono"]
        trim = f"[1:a]atrim=duration={seconds:.6f}[a]"
    with atomic_path(video) as tmp:
        _ffmpeg("-i", str(video), *inputs, "-filter_complex", trim, "-map", "0:v", "-map", "[a]",
                "-map_chapters", "-1", "-c:v", "copy", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", str(tmp))


def _ffmetadata(chapters: Sequence[Chapter]) -> str:
    lines = [";FFMETADATA1"]
    for chapter in chapters:
        title = chapter.title.replace("\\", "\\\\").replace("=", "\\=").replace(";", "\\;").replace("#", "\\#")
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(chapter.start * 1000)}",
                  f"END={round(chapter.end * 1000)}", f"title={title}"]
    return "\n".join(lines) + "\n"


def embed_chapters(video: Path, chapters: Sequence[Chapter]) -> Path:
    """Write the chapters into the MP4 itself (in place, streams copied); return the ffmetadata file beside it."""
    meta = video.with_suffix(".ffmetadata")
    meta.write_text(_ffmetadata(chapters), encoding="utf-8")
    with atomic_path(video) as tmp:
        _ffmpeg("-i", str(video), "-i", str(meta), "-map", "0", "-map_metadata", "1", "-map_chapters", "1",
                "-c", "copy", "-movflags", "+faststart", str(tmp))
    return meta


def write_vtt(subtitles: Path) -> Path:
    """WebVTT beside an .srt file, for web players."""
    vtt = subtitles.with_suffix(".vtt")

    def stamp(t: datetime.timedelta) -> str:
        ms = round(t.total_seconds() * 1000)
        return f"{ms // 3_600_000:02}:{ms // 60_000 % 60:02}:{ms // 1000 % 60:02}.{ms % 1000:03}"

    cues = [f"{stamp(e.start)} --> {stamp(e.end)}\n{e.content}" for e in srt.parse(subtitles.read_text(encoding="utf-8"))]
    with atomic_path(vtt) as tmp:
        tmp.write_text("WEBVTT\n\n" + "\n\n".join(cues) + "\n", encoding="utf-8")
    return vtt


def offset_subtitles(parts: Sequence[tuple[Path, float]], out: Path) -> None:
    """One .srt from several, each part's cues moved later by its offset in seconds."""
    entries = []
    for path, offset in parts:
        if path.is_file():
            shift = datetime.timedelta(seconds=offset)
            entries += [srt.Subtitle(0, e.start + shift, e.end + shift, e.content)
                        for e in srt.parse(path.read_text(encoding="utf-8"))]
    with atomic_path(out) as tmp:
        tmp.write_text(srt.compose(entries, reindex=True, start_index=1), encoding="utf-8")


def join_videos(videos: Sequence[Path], out: Path) -> None:
    """Concatenate videos of one encoding into `out`: video copied (ffmpeg's concat demuxer), audio encoded once.

    Each file's audio is cut or padded to its video's length before the audio is joined, so no encoder
    priming adds up and the voice stays on its pictures to the end.
    """
    listing = out.with_suffix(".concat.txt")
    listing.write_text("".join(f"file '{Path(v).resolve()}'\n" for v in videos), encoding="utf-8")
    audio: list[str] = []
    if all(has_audio(Path(v)) for v in videos):
        inputs = [arg for v in videos for arg in ("-i", str(v))]
        pads = "".join(f"[{k + 1}:a]apad=whole_dur={video_seconds(Path(v)):.6f},atrim=duration={video_seconds(Path(v)):.6f}[a{k}];"
                       for k, v in enumerate(videos))
        joined = "".join(f"[a{k}]" for k in range(len(videos))) + f"concat=n={len(videos)}:v=0:a=1[a]"
        audio = [*inputs, "-filter_complex", pads + joined, "-map", "[a]", "-c:a", "aac", "-b:a", "128k"]
    try:
        with atomic_path(out) as tmp:
            _ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), *audio[: 2 * len(videos)], "-map", "0:v",
                    *audio[2 * len(videos) :], "-map_chapters", "-1", "-c:v", "copy", "-movflags", "+faststart", str(tmp))
    finally:
        listing.unlink(missing_ok=True)


def write_index(sections: Path, videos: Sequence[Path], names: Sequence[str]) -> None:
    """The sections JSON (as manim writes it) for chapter files written here."""
    index = [{"name": name, "type": "default.normal", "video": Path(video).name, "duration": f"{video_seconds(video):.6f}"}
             for video, name in zip(videos, names, strict=True)]
    with atomic_path(sections) as tmp:
        tmp.write_text(json.dumps(index, indent=4), encoding="utf-8")
