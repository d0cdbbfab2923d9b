"""The `lecture` command: check its inputs, render scenes/lecture.py with manim, print where everything went."""

import os
import sys
from pathlib import Path

import click

from cli.options import say
from cli.signals import run_child
from scenes.names import CHAPTER_KEYS, CHAPTERS_ENV_VAR, SNAPSHOTS_ENV_VAR

__all__ = ["QUALITIES", "lecture", "lecture_outputs"]

ROOT = Path(__file__).resolve().parents[1]
SCENES = ROOT / "scenes"
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}  # manim's -q flags
_GRADIENT_CHAPTER = "gradient_"  # chapters named gradient_<target> derive that gradient


def lecture_outputs(media_dir: Path, quality: str) -> dict[str, list[Path]]:
    """The video, subtitles, chapter videos and chapter index that manim writes for the lecture."""
    folder = media_dir / "videos" / "lecture" / QUALITIES[quality]
    return {
        "video": [folder / "Lecture.mp4"],
        "subtitles": [folder / "Lecture.srt"],
        "chapters": sorted((folder / "sections").glob("Lecture_*.mp4")),
        "index": [folder / "sections" / "Lecture.json"],
    }


def _check_inputs(snapshots: Path, example_path: str | None) -> dict[str, str]:
    """Load what the scenes will read, so a bad file fails here in one line instead of inside manim."""
    from model.conv import load_example, parse_target
    from model.conv_example import EXAMPLE_ENV_VAR
    from render.snapshots import load_snapshots

    load_snapshots(snapshots)
    env = {SNAPSHOTS_ENV_VAR: str(snapshots)}
    ex = load_example(example_path)  # None: $BACKPROP_EXAMPLE, else the built-in one
    for chapter in CHAPTER_KEYS:
        if chapter.startswith(_GRADIENT_CHAPTER):
            parse_target(ex, chapter.removeprefix(_GRADIENT_CHAPTER))  # e.g. a 2x2 input has no a21
    if example_path is not None:
        env[EXAMPLE_ENV_VAR] = str(Path(example_path).resolve())
    return env


@click.command("lecture")
@click.option("--quality", type=click.Choice(sorted(QUALITIES)), default="h", show_default=True,
              help="l = 480p15 (quick look), h = 1080p60 (for class).")
@click.option("--snapshots", "snapshots_path", default="out/snapshots.npz", show_default=True,
              help="Training snapshots to replay (written by `python -m render train`).")
@click.option("--example", "example_path", default=None, help="Backprop example JSON (default: the built-in one).")
@click.option("--media-dir", default="media", show_default=True, help="Where manim writes its files.")
@click.option("--chapter", "chapters", multiple=True, help=f"Render only this chapter (repeatable): {', '.join(CHAPTER_KEYS)}.")
def lecture(quality: str, snapshots_path: str, example_path: str | None, media_dir: str, chapters: tuple[str, ...]) -> None:
    """Render the whole lesson as one video with chapters and subtitles."""
    unknown = [c for c in chapters if c not in CHAPTER_KEYS]
    if unknown:
        raise ValueError(f"chapter must be one of {', '.join(CHAPTER_KEYS)}. Got {unknown[0]!r} instead.")
    env = {**os.environ, **_check_inputs(Path(snapshots_path).resolve(), example_path), CHAPTERS_ENV_VAR: ",".join(chapters)}
    media = Path(media_dir).resolve()
    command = [sys.executable, "-m", "manim", f"-q{quality}", "--config_file", str(SCENES / "manim.cfg"), "--save_sections",
               "--media_dir", str(media), "--progress_bar", "none", "-v", "WARNING", str(SCENES / "lecture.py"), "Lecture"]
    status = run_child(command, cwd=ROOT, env=env)
    if status != 0:
        raise click.ClickException(f"manim failed with exit status {status} (its output is above).")
    for kind, paths in lecture_outputs(media, quality).items():
        for path in paths:
            say(f"{kind:<9} {path}")
