"""Where the project's own files are: the repository root, the scene files, manim's config and its quality folders."""

from pathlib import Path

__all__ = ["MANIM_CFG", "QUALITIES", "ROOT", "SCENES"]

ROOT = Path(__file__).resolve().parents[2]  # the repository: every manim render runs here
SCENES = ROOT / "scenes"
MANIM_CFG = ROOT / "manim.cfg"  # read by manim itself when run from ROOT; the commands also pass it explicitly
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}  # manim's -q flags and the folders they write
