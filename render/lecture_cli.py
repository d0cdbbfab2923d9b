"""The `lecture` command: render scenes/lecture.py with manim (one process, or one per chapter) and print where everything went."""

import os
import subprocess
from pathlib import Path

import click

from model.conv import load_example
from render.jobs import SCHEDULER_ENV_VAR
from render.lecture_render import QUALITIES, ROOT, chapter_jobs, finish_sections, join_chapters, manim_command, run_chapter_jobs
from render.snapshots import MAKE_HINT
from render.speech import VOICE_ENV_VAR, VOICES
from scenes.script import CHAPTER_TITLES

__all__ = ["CHAPTER_NAMES", "QUALITIES", "lecture", "lecture_outputs"]

CHAPTER_NAMES = tuple(CHAPTER_TITLES)


def lecture_outputs(media_dir: Path, quality: str) -> dict[str, list[Path]]:
    """The video, subtitles, chapter videos and chapter index that a lecture render leaves."""
    folder = media_dir / "videos" / "lecture" / QUALITIES[quality]
    return {
        "video": [folder / "Lecture.mp4"],
        "subtitles": [folder / "Lecture.srt", folder / "Lecture.vtt"],
        "chapters": sorted((folder / "sections").glob("Lecture_*.mp4")),
        "index": [folder / "sections" / "Lecture.json", folder / "Lecture.ffmetadata"],
    }


@click.command("lecture")
@click.option("--quality", type=click.Choice(sorted(QUALITIES)), default="h", show_default=True,
              help="l = 480p15 (quick look), h = 1080p60 (for class).")
@click.option("--snapshots", "snapshots_path", default="out/snapshots.npz", show_default=True,
              help="Training snapshots to replay (written by `python -m render train`).")
@click.option("--example", "example_path", default=None, help="Backprop example JSON (default: the built-in one).")
@click.option("--media-dir", default="media", show_default=True, help="Where manim writes its files.")
@click.option("--chapter", "chapters", multiple=True, help=f"Render only this chapter (repeatable): {', '.join(CHAPTER_NAMES)}.")
@click.option("--voice", type=click.Choice(VOICES), default=None,
              help=f"Narration voice [default: ${VOICE_ENV_VAR}, else piper]; none: silent.")
@click.option("--jobs", "jobs", type=int, default=None, help="Chapters rendered at once, one process each [default: cores].")
@click.option("--cluster", default=None, help=f"Dask scheduler for the chapter jobs, e.g. tcp://host:8786 [default: ${SCHEDULER_ENV_VAR}].")
def lecture(quality: str, snapshots_path: str, example_path: str | None, media_dir: str, chapters: tuple[str, ...],
            voice: str | None, jobs: int | None, cluster: str | None) -> None:
    """Render the whole lesson as one narrated video with chapters and subtitles."""
    unknown = [c for c in chapters if c not in CHAPTER_NAMES]
    if unknown:
        raise ValueError(f"chapter must be one of {', '.join(CHAPTER_NAMES)}. Got {unknown[0]!r} instead.")
    if jobs is not None and jobs <= 0:
        raise ValueError(f"jobs must be a positive integer. Got {jobs} instead.")
    voice = voice or os.environ.get(VOICE_ENV_VAR) or "piper"
    if voice not in VOICES:
        raise ValueError(f"{VOICE_ENV_VAR} must be one of {', '.join(VOICES)}. Got {voice!r} instead.")
    snapshots = Path(snapshots_path).resolve()
    if not snapshots.is_file():
        raise FileNotFoundError(f"snapshots file {snapshots_path!r} does not exist. Make it with: {MAKE_HINT}")
    env = {"TRAINING_SNAPSHOTS": str(snapshots), VOICE_ENV_VAR: voice}
    if example_path is not None:
        load_example(example_path)  # a malformed file fails here, naming the key, before manim starts
        env["BACKPROP_EXAMPLE"] = str(Path(example_path).resolve())
    media = Path(media_dir).resolve()
    names = [name for name in CHAPTER_NAMES if not chapters or name in chapters]
    cluster = cluster or os.environ.get(SCHEDULER_ENV_VAR) or None
    workers = jobs or os.cpu_count() or 1
    if workers == 1 and cluster is None or len(names) == 1:
        _render_in_one_process(quality, media, env, chapters, voice)
    else:
        groups = jobs or (len(names) if cluster else workers)  # on a cluster: one chapter a job unless told
        work = chapter_jobs(names, quality, media, env, voice, groups)
        results = run_chapter_jobs(work, workers, cluster)
        failed = [result for result in results if not result.ok]
        if failed:
            raise click.ClickException(f"chapters {failed[0].error.removeprefix('job ')} (the other chapters' files are kept)")
        for result in results:
            click.echo(f"rendered  {result.name} in {result.seconds:.1f} s", err=True)
        join_chapters(work, quality, media, voice != "none")
    for kind, paths in lecture_outputs(media, quality).items():
        for path in paths:
            click.echo(f"{kind:<9} {path}")


def _render_in_one_process(quality: str, media: Path, env: dict[str, str], chapters: tuple[str, ...], voice: str) -> None:
    env = {**os.environ, **env, "LECTURE_CHAPTERS": ",".join(chapters)}
    done = subprocess.run(manim_command(quality, media, sections=True), cwd=ROOT, env=env)
    if done.returncode != 0:
        raise click.ClickException(f"manim failed with exit status {done.returncode} (its output is above).")
    folder = media / "videos" / "lecture" / QUALITIES[quality]
    finish_sections(folder, [c for c in CHAPTER_NAMES if not chapters or c in chapters], voice != "none")
