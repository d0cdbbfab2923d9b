"""Wall time and peak memory of the everyday commands, each run cold in a fresh process.

Prints the best and median wall time of five runs (the machine is shared: the best is the least
disturbed), the best CPU time (user + system, less sensitive to other load), and the largest peak
resident memory. `python bench/bench_commands.py [CHECKOUT]` times another
checkout of the project instead (to compare before and after a change).
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]).resolve()
RUNS = 5


def _commands(out: Path) -> dict[str, list[str]]:
    train_out = ["--gif", str(out / "t.gif"), "--figure", str(out / "f.png"), "--snapshots", str(out / "s.npz"), "--quiet"]
    return {
        "--help": ["--help"],
        "derivation": ["derivation", "--out", str(out / "derivation.md")],
        "train (default)": ["train", *train_out],
    }


def _once(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one run of lesson ARGS."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status:
        raise SystemExit(f"lesson {' '.join(args)} failed with status {status}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    """Print one line per command."""
    print(f"checkout: {ROOT}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in _commands(Path(tmp)).items():
            runs = [_once(args) for _ in range(RUNS)]
            wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
            print(f"{name:<16} wall best {min(wall):5.2f} s, median {statistics.median(wall):5.2f} s   "
                  f"CPU best {min(cpu):5.2f} s   peak RSS {max(r[2] for r in runs):4.0f} MB")


if __name__ == "__main__":
    main()
