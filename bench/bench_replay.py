"""Cold render of the training replay (scenes/training.py) on a `--neurons --landscape` run: render s against video s.

Usage: python bench/bench_replay.py [--quality -qh] [--voice none] [--epochs 150]
The replay draws what does not change once and redraws only what moves; at 1080p60 (-qh) it should
render within 2x the video's length. The CPU seconds (the render's processes, ffmpeg included) say
what it costs on a machine that other work also loads.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from render_timing import ROOT, render_ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", default="-qh", help="manim's quality flag: -ql, -qm, -qh (1080p60).")
    parser.add_argument("--voice", default="none", help="LESSON_VOICE for the narration: none (silent), piper, espeak.")
    parser.add_argument("--epochs", default="150", help="Epochs of the recorded run.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        outputs = ["--gif", str(out / "t.gif"), "--figure", str(out / "f.png"), "--snapshots", str(out / "s.npz")]
        train = [sys.executable, "-m", "cli", "train", "--neurons", "--landscape", "--epochs", args.epochs, "--quiet", *outputs]
        subprocess.run(train, cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        env = {"PYTHONPATH": str(ROOT), "TRAINING_SNAPSHOTS": str(out / "s.npz"), "LESSON_VOICE": args.voice}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds, video = render_ratio("scenes/training.py", "TrainingReplay", args.quality, env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # what a core spent, whatever the load
    print(f"training replay {args.quality} (--neurons --landscape, {args.epochs} epochs, voice {args.voice}): "
          f"render {seconds:.1f} s (CPU {cpu:.1f} s), video {video:.1f} s, "
          f"ratio {seconds / video:.2f}x, CPU ratio {cpu / video:.2f}x (target: at most 2.0x)")


if __name__ == "__main__":
    main()
