"""The `slides` command: the lecture (or the backprop lesson) as a reveal.js deck and a PowerPoint file, one slide per beat."""

import os
import sys
from pathlib import Path

import click

from cli.jobs import SCHEDULER_ENV_VAR
from cli.lecture import lecture, lecture_options
from cli.options import say
from render.files.project import MANIM_CFG, QUALITIES, ROOT, SCENES
from render.speech.voice import VOICE_ENV_VAR, VOICES
from scenes.names import CHAPTER_KEYS

__all__ = ["LESSONS", "slides"]

LESSONS = ("lecture", "backprop")  # the whole lecture, or the backprop lesson alone


def _lecture_folders(quality: str, media: Path, names: list[str], voice: str, jobs: str | None, cluster: str | None) -> list[Path]:
    """The folders whose beats the lecture render left: its own, or one per chapter job (as `lecture` splits them)."""
    from cli.lecture_render import chapter_jobs
    from cli.options import integer_option

    workers = integer_option("jobs", jobs) if jobs is not None else (os.cpu_count() or 1)
    cluster = cluster or os.environ.get(SCHEDULER_ENV_VAR) or None
    if (workers == 1 and cluster is None) or len(names) == 1:
        return [media / "videos" / "lecture" / QUALITIES[quality]]
    groups = int(jobs) if jobs else (len(names) if cluster else workers)
    return [Path(job.outputs[0]).parent for job in chapter_jobs(names, quality, media, {}, voice, groups)]


def _render_backprop(quality: str, media: Path, example_path: str | None, voice: str) -> Path:
    """Render the backprop lesson with a section per beat (manim reuses what it rendered before); return its folder."""
    from cli.signals import run_child
    from model.conv import load_example
    from model.conv_example import EXAMPLE_ENV_VAR

    load_example(example_path)  # a bad file fails here, in one line
    env = {**os.environ, VOICE_ENV_VAR: voice}
    if example_path is not None:
        env[EXAMPLE_ENV_VAR] = str(Path(example_path).resolve())
    command = [sys.executable, "-m", "manim", f"-q{quality}", "--config_file",
               str(MANIM_CFG), "--save_sections", "--media_dir", str(media), "--progress_bar", "none",
               "-v", "WARNING", str(SCENES / "backprop.py"), "Backprop"]
    status = run_child(command, cwd=ROOT, env=env)
    if status != 0:
        raise click.ClickException(f"manim failed with exit status {status} (its output is above).")
    return media / "videos" / "backprop" / QUALITIES[quality]


@click.command("slides")
@click.option("--lesson", type=click.Choice(LESSONS), default="lecture", show_default=True,
              help="The whole lecture, or the backprop lesson alone.")
@lecture_options
@click.option("--out", "out_dir", default="out/slides", show_default=True, help="The deck's folder: index.html, the .pptx, the clips.")
@click.pass_context
def slides(ctx: click.Context, lesson: str, quality: str, snapshots_path: str, example_path: str | None, media_dir: str,
           chapters: tuple[str, ...], voice: str | None, jobs: str | None, cluster: str | None, out_dir: str) -> None:
    """Write the lesson as a deck to step through in class: index.html (reveal.js) and a .pptx, one slide per beat."""
    from model.conv import load_example
    from model.scene_numbers import scene_numbers
    from render.deck.beats import read_beats
    from render.deck.folder import copy_clips, is_deck_folder, write_manifest
    from render.deck.html import write_deck
    from render.deck.numbers import beat_numbers
    from render.deck.pptx import write_pptx
    from render.deck.slides import make_slides
    from scenes.script import CHAPTER_TITLES

    voice = voice or os.environ.get(VOICE_ENV_VAR) or "piper"
    if voice not in VOICES:
        raise ValueError(f"{VOICE_ENV_VAR} must be one of {', '.join(VOICES)}. Got {voice!r} instead.")
    if lesson == "backprop" and chapters:
        raise ValueError(f"chapter applies to the lecture only. Got --chapter {chapters[0]!r} with --lesson backprop instead.")
    out = Path(out_dir)
    if not is_deck_folder(out):
        raise ValueError(f"out must be a new folder or a deck this command wrote. Got {str(out)!r}, which holds other files, instead.")
    numbers = scene_numbers(load_example(example_path))
    media = Path(media_dir).resolve()
    if lesson == "lecture":
        ctx.invoke(lecture, quality=quality, snapshots_path=snapshots_path, example_path=example_path, media_dir=media_dir,
                   chapters=chapters, voice=voice, jobs=jobs, cluster=cluster)
        names = [name for name in CHAPTER_KEYS if not chapters or name in chapters]
        beats = [beat for folder in _lecture_folders(quality, media, names, voice, jobs, cluster)
                 for beat in read_beats(folder) if beat.chapter in names]
        title, titles = CHAPTER_TITLES["title"], dict(CHAPTER_TITLES)
    else:
        beats = read_beats(_render_backprop(quality, media, example_path, voice))
        title, titles = "Backpropagation through a tiny CNN", {}
    clips = copy_clips(beats, out)
    deck = make_slides(beats, clips, titles, lambda name: beat_numbers(numbers, name))
    index = write_deck(out, title, deck)
    pptx = write_pptx(out / f"{lesson}.pptx", deck, out, out / "posters")
    write_manifest(out, lesson, clips, deck)
    cards = sum(s.kind == "card" for s in deck)
    say(f"deck      {index} ({len(deck)} slides: {len(deck) - cards} beats, {cards} cards)")
    say(f"pptx      {pptx}")
