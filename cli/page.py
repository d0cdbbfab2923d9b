"""The `page` command: one self-contained HTML page to scrub a recorded training run and play with the tiny CNN."""

from pathlib import Path

import click

from cli.options import LazyHelpOption, integer_option
from render.files.atomic import atomic_path, check_output_path

__all__ = ["page"]


def _example_help() -> str:
    from model.conv_example import DEFAULT_EXAMPLE_PATH, EXAMPLE_ENV_VAR
    from render.page.cnn import MAX_INPUT

    return (f"Example JSON for the live CNN (keys a, w, b, v, c, y; inputs up to {MAX_INPUT}x{MAX_INPUT}). "
            f"Default: ${EXAMPLE_ENV_VAR}, else {DEFAULT_EXAMPLE_PATH.name} in assets/.")


@click.command("page")
@click.option("--snapshots", "snapshots_path", default="out/snapshots.npz", show_default=True,
              help="Snapshots written by `lesson train` (with --neurons / --landscape for those panels).")
@click.option("--out", "out_path", default="out/training.html", show_default=True, help="HTML page to write.")
@click.option("--frame-ms", default="80", show_default=True, help="Milliseconds per frame when playing.")
@click.option("--max-frames", default="300", show_default=True, help="Most frames on the page; a longer run shows evenly spread epochs.")
@click.option("--example", "example_path", cls=LazyHelpOption, help_text=_example_help, type=click.Path(path_type=Path), default=None)
def page(snapshots_path: str, out_path: str, frame_ms: str, max_frames: str, example_path: Path | None) -> None:
    """Write one HTML page (no server, no network): the run to scrub and read, the tiny CNN to edit."""
    import torch

    from model.conv import load_example
    from render.files.snapshots import load_snapshots
    from render.page.cnn import check_example
    from render.page.html import build_page

    torch.set_num_threads(1)  # tensors this small run slower when threads compete for 2 cores
    out = check_output_path(out_path, (".html", ".htm"), "page")
    delay, most = integer_option("frame-ms", frame_ms), integer_option("max-frames", max_frames)
    example = check_example(load_example(example_path))  # a bad example is refused before the frames are drawn
    run = load_snapshots(snapshots_path)
    text = build_page(run, frame_ms=delay, max_frames=most, example=example)
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    click.echo(f"wrote {out} ({min(len(run.snapshots), most)} frames, {len(text.encode()) / 1e6:.1f} MB)")
