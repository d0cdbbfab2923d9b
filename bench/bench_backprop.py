"""Cold render of the backprop scene at -ql and -qh: render seconds against video seconds."""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av

__all__ = ["main", "render_ratio"]

ROOT = Path(__file__).resolve().parents[1]
SCENE = ROOT / "scenes" / "backprop.py"
TARGETS = {"-ql": 0.5, "-qh": 2.0}  # render seconds per video second, on a 2-core machine


def _video_seconds(path: Path) -> float:
    with av.open(str(path)) as container:
        return container.duration / av.time_base


def render_ratio(quality: str) -> tuple[float, float]:
    """Render once into a fresh media folder (no caches of any kind); return (render s, video s)."""
    with tempfile.TemporaryDirectory() as media:
        command = [sys.executable, "-m", "manim", quality, "--disable_caching", "--media_dir", media, str(SCENE), "Backprop"]
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        video = next(Path(media).rglob("Backprop.mp4"))
        return seconds, _video_seconds(video)


def main() -> None:
    """Print one line per quality."""
    for quality, target in TARGETS.items():
        seconds, video = render_ratio(quality)
        verdict = "ok" if seconds / video <= target else "over target"
        print(f"{quality}: render {seconds:.1f} s, video {video:.1f} s, ratio {seconds / video:.2f} (target <= {target}, {verdict})")


if __name__ == "__main__":
    main()
