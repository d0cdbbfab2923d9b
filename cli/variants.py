"""The `variants` command: a fair example, its question and its answer key for every student of a class."""

import os
from pathlib import Path

import click

from cli.options import integer_option

__all__ = ["variants"]

_VIDEO_FILES = ("backprop.mp4", "backprop.srt", ".backprop.mp4.part", ".backprop.srt.part")  # a video job's files in the key: it says the answers


@click.command("variants")
@click.option("--count", default=None, help="Number of students (default: the roster's length).")
@click.option("--seed", default="0", show_default=True, help="The same seed gives the same class on every machine.")
@click.option("--out", "out", required=True, help="Class folder: one folder per student.")  # a str: click.Path turns '' into '.'
@click.option("--roster", type=click.Path(path_type=Path), default=None,
              help="CSV with one student name a row (first column); names become folder names.")
@click.option("--size", default="4", show_default=True, help="Input size N (N x N).")
@click.option("--kernel", default="3", show_default=True, help="Kernel size K (K x K), smaller than N.")
@click.option("--target", "targets", multiple=True, default=None,
              help="Gradient to ask for: w<m><n>, a<p><q>, v<k>, b or c. Repeat for several. Default: w00 and a21.")
@click.option("--emit", "emit", multiple=True, type=click.Choice(["gradescope", "prairielearn"]),
              help="Also write a course platform's files: gradescope/autograder.zip, prairielearn/backpropByHand/. Repeat for both.")
@click.option("--replace", is_flag=True, help="Replace students whose files would change (the old class is kept beside it).")
@click.option("--video", is_flag=True, help="Also render each student's backprop video (narrated) into their folder.")
@click.option("--quality", type=click.Choice(["l", "m", "h"]), default="l", show_default=True, help="Video quality: l = 480p15.")
@click.option("--voice", type=click.Choice(["piper", "espeak", "none"]), default="piper", show_default=True,
              help="Narration voice of the videos.")
@click.option("--jobs", default=None, help="Videos rendered at once [default: cores].")
@click.option("--cluster", default=None, help="Dask scheduler for the videos, e.g. tcp://host:8786 [default: $DASK_SCHEDULER_ADDRESS].")
def variants(count: str | None, seed: str, out: Path, roster: Path | None, size: str, kernel: str,
             targets: tuple[str, ...], emit: tuple[str, ...], replace: bool, video: bool, quality: str, voice: str, jobs: str | None, cluster: str | None) -> None:
    """Write each student's hand-out and key, the class's sheets and platforms; nothing is written if anything is wrong."""
    from model.variants import make_variants
    from render.course.class_folder import MAX_STUDENTS, numbered_names, read_roster, write_class_report
    from render.course.class_writer import check_class_out
    from render.text.derivation import DEFAULT_TARGETS

    seed_value = integer_option("seed", seed, 0, 2**32 - 1)
    n, k = integer_option("input size", size, 1), integer_option("kernel size", kernel, 1)
    check_class_out(out)  # every place checked before any work
    out = Path(out)
    names = read_roster(roster) if roster is not None else None
    if count is None and names is None:
        raise ValueError("count must be given when there is no roster. Got neither --count nor --roster.")
    number = len(names) if count is None else integer_option("count", count, 1, MAX_STUDENTS)
    names = names or numbered_names(number)
    targets = targets or DEFAULT_TARGETS
    workers = integer_option("jobs", jobs, 1, 256) if jobs is not None else (os.cpu_count() or 1)
    class_variants = make_variants(number, seed_value, n, k, targets, names=names)
    canonical = class_variants[0].targets
    if video:
        _check_video(canonical, cluster, class_variants[0].example)  # refused before anything is written
    options = {"seed": seed_value, "size": n, "kernel": k, "targets": list(canonical)}
    emails = _emails(roster, emit)
    _migrate(out)
    students, done = write_class_report(out, class_variants, options, replace=replace, emit=emit, emails=emails)
    _say_written(out, students, done)
    if video:
        _videos(out, students, canonical, quality, voice, workers, cluster)


def _say_written(out: Path, students, done) -> None:
    """One line on what the write did: the students, and where a replaced class is kept."""
    labels = sum(s.label for s in students)
    if not (done.added or done.changed or done.removed):
        what = f"{len(students)} student folders in {out} are already this class; nothing was written"
    else:
        what = f"wrote {len(students)} students in {out} (hand-outs in {Path(out) / 'handout'}, keys in {Path(out) / 'key'}"
        what += f"; {done.added} new, {done.changed} replaced, {done.removed} removed)" if (done.changed or done.removed) else ")"
    click.echo(f"{what}; label 1 for {labels}, label 0 for {len(students) - labels}", err=True)
    if done.backup is not None:
        click.echo(f"the old class is kept in {done.backup} (to undo: move {out} away and rename it back)", err=True)


def _emails(roster: Path | None, emit: tuple[str, ...]) -> dict[str, str]:
    """Each student's email from the roster's 'email' column, for the Gradescope grader ({} without one)."""
    from render.course.gradescope import read_emails

    emails = read_emails(roster) if roster is not None else {}
    if "gradescope" in emit and not emails:
        click.echo("note: the roster has no email column, so the Gradescope grader knows students by name only "
                   "(Gradescope's users[].name must match the roster's names)", err=True)
    return emails


def _migrate(out: Path) -> None:
    """Move a class folder of the earlier layout (answers beside the question) into hand-outs and keys, saying so."""
    from render.course.layout import migrate_legacy

    line = migrate_legacy(out)
    if line:
        click.echo(line, err=True)


def _check_video(targets, cluster: str | None, example) -> None:
    """The video's targets, scheduler and layout (every student's example has the same sizes), refused before the class is written."""
    from cli.class_videos import video_targets
    from cli.jobs import SCHEDULER_ENV_VAR, check_cluster
    from cli.lecture import check_layout

    video_targets(targets)
    check_cluster(cluster) or check_cluster(os.environ.get(SCHEDULER_ENV_VAR) or None, f"${SCHEDULER_ENV_VAR}")
    check_layout(example)


def _videos(out: Path, students, targets, quality: str, voice: str, workers: int, cluster: str | None) -> None:
    """Render the class's videos; a failed student is named, the others' videos are kept (and recorded in class.json)."""
    from cli.class_videos import render_class_videos, video_targets
    from render.course.class_writer import read_manifest, record_written

    root = Path(os.path.abspath(out))
    owned = set((read_manifest(root) or {}).get("written", []))
    files = {s.name: [f"{Path(os.path.abspath(s.key)).relative_to(root).as_posix()}/{rel}" for rel in _VIDEO_FILES] for s in students}
    # recorded before rendering, so a kill mid-render leaves only recorded files; a video someone else put there stays theirs
    record_written(root, {name: paths for name, paths in files.items() if paths[0] in owned or not (root / paths[0]).exists()})
    results = render_class_videos(students, video_targets(targets), quality, voice, workers, cluster)
    failed = [result for result in results if not result.ok]
    done = len(results) - len(failed)
    click.echo(f"rendered {done} of {len(results)} videos (backprop.mp4 in each student's key folder: it says the answers, so release it after the deadline)", err=True)
    if failed:
        names = ", ".join(result.name for result in failed)
        raise click.ClickException(f"the videos of {names} failed; the others are kept. First error: {failed[0].error}")
