"""Command line: `python -m render train | derivation`, one clear line per error."""

import math
import sys

import click

__all__ = ["cli"]


class _OneLineErrors(click.Group):
    """Report usage errors and ValueErrors as a single line on stderr, exit status 2."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.Abort:
            click.echo("error: interrupted; no partial file was left behind.", err=True)
            sys.exit(130)
        except click.exceptions.NoArgsIsHelpError as err:
            click.echo(err.ctx.get_help())
            sys.exit(0)
        except click.ClickException as err:
            click.echo(f"error: {err.format_message()}", err=True)
            sys.exit(2)
        except (ValueError, FileNotFoundError) as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(2)


def positive_int(name: str, text: str) -> int:
    """Parse a positive integer option, naming it in the error."""
    try:
        value = int(str(text).strip())
    except ValueError:
        value = None
    if value is None or value <= 0:
        raise ValueError(f"{name} must be a positive integer. Got {text!r} instead.")
    return value


def positive_float(name: str, text: str) -> float:
    """Parse a positive finite number option, naming it in the error."""
    try:
        value = float(str(text).strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number. Got {text!r} instead.")
    return value


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Turn a neural-network lesson into pictures that move."""


def _register() -> None:
    from render.derivation_cli import derivation
    from render.lecture_cli import lecture
    from render.train_cli import train

    cli.add_command(train)
    cli.add_command(derivation)
    cli.add_command(lecture)
    from render.page_cli import page

    cli.add_command(page)


_register()


def run() -> None:
    """Entry point used by `python -m render`."""
    cli(prog_name="python -m render")


if __name__ == "__main__":  # pragma: no cover
    run()
