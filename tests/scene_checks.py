"""Helpers for the scene tests: count Scene classes, render with manim, decode video and subtitles."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import av
import srt

ROOT = Path(__file__).resolve().parents[1]


def scene_classes(path: Path) -> list[str]:
    """Names of the classes in `path` that subclass Scene or a kit scene (a base named ...Scene) directly."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef) and any(str(getattr(base, "id", "")).endswith("Scene") for base in node.bases)
    ]


def render(scene_file: str, media: Path, env: dict[str, str] | None = None, *flags: str) -> None:
    """Render a scene file at low quality into `media`, failing with manim's last output."""
    command = [sys.executable, "-m", "manim", "-ql", "--config_file", str(ROOT / "manim.cfg"), "--disable_caching",
               "--media_dir", str(media), *flags, scene_file]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]


def video_seconds(video: Path) -> float:
    """Duration of a video in seconds, counted from its decoded frames."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(video=0))
        return frames / float(stream.average_rate)


def reading_limits_hold(entries: list[srt.Subtitle], line_chars: int = 42, per_second: float = 17.0) -> bool:
    """Every subtitle has at most two lines of `line_chars` characters and is on screen long enough to read."""
    for entry in entries:
        lines = entry.content.split("\n")
        seconds = (entry.end - entry.start).total_seconds()
        if len(lines) > 2 or max(len(line) for line in lines) > line_chars or len(" ".join(lines)) > per_second * seconds:
            return False
    return True


def subtitles(video: Path, seconds: float) -> list[srt.Subtitle]:
    """The .srt beside `video`, checked: increasing, non-overlapping, inside the video."""
    entries = list(srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")))
    starts = [entry.start.total_seconds() for entry in entries]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all(entry.start < entry.end for entry in entries)
    assert all(a.end <= b.start for a, b in zip(entries, entries[1:])), "subtitles overlap"
    assert entries[-1].end.total_seconds() <= seconds + 0.1
    return entries
