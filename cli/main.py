"""The command group: `lesson train | derivation | lecture | slides | page | variants | check`, one clear line per error."""

import sys

import click

from cli.check import check
from cli.derivation import derivation
from cli.lecture import lecture
from cli.options import OneLineErrors
from cli.page import page
from cli.slides import slides
from cli.signals import exit_cleanly_on_signals, flush_stdout
from cli.train import train
from cli.variants import variants

__all__ = ["COMMANDS", "cli", "run"]

COMMANDS = (  # a new command: import it above and add it here, one per line
    train,
    derivation,
    lecture,
    page,
    variants,
    check,
    slides,
)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Turn a neural-network lesson into pictures that move."""


for _command in COMMANDS:
    cli.add_command(_command)


def run() -> None:
    """Entry point used by `lesson`: Ctrl-C and SIGTERM exit at once, leaving the old outputs."""
    exit_cleanly_on_signals()
    status = 0
    try:
        cli(prog_name="lesson")
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    if not flush_stdout() and status == 0:
        sys.stderr.write("error: cannot write to standard output.\n")
        status = 1
    sys.exit(status)
