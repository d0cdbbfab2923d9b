"""Run the command line: python -m render --help."""

from cli.main import run

run()
