"""Cold render of the backprop scene at -ql and -qh: render seconds against video seconds."""

from render_timing import render_ratio

TARGETS = {"-ql": 0.5, "-qh": 2.0}  # render seconds per video second, on a 2-core machine


def main() -> None:
    """Print one line per quality."""
    for quality, target in TARGETS.items():
        seconds, video = render_ratio("scenes/backprop.py", "Backprop", quality)
        verdict = "ok" if seconds / video <= target else "over target"
        print(f"{quality}: render {seconds:.1f} s, video {video:.1f} s, ratio {seconds / video:.2f} (target <= {target}, {verdict})")


if __name__ == "__main__":
    main()
