"""Cold render of the lecture: render seconds against video seconds (-ql by default; --high adds -qh)."""

import sys

from render_timing import ROOT, render_ratio

TARGETS = {"-ql": 1.0, "-qh": None}  # at low quality the lecture must render faster than it plays


def main() -> None:
    """Print one line per quality; the snapshots of `make demo` are replayed."""
    snapshots = ROOT / "out" / "snapshots.npz"
    if not snapshots.is_file():
        sys.exit(f"error: snapshots file {str(snapshots)!r} does not exist. Make it with: make demo")
    qualities = ["-ql", "-qh"] if "--high" in sys.argv[1:] else ["-ql"]
    for quality in qualities:
        seconds, video = render_ratio("scenes/lecture.py", "Lecture", quality, {"TRAINING_SNAPSHOTS": str(snapshots)})
        target = TARGETS[quality]
        verdict = "" if target is None else f" (target <= {target}, {'ok' if seconds / video <= target else 'over target'})"
        print(f"{quality}: render {seconds:.1f} s, video {video:.1f} s, ratio {seconds / video:.2f}{verdict}")


if __name__ == "__main__":
    main()
