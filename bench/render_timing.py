"""Time a cold manim render: render seconds against the seconds of video it makes."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av

__all__ = ["ROOT", "render_ratio"]

ROOT = Path(__file__).resolve().parents[1]


def _video_seconds(path: Path) -> float:
    with av.open(str(path)) as container:
        return container.duration / av.time_base


def render_ratio(scene_file: str, scene: str, quality: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Render once into a fresh media folder (no caches of any kind); return (render s, video s)."""
    with tempfile.TemporaryDirectory() as media:
        command = [sys.executable, "-m", "manim", quality, "--config_file", str(ROOT / "manim.cfg"),
                   "--disable_caching", "--media_dir", media, scene_file, scene]
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env={**os.environ, **(env or {})})
        seconds = time.perf_counter() - start
        return seconds, _video_seconds(next(Path(media).rglob(f"{scene}.mp4")))
