"""The `derivation` command: write the chain-rule derivation of the tiny CNN as Markdown."""

from pathlib import Path

import click

from cli.options import LazyHelpOption, say

__all__ = ["derivation"]


def _example_help() -> str:
    from model.conv_example import DEFAULT_EXAMPLE_PATH, EXAMPLE_ENV_VAR

    return f"Example JSON (keys a, w, b, v, c, y). Default: ${EXAMPLE_ENV_VAR}, else {DEFAULT_EXAMPLE_PATH.name} in assets/."


def _targets_help() -> str:
    from model.conv_example import DEFAULT_TARGETS

    return f"Gradient to derive: w<m><n>, a<p><q>, v<k>, b or c. Repeat for several. Default: {' '.join(DEFAULT_TARGETS)}."


@click.command("derivation")
@click.option("--example", "example_path", cls=LazyHelpOption, help_text=_example_help, type=click.Path(path_type=Path), default=None)
@click.option("--target", "targets", cls=LazyHelpOption, help_text=_targets_help, multiple=True)
@click.option("--out", "out", default="-", show_default=True, help="Markdown file to write; '-' prints to stdout.")
def derivation(example_path: Path | None, targets: tuple[str, ...], out: str) -> None:
    """Write the step-by-step chain rule for the chosen gradients, checked against torch autograd."""
    from render.files.atomic import check_output_path

    if out != "-":
        check_output_path(out, None, "derivation")
    from model.conv import load_example
    from model.conv_example import DEFAULT_TARGETS
    from render.text.derivation import derivation_markdown, write_derivation

    ex = load_example(example_path)
    targets = targets or DEFAULT_TARGETS
    if out == "-":
        say(derivation_markdown(ex, targets), nl=False)
        return
    path = write_derivation(out, ex, targets)
    say(f"wrote {path}", err=True)
