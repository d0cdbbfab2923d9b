"""The `derivation` command: write the chain-rule derivation of the tiny CNN as Markdown."""

from pathlib import Path

import click

from model.conv import load_example
from render.derivation import DEFAULT_TARGETS, derivation_markdown, write_derivation

__all__ = ["derivation"]


@click.command("derivation")
@click.option(
    "--example",
    "example_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Example JSON (keys a, w, b, v, c, y). Default: $BACKPROP_EXAMPLE, else assets/backprop_example.json.",
)
@click.option(
    "--target",
    "targets",
    multiple=True,
    default=DEFAULT_TARGETS,
    show_default=True,
    help="Gradient to derive: w<m><n>, a<p><q>, v<k>, b or c. Repeat for several.",
)
@click.option("--out", "out", default="-", show_default=True, help="Markdown file to write; '-' prints to stdout.")
def derivation(example_path: Path | None, targets: tuple[str, ...], out: str) -> None:
    """Write the step-by-step chain rule for the chosen gradients, checked against torch autograd."""
    try:
        ex = load_example(example_path)
        if out == "-":
            click.echo(derivation_markdown(ex, targets), nl=False)
            return
        path = write_derivation(out, ex, targets)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {path}", err=True)
