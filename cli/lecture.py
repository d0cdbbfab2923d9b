"""The `lecture` command: check its inputs, render scenes/lecture.py with manim (one process, or one per run of chapters)."""

import os
from pathlib import Path

import click

from cli.jobs import SCHEDULER_ENV_VAR, check_cluster
from cli.lecture_render import CHAPTER_WEIGHTS
from cli.options import say
from cli.signals import at_interrupt, run_child
from render.files.project import QUALITIES
from render.speech.voice import VOICE_ENV_VAR, VOICES
from scenes.names import CHAPTER_KEYS, CHAPTERS_ENV_VAR, SNAPSHOTS_ENV_VAR

__all__ = ["check_layout", "check_media_dir", "lecture", "lecture_options", "lecture_outputs"]
_EXAMPLE_CHAPTERS = ("cnn_forward", "gradient_")  # chapters that lay the example's grids out
_MB_PER_WEIGHT = {"l": 0.5, "m": 1.5, "h": 4.0, "k": 12.0}  # media bytes per render-second weight (partials, sections, lecture)
_SPARE = 20e6  # TeX, audio and index files besides the movies


def lecture_outputs(media_dir: Path, quality: str) -> dict[str, list[Path]]:
    """The video, subtitles, chapter videos and chapter index that a lecture render leaves."""
    folder = media_dir / "videos" / "lecture" / QUALITIES[quality]
    return {
        "video": [folder / "Lecture.mp4"],
        "subtitles": [folder / "Lecture.srt", folder / "Lecture.vtt"],
        "chapters": sorted((folder / "sections").glob("Lecture_*.mp4")),
        "index": [folder / "sections" / "Lecture.json", folder / "Lecture.ffmetadata"],
    }


def _drop_broken_cache(media: Path) -> None:
    """A movie a killed render left half written is removed, so manim renders it again instead of failing on it."""
    from render.files.movies import remove_broken_movies

    for folder in (media / "videos" / "lecture", media / "chapters"):
        remove_broken_movies(folder)


def _check_inputs(snapshots: Path, example_path: str | None, names: list[str]) -> dict[str, str]:
    """Load what the scenes will read, so a bad file fails here in one line instead of inside manim."""
    from model.conv import load_example, parse_target
    from model.conv_example import DEFAULT_TARGETS, EXAMPLE_ENV_VAR
    from render.files.snapshots import load_snapshots

    load_snapshots(snapshots)
    env = {SNAPSHOTS_ENV_VAR: str(snapshots)}
    ex = load_example(example_path)  # None: $BACKPROP_EXAMPLE, else the built-in one
    for target in DEFAULT_TARGETS:  # the lecture's two gradient chapters derive these
        parse_target(ex, target)  # e.g. a 2x2 input has no a21
    if (example_path is not None or os.environ.get(EXAMPLE_ENV_VAR)) and any(n.startswith(_EXAMPLE_CHAPTERS) for n in names):
        check_layout(ex)
    if example_path is not None:
        env[EXAMPLE_ENV_VAR] = str(Path(example_path).resolve())
    return env


def check_layout(ex) -> None:
    """Refuse an example the backprop scenes cannot lay out legibly (checked here, not inside manim)."""
    from scenes.cnn_layout import largest_input  # imports manim: only for an example that is not the built-in one

    if ex.n > largest_input(ex.k):
        side = largest_input(ex.k)
        raise ValueError(f"the backprop scenes lay out inputs up to {side}x{side} for a {ex.k}x{ex.k} kernel. "
                         f"Got a {ex.n}x{ex.n} input instead.")


def check_media_dir(media: Path, need: float, option: str = "--media-dir") -> None:
    """A folder (or a new path under one) that can be written and has room for about `need` bytes."""
    from render.files.atomic import OutputError
    from cli.limits import human_bytes

    if media.exists() and not media.is_dir():
        raise ValueError(f"{option} must be a folder. Got the file {str(media)!r} instead.")
    if media.is_symlink() and not media.exists():
        raise ValueError(f"{option} must be a folder. Got {str(media)!r}, a symbolic link to the missing {os.readlink(media)!r}, instead.")
    existing = media
    while not existing.exists() and not existing.is_symlink():
        existing = existing.parent
    if not existing.is_dir():
        raise ValueError(f"{option} must be a folder or a new path in one. Got {str(media)!r} under the file {str(existing)!r} instead.")
    probe = existing / f".lesson-tmp-{os.getpid()}-probe"
    try:  # os.access() says yes to root on a read-only file system
        probe.mkdir()
        probe.rmdir()
        room = os.statvfs(existing)
    except OSError as err:
        raise OutputError.of(err, f"cannot write in {option} {str(media)!r}: {err.strerror}.") from None
    free = room.f_bavail * room.f_frsize
    if free < need:
        raise OutputError(f"{option} {str(media)!r} has {human_bytes(free)} free; this render needs about {human_bytes(need)}.")


