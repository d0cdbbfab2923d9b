"""The `lecture` command: render scenes/lecture.py with manim and print where everything went."""

import os
import subprocess
import sys
from pathlib import Path

import click

from model.conv import load_example
from render.snapshots import MAKE_HINT

__all__ = ["QUALITIES", "lecture", "lecture_outputs"]

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_NAMES = ("title", "data", "network", "training", "cnn_forward", "gradient_w00", "gradient_a21", "summary")
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}  # manim's -q flags


def lecture_outputs(media_dir: Path, quality: str) -> dict[str, list[Path]]:
    """The video, subtitles, chapter videos and chapter index that manim writes for the lecture."""
    folder = media_dir / "videos" / "lecture" / QUALITIES[quality]
    return {
        "video": [folder / "Lecture.mp4"],
        "subtitles": [folder / "Lecture.srt"],
        "chapters": sorted((folder / "sections").glob("Lecture_*.mp4")),
        "index": [folder / "sections" / "Lecture.json"],
    }


@click.command("lecture")
@click.option("--quality", type=click.Choice(sorted(QUALITIES)), default="h", show_default=True,
              help="l = 480p15 (quick look), h = 1080p60 (for class).")
@click.option("--snapshots", "snapshots_path", default="out/snapshots.npz", show_default=True,
              help="Training snapshots to replay (written by `python -m render train`).")
@click.option("--example", "example_path", default=None, help="Backprop example JSON (default: the built-in one).")
@click.option("--media-dir", default="media", show_default=True, help="Where manim writes its files.")
@click.option("--chapter", "chapters", multiple=True, help=f"Render only this chapter (repeatable): {', '.join(CHAPTER_NAMES)}.")
def lecture(quality: str, snapshots_path: str, example_path: str | None, media_dir: str, chapters: tuple[str, ...]) -> None:
    """Render the whole lesson as one video with chapters and subtitles."""
    unknown = [c for c in chapters if c not in CHAPTER_NAMES]
    if unknown:
        raise ValueError(f"chapter must be one of {', '.join(CHAPTER_NAMES)}. Got {unknown[0]!r} instead.")
    snapshots = Path(snapshots_path).resolve()
    if not snapshots.is_file():
        raise FileNotFoundError(f"snapshots file {snapshots_path!r} does not exist. Make it with: {MAKE_HINT}")
    env = {**os.environ, "TRAINING_SNAPSHOTS": str(snapshots), "LECTURE_CHAPTERS": ",".join(chapters)}
    if example_path is not None:
        load_example(example_path)  # a malformed file fails here, naming the key, before manim starts
        env["BACKPROP_EXAMPLE"] = str(Path(example_path).resolve())
    media = Path(media_dir).resolve()
    command = [sys.executable, "-m", "manim", f"-q{quality}", "--save_sections", "--media_dir", str(media),
               "--progress_bar", "none", "-v", "WARNING", "scenes/lecture.py", "Lecture"]
    done = subprocess.run(command, cwd=ROOT, env=env)
    if done.returncode != 0:
        raise click.ClickException(f"manim failed with exit status {done.returncode} (its output is above).")
    for kind, paths in lecture_outputs(media, quality).items():
        for path in paths:
            click.echo(f"{kind:<9} {path}")
