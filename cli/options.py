"""What every command shares: the one-line error group, option parsers, and printing that cannot fail loudly."""

import math
import sys
from collections.abc import Callable

import click

from render.files.atomic import OutputError

__all__ = ["LazyHelpOption", "OneLineErrors", "StdoutFailed", "integer_option", "positive_float", "say"]


class StdoutFailed(Exception):
    """Raised when standard output cannot be written (a full disk, a closed pipe)."""


class OneLineErrors(click.Group):
    """Report every error as one line on stderr: exit 2 for bad input, 1 for a fault while writing."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.Abort:
            _fail("interrupted; no output was changed.", 130)
        except click.exceptions.NoArgsIsHelpError as err:
            say(err.ctx.get_help())
            sys.exit(0)
        except click.ClickException as err:
            _fail(err.format_message(), 2)
        except (ValueError, FileNotFoundError, IsADirectoryError, NotADirectoryError) as err:
            _fail(str(err), 2)
        except MemoryError:
            _fail("out of memory. Try a smaller --size, --hidden or --epochs.", 1)
        except StdoutFailed as err:
            _fail(str(err), 1)
        except (OutputError, OSError) as err:
            _fail(_os_message(err), 1)


def _os_message(err: OSError | OutputError) -> str:
    if isinstance(err, OutputError) or not err.strerror:
        return str(err)
    if err.filename:
        return f"cannot use {err.filename!r}: {err.strerror}."
    return f"cannot write to standard output: {err.strerror}."  # outputs are named; only printing is not


def _fail(message: str, status: int) -> None:
    try:
        click.echo(f"error: {message}", err=True)
    except OSError:
        pass
    sys.exit(status)


def say(text: str = "", err: bool = False, nl: bool = True) -> None:
    """click.echo, turning a failed write to standard output into StdoutFailed."""
    try:
        click.echo(text, err=err, nl=nl)
    except OSError as error:
        if err:
            return
        raise StdoutFailed(f"cannot write to standard output: {error.strerror or error}.") from None


class LazyHelpOption(click.Option):
    """An option whose help text is built only when help is shown (so listing names needs no heavy import)."""

    def __init__(self, *args, help_text: Callable[[], str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._help_text = help_text

    def get_help_record(self, ctx):
        self.help = self._help_text()
        return super().get_help_record(ctx)


def integer_option(name: str, text: object, low: int = 1, high: int | None = None) -> int:
    """Parse an integer option in [low, high]; the error names the option, the bound and (cut) what was received."""
    from cli.limits import shown

    raw = str(text).strip()
    value = int(raw) if raw.lstrip("+-").isdigit() and len(raw) <= 30 else None  # no 5000-digit parse
    if value is None or value < low:
        kind = {0: "a non-negative integer", 1: "a positive integer"}.get(low, f"an integer of at least {low}")
        raise ValueError(f"{name} must be {kind}. Got {shown(text)} instead.")
    if high is not None and value > high:
        raise ValueError(f"{name} must be at most {high}. Got {shown(text)} instead.")
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
