"""The `page` command: one self-contained HTML page to scrub a recorded training run."""

import click

from render.atomic import atomic_path, check_output_path
from render.cli import positive_int

__all__ = ["page"]


@click.command("page")
@click.option("--snapshots", "snapshots_path", default="out/snapshots.npz", show_default=True,
              help="Snapshots written by `python -m render train` (with --neurons / --landscape for those panels).")
@click.option("--out", "out_path", default="out/training.html", show_default=True, help="HTML page to write.")
@click.option("--frame-ms", default="80", show_default=True, help="Milliseconds per frame when playing.")
def page(snapshots_path: str, out_path: str, frame_ms: str) -> None:
    """Write one HTML page (no server, no network) with an epoch slider, play button and chart."""
    import torch

    from render.page import build_page
    from render.snapshots import load_snapshots

    torch.set_num_threads(1)  # tensors this small run slower when threads compete for 2 cores
    out = check_output_path(out_path, (".html", ".htm"), "page")
    delay = positive_int("frame-ms", frame_ms)
    run = load_snapshots(snapshots_path)
    text = build_page(run, frame_ms=delay)
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    click.echo(f"wrote {out} ({len(run.snapshots)} frames, {len(text.encode()) / 1e6:.1f} MB)")
