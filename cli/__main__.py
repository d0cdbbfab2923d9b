"""Run the command line: python -m cli --help (the same as the `lesson` command)."""

from cli.main import run

run()
