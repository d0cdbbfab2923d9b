"""The `variants` command: a fair example, its question and its answer key for every student of a class."""

import os
from pathlib import Path

import click

from cli.options import integer_option

__all__ = ["variants"]


@click.command("variants")
@click.option("--count", default=None, help="Number of students (default: the roster's length).")
@click.option("--seed", default="0", show_default=True, help="The same seed gives the same class on every machine.")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Class folder: one folder per student.")
@click.option("--roster", type=click.Path(path_type=Path), default=None,
              help="CSV with one student name a row (first column); names become folder names.")
@click.option("--size", default="4", show_default=True, help="Input size N (N x N).")
@click.option("--kernel", default="3", show_default=True, help="Kernel size K (K x K), smaller than N.")
@click.option("--target", "targets", multiple=True, default=None,
              help="Gradient to ask for: w<m><n>, a<p><q>, v<k>, b or c. Repeat for several. Default: w00 and a21.")
@click.option("--video", is_flag=True, help="Also render each student's backprop video (narrated) into their folder.")
@click.option("--quality", type=click.Choice(["l", "m", "h"]), default="l", show_default=True, help="Video quality: l = 480p15.")
@click.option("--voice", type=click.Choice(["piper", "espeak", "none"]), default="piper", show_default=True,
              help="Narration voice of the videos.")
@click.option("--jobs", default=None, help="Videos rendered at once [default: cores].")
@click.option("--cluster", default=None, help="Dask scheduler for the videos, e.g. tcp://host:8786 [default: $DASK_SCHEDULER_ADDRESS].")
def variants(count: str | None, seed: str, out: Path, roster: Path | None, size: str, kernel: str,
             targets: tuple[str, ...], video: bool, quality: str, voice: str, jobs: str | None, cluster: str | None) -> None:
    """Write example.json, question.md and answers.md per student; nothing is written if anything is wrong."""
    from model.variants import make_variants
    from render.course.class_folder import numbered_names, read_roster, write_class
    from render.text.derivation import DEFAULT_TARGETS

    seed_value = integer_option("seed", seed, 0)
    n, k = integer_option("input size", size, 1), integer_option("kernel size", kernel, 1)
    names = read_roster(roster) if roster is not None else None
    if count is None and names is None:
        raise ValueError("count must be given when there is no roster. Got neither --count nor --roster.")
    number = len(names) if count is None else integer_option("count", count, 1)
    names = names or numbered_names(number)
    targets = targets or DEFAULT_TARGETS
    workers = integer_option("jobs", jobs, 1) if jobs is not None else (os.cpu_count() or 1)
    if video:
        from cli.class_videos import video_targets

        video_targets(targets)  # refused before anything is written
    class_variants = make_variants(number, seed_value, n, k, targets, names=names)
    options = {"seed": seed_value, "size": n, "kernel": k, "targets": list(class_variants[0].targets)}
    students = write_class(out, class_variants, options)
    labels = sum(s.label for s in students)
    click.echo(f"wrote {len(students)} student folders in {out} (example.json, question.md, answers.md; "
               f"label 1 for {labels}, label 0 for {len(students) - labels})", err=True)
    if video:
        _videos(students, targets, quality, voice, workers, cluster)


def _videos(students, targets, quality: str, voice: str, workers: int, cluster: str | None) -> None:
    """Render the class's videos; a failed student is named, the others' videos are kept."""
    from cli.class_videos import render_class_videos, video_targets

    results = render_class_videos(students, video_targets(targets), quality, voice, workers, cluster)
    failed = [result for result in results if not result.ok]
    done = len(results) - len(failed)
    click.echo(f"rendered {done} of {len(results)} videos (backprop.mp4 in each student's folder)", err=True)
    if failed:
        names = ", ".join(result.name for result in failed)
        raise click.ClickException(f"the videos of {names} failed; the others are kept. First error: {failed[0].error}")
