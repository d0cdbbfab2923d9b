"""Names the scenes own that the command line also needs, kept free of manim so `--help` stays fast."""

from scenes.script import CHAPTER_TITLES

__all__ = ["CHAPTER_KEYS", "CHAPTERS_ENV_VAR", "SNAPSHOTS_ENV_VAR", "TARGETS_ENV_VAR"]

SNAPSHOTS_ENV_VAR = "TRAINING_SNAPSHOTS"  # the snapshots file the training replay reads
TARGETS_ENV_VAR = "BACKPROP_TARGETS"  # "w00,a21": the kernel and input entries the backprop video derives
CHAPTERS_ENV_VAR = "LECTURE_CHAPTERS"  # comma-separated lecture chapters to render; empty: all
CHAPTER_KEYS = tuple(CHAPTER_TITLES)  # the lecture's chapters (its sections), in the order they play
