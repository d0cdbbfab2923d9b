"""Render the lecture with manim in one process or one process per chapter, then finish the files with ffmpeg."""

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from render.chapters import (
    chapter_times,
    embed_chapters,
    join_videos,
    offset_subtitles,
    section_audio,
    video_seconds,
    write_index,
    write_vtt,
)
from render.jobs import Job, JobResult, run_jobs
from scenes.script import CHAPTER_TITLES

__all__ = ["ROOT", "QUALITIES", "chapter_jobs", "finish_sections", "join_chapters", "manim_command", "section_files"]

ROOT = Path(__file__).resolve().parents[1]
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}  # manim's -q flags
_SCENE = ("scenes/lecture.py", "Lecture")


def manim_command(quality: str, media: Path, sections: bool) -> tuple[str, ...]:
    """The manim command line that renders the lecture into `media`."""
    flags = ["--save_sections"] if sections else []
    return (sys.executable, "-m", "manim", f"-q{quality}", *flags, "--media_dir", str(media),
            "--progress_bar", "none", "-v", "WARNING", *_SCENE)


def _folder(media: Path, quality: str) -> Path:
    return media / "videos" / "lecture" / QUALITIES[quality]


def section_files(folder: Path, names: Sequence[str]) -> list[Path]:
    """The chapter files of a lecture folder, in the order of `names` (as manim names them)."""
    return [folder / "sections" / f"Lecture_{k:04}_{name}.mp4" for k, name in enumerate(names)]


def finish_sections(folder: Path, names: Sequence[str], voiced: bool) -> None:
    """After a one-process render: audio into each chapter file, chapters into the MP4, WebVTT beside the .srt."""
    final = folder / "Lecture.mp4"
    pairs = [(p, n) for p, n in zip(section_files(folder, _all_names()), _all_names(), strict=True) if n in names and p.is_file()]
    files = [path for path, _ in pairs]
    chapters = chapter_times(files, [name for _, name in pairs], CHAPTER_TITLES)
    if voiced:
        for path, chapter in zip(files, chapters, strict=True):
            section_audio(path, final, chapter.start, chapter.end - chapter.start)
    embed_chapters(final, chapters)
    if final.with_suffix(".srt").is_file():
        write_vtt(final.with_suffix(".srt"))


def _all_names() -> list[str]:
    return list(CHAPTER_TITLES)


def chapter_jobs(names: Sequence[str], quality: str, media: Path, env: dict[str, str], voice: str) -> list[Job]:
    """One job per chapter, each with its own media (and so TeX) folder; a finished chapter is not rendered again."""
    jobs = []
    for name in names:
        own = media / "chapters" / f"{voice}-{name}"
        video = _folder(own, quality) / "Lecture.mp4"
        jobs.append(Job(name, manim_command(quality, own, sections=False), str(ROOT),
                        {**env, "LECTURE_CHAPTERS": name}, (str(video),)))
    return jobs


def join_chapters(jobs: Sequence[Job], quality: str, media: Path, voiced: bool) -> None:
    """Each chapter's video (audio padded to its length) becomes a section file; the sections join into the lecture."""
    folder = _folder(media, quality)
    (folder / "sections").mkdir(parents=True, exist_ok=True)
    order = _all_names()
    videos = [Path(job.outputs[0]) for job in jobs]
    targets = [folder / "sections" / f"Lecture_{order.index(job.name):04}_{job.name}.mp4" for job in jobs]
    for video, target in zip(videos, targets, strict=True):
        shutil.copyfile(video, target)
        if voiced:
            section_audio(target, video, 0.0, video_seconds(target))
    final = folder / "Lecture.mp4"
    join_videos(targets, final)
    names = [job.name for job in jobs]
    chapters = chapter_times(targets, names, CHAPTER_TITLES)
    offset_subtitles([(v.with_suffix(".srt"), c.start) for v, c in zip(videos, chapters, strict=True)], final.with_suffix(".srt"))
    write_index(folder / "sections" / "Lecture.json", targets, names)
    embed_chapters(final, chapters)
    write_vtt(final.with_suffix(".srt"))


def run_chapter_jobs(jobs: Sequence[Job], workers: int, cluster: str | None) -> list[JobResult]:
    """Run the chapter jobs; a failure names its chapter and leaves the others' files in place."""
    return run_jobs(jobs, workers=workers, cluster=cluster, progress=True)
