"""Cold render of the backprop scene at -ql and -qh: render seconds against video seconds."""

import sys

from render_timing import render_ratio

TARGETS = {"-ql": 0.4, "-qh": 1.2}  # render seconds per video second, on a 2-core machine


def main() -> None:
    """Print one line per quality; `--low` renders -ql only."""
    for quality, target in TARGETS.items():
        if quality != "-ql" and "--low" in sys.argv[1:]:
            continue
        seconds, video = render_ratio("scenes/backprop.py", "Backprop", quality)
        verdict = "ok" if seconds / video <= target else "over target"
        print(f"{quality}: render {seconds:.1f} s, video {video:.1f} s, ratio {seconds / video:.2f} (target <= {target}, {verdict})")


if __name__ == "__main__":
    main()
