"""Time and peak memory of `lesson train` as runs grow: 150, 3000 and 10000 epochs, and a big CSV.

Each run is a fresh process; its peak resident set size comes from the kernel (wait4's rusage).
Prints one line per run and the 10000/150 memory ratio, which streaming the snapshots and the GIF to
disk keeps at most 1.3. Usage: python bench/bench_memory.py [--epochs 150 3000 10000] [--csv-points N]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], out: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one train command."""
    outputs = ["--gif", str(out / "t.gif"), "--figure", str(out / "f.png"), "--snapshots", str(out / "s.npz"), "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cli", "train", *args, *outputs], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"train {' '.join(args)} failed: {proc.stderr.read().decode().strip()}")
    return seconds, usage.ru_maxrss / 1024.0


def _big_csv(path: Path, n: int) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 2))
    y = (np.hypot(x[:, 0], x[:, 1]) < 1.1).astype(int)
    with path.open("w") as handle:
        handle.write("x1,x2,label\n")
        np.savetxt(handle, np.column_stack([x, y]), fmt=["%.5f", "%.5f", "%d"], delimiter=",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, nargs="+", default=[150, 3000, 10000], help="Run lengths, shortest first.")
    parser.add_argument("--csv-points", type=int, default=0, help="Also train on a CSV of this many points (e.g. 1000000).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        results = {}
        for epochs in args.epochs:
            seconds, peak = _run(["--epochs", str(epochs)], out)
            results[epochs] = peak
            sizes = f"GIF {(out / 't.gif').stat().st_size / 1e6:.1f} MB  snapshots {(out / 's.npz').stat().st_size / 1e6:.1f} MB"
            print(f"train --epochs {epochs:<6} {seconds:7.1f} s  peak RSS {peak:6.0f} MB  {sizes}", flush=True)
        short, long = args.epochs[0], args.epochs[-1]
        print(f"peak RSS ratio {long}/{short} epochs: {results[long] / results[short]:.2f}x (target: at most 1.3x)")
        if args.csv_points:
            csv = out / "big.csv"
            _big_csv(csv, args.csv_points)
            seconds, peak = _run(["--csv", str(csv), "--epochs", "20", "--every", "2"], out)
            print(f"train --csv ({args.csv_points:,} points) --epochs 20  {seconds:6.1f} s  peak RSS {peak:6.0f} MB")


if __name__ == "__main__":
    main()
