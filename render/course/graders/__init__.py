"""Graders that run on a course platform with Python's standard library only; the emitters copy these files."""

from pathlib import Path

__all__ = ["GRADERS"]

GRADERS = Path(__file__).resolve().parent  # grading.py, gradescope_main.py and prairielearn_server.py, shipped as text