_SHARED = (  # the options `lecture` and `slides` share, in their --help order
    click.option("--quality", type=click.Choice(sorted(QUALITIES)), default="h", show_default=True,
                 help="l = 480p15 (quick look), h = 1080p60 (for class)."),
    click.option("--snapshots", "snapshots_path", default="out/snapshots.npz", show_default=True,
                 help="Training snapshots to replay (written by `lesson train`)."),
    click.option("--example", "example_path", default=None, help="Backprop example JSON (default: the built-in one)."),
    click.option("--media-dir", default="media", show_default=True, help="Where manim writes its files (shared by lecture and slides)."),
    click.option("--chapter", "chapters", multiple=True, help=f"Render only this chapter (repeatable): {', '.join(CHAPTER_KEYS)}."),
    click.option("--voice", type=click.Choice(VOICES), default=None,
                 help=f"Narration voice [default: ${VOICE_ENV_VAR}, else piper]; none: silent."),
    click.option("--jobs", "jobs", default=None, help="Runs of chapters rendered at once, one process each [default: cores]."),
    click.option("--cluster", default=None, help=f"Dask scheduler for the chapter jobs, e.g. tcp://host:8786 [default: ${SCHEDULER_ENV_VAR}]."),
)


def lecture_options(command):
    """Give a command the lecture's render options (quality, snapshots, example, media folder, chapters, voice, jobs, cluster)."""
    for option in reversed(_SHARED):
        command = option(command)
    return command


@click.command("lecture")
@lecture_options
def lecture(quality: str, snapshots_path: str, example_path: str | None, media_dir: str, chapters: tuple[str, ...],
            voice: str | None, jobs: str | None, cluster: str | None) -> None:
    """Render the whole lesson as one narrated video with chapters and subtitles."""
    from cli.options import integer_option

    unknown = [c for c in chapters if c not in CHAPTER_KEYS]
    if unknown:
        raise ValueError(f"chapter must be one of {', '.join(CHAPTER_KEYS)}. Got {unknown[0]!r} instead.")
    workers = integer_option("jobs", jobs, 1, 256) if jobs is not None else (os.cpu_count() or 1)
    voice = voice or os.environ.get(VOICE_ENV_VAR) or "piper"
    if voice not in VOICES:
        raise ValueError(f"{VOICE_ENV_VAR} must be one of {', '.join(VOICES)}. Got {voice!r} instead.")
    cluster = check_cluster(cluster) or check_cluster(os.environ.get(SCHEDULER_ENV_VAR) or None, f"${SCHEDULER_ENV_VAR}")
    names = [name for name in CHAPTER_KEYS if not chapters or name in chapters]
    if str(media_dir).strip() == "":
        raise ValueError("--media-dir must be a folder. Got '' instead.")
    media = Path(os.path.abspath(media_dir))
    env = {**_check_inputs(Path(snapshots_path).resolve(), example_path, names), VOICE_ENV_VAR: voice}
    check_media_dir(media, _SPARE + 1e6 * _MB_PER_WEIGHT[quality] * sum(CHAPTER_WEIGHTS.get(n, 10) for n in names))
    _drop_broken_cache(media)
    at_interrupt(lambda: _drop_broken_cache(media))  # what manim was writing when it was killed
    if (workers == 1 and cluster is None) or len(names) == 1:
        _render_in_one_process(quality, media, env, chapters, voice)
    else:
        _render_as_jobs(quality, media, env, names, voice, jobs, workers, cluster)
    for kind, paths in lecture_outputs(media, quality).items():
        for path in paths:
            say(f"{kind:<9} {path}")


def _render_in_one_process(quality: str, media: Path, env: dict[str, str], chapters: tuple[str, ...], voice: str) -> None:
    from cli.lecture_render import finish_sections, manim_command
    from render.files.project import ROOT

    env = {**os.environ, **env, CHAPTERS_ENV_VAR: ",".join(chapters)}
    status = run_child(list(manim_command(quality, media, sections=True)), cwd=ROOT, env=env)
    if status != 0:
        raise click.ClickException(f"manim failed with exit status {status} (its output is above).")
    folder = media / "videos" / "lecture" / QUALITIES[quality]
    finish_sections(folder, [c for c in CHAPTER_KEYS if not chapters or c in chapters], voice != "none")


def _render_as_jobs(quality, media, env, names, voice, jobs, workers, cluster) -> None:
    from cli.lecture_render import chapter_jobs, join_chapters, run_chapter_jobs

    groups = int(jobs) if jobs else (len(names) if cluster else workers)  # on a cluster: one chapter a job unless told
    work = chapter_jobs(names, quality, media, env, voice, groups)
    results = run_chapter_jobs(work, workers, cluster)
    failed = [result for result in results if not result.ok]
    if failed:
        raise click.ClickException(f"chapters {failed[0].error.removeprefix('job ')} (the other chapters' files are kept)")
    for result in results:
        say(f"rendered  {result.name} in {result.seconds:.1f} s", err=True)
    join_chapters(work, quality, media, voice != "none")
