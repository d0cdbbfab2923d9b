"""Cold renders of the narrated lecture: render/video ratios for 1 and 2 jobs, and each chapter's own render time.

Usage: python bench/bench_lecture.py [--high] [--chapters]
  --high      also time -qh (1080p60); slow on two cores
  --chapters  also render each chapter as its own job, one at a time, to print per-chapter times
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from render_timing import ROOT, _video_seconds

from cli.jobs import run_jobs
from cli.lecture_render import chapter_jobs
from scenes.script import CHAPTER_TITLES

QUALITY_NAMES = {"l": "480p15", "h": "1080p60"}


def _lecture(snapshots: Path, quality: str, jobs: int, media: str) -> tuple[float, float]:
    """One run of `lesson lecture`; return (render s, video s). Speech comes from the shared cache."""
    command = [sys.executable, "-m", "cli", "lecture", "--quality", quality, "--snapshots", str(snapshots),
               "--media-dir", media, "--jobs", str(jobs)]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    return seconds, _video_seconds(Path(media) / "videos" / "lecture" / QUALITY_NAMES[quality] / "Lecture.mp4")


def _per_chapter(snapshots: Path, quality: str, media: str) -> dict[str, float]:
    """Each chapter as its own job, one at a time: the render seconds a core spends on it."""
    env = {"TRAINING_SNAPSHOTS": str(snapshots), "LESSON_VOICE": "piper"}
    jobs = chapter_jobs(list(CHAPTER_TITLES), quality, Path(media), env, "piper", len(CHAPTER_TITLES))
    return {result.name: result.seconds for result in run_jobs(jobs, workers=1, progress=False)}


def main() -> None:
    """Print one line per quality and job count, then the per-chapter times if asked."""
    snapshots = ROOT / "out" / "snapshots.npz"
    if not snapshots.is_file():
        sys.exit(f"error: snapshots file {str(snapshots)!r} does not exist. Make it with: make demo")
    qualities = ["l", "h"] if "--high" in sys.argv[1:] else ["l"]
    print(f"cores: {os.cpu_count()}")
    for quality in qualities:
        for jobs in (1, 2):
            with tempfile.TemporaryDirectory() as media:
                seconds, video = _lecture(snapshots, quality, jobs, media)
            print(f"-q{quality} jobs={jobs}: render {seconds:.1f} s, video {video:.1f} s, ratio {seconds / video:.2f}")
    if "--chapters" in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as media:
            times = _per_chapter(snapshots, "l", media)
        for name, seconds in times.items():
            print(f"-ql chapter {name:<13} {seconds:6.1f} s")
        print(f"-ql one chapter per core (8 or more cores): about {max(times.values()):.1f} s of wall time, "
              f"the slowest chapter; {sum(times.values()):.1f} s one after another")


if __name__ == "__main__":
    main()
