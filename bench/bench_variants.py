"""The whole class on video: variants per minute at -ql with 1 and 2 workers, and the time of one video.

Usage: python bench/bench_variants.py [--count 8]
From the seconds one video takes on one core, a 16-core machine or a cluster of machines follows:
about cores / seconds-per-video videos a second, as the videos are independent jobs.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _class(count: int, jobs: int, out: Path) -> float:
    """Seconds for `lesson variants --video` on `count` students with `jobs` workers (narrated by piper)."""
    command = [sys.executable, "-m", "cli", "variants", "--count", str(count), "--seed", "1", "--out", str(out),
               "--video", "--jobs", str(jobs)]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    """Print one line per worker count, then the per-video time and what it gives on more cores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=8, help="students (videos) per run")
    count = parser.parse_args().count
    print(f"cores: {os.cpu_count()}, {count} videos at -ql each run")
    per_video = None
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as folder:
            seconds = _class(count, jobs, Path(folder) / "class")
        print(f"jobs={jobs}: {seconds:.1f} s, {count / seconds * 60:.2f} variants per minute")
        per_video = per_video or seconds / count
    print(f"one video on one core: {per_video:.1f} s; 16 cores: ~{16 / per_video * 60:.0f} videos per minute; "
          f"10 machines of 2 cores: ~{20 / per_video * 60:.0f} videos per minute")


if __name__ == "__main__":
    main()
