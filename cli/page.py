"""The `page` command: one self-contained HTML page to scrub a recorded training run."""

import click

from cli.options import integer_option
from render.files.atomic import atomic_path, check_output_path

__all__ = ["page"]


@click.command("page")
@click.option("--snapshots", "snapshots_path", default="out/snapshots.npz", show_default=True,
              help="Snapshots written by `lesson train` (with --neurons / --landscape for those panels).")
@click.option("--out", "out_path", default="out/training.html", show_default=True, help="HTML page to write.")
@click.option("--frame-ms", default="80", show_default=True, help="Milliseconds per frame when playing.")
@click.option("--max-frames", default="300", show_default=True, help="Most frames on the page; a longer run shows evenly spread epochs.")
def page(snapshots_path: str, out_path: str, frame_ms: str, max_frames: str) -> None:
    """Write one HTML page (no server, no network) with an epoch slider, play button and chart."""
    import torch

    from render.page.html import build_page
    from render.files.snapshots import load_snapshots

    torch.set_num_threads(1)  # tensors this small run slower when threads compete for 2 cores
    out = check_output_path(out_path, (".html", ".htm"), "page")
    delay, most = integer_option("frame-ms", frame_ms), integer_option("max-frames", max_frames)
    run = load_snapshots(snapshots_path)
    text = build_page(run, frame_ms=delay, max_frames=most)
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    click.echo(f"wrote {out} ({min(len(run.snapshots), most)} frames, {len(text.encode()) / 1e6:.1f} MB)")
