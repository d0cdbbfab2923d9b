"""Run the command line: python -m render --help."""

from render.cli import run

run()
