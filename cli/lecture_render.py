"""Render the lecture with manim in one process or one process per chapter, then finish the files with ffmpeg."""

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from cli.jobs import Job, JobResult, run_jobs
from render.video.chapters import (
    chapter_times,
    embed_chapters,
    join_videos,
    offset_subtitles,
    section_audio,
    video_seconds,
    write_index,
    write_vtt,
)
from render.files.project import MANIM_CFG, QUALITIES, ROOT, SCENES
from scenes.script import CHAPTER_TITLES

__all__ = ["CHAPTER_WEIGHTS", "chapter_groups", "chapter_jobs", "finish_sections", "join_chapters", "manim_command",
           "run_chapter_jobs", "section_files"]



def manim_command(quality: str, media: Path, sections: bool) -> tuple[str, ...]:
    """The manim command line that renders the lecture into `media`, with the project's manim.cfg."""
    flags = ["--save_sections"] if sections else []
    return (sys.executable, "-m", "manim", f"-q{quality}", "--config_file", str(MANIM_CFG), *flags,
            "--media_dir", str(media), "--progress_bar", "none", "-v", "WARNING", str(SCENES / "lecture.py"), "Lecture")


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
        join_videos(files, final)  # the same chapter files make the lecture: its audio lasts as long as its video
    embed_chapters(final, chapters)
    if final.with_suffix(".srt").is_file():
        write_vtt(final.with_suffix(".srt"))


def _all_names() -> list[str]:
    return list(CHAPTER_TITLES)


# Render seconds of each chapter as a job of its own at -ql (bench/bench_lecture.py --chapters), to balance jobs.
CHAPTER_WEIGHTS = {"title": 9, "data": 11, "network": 16, "training": 24, "cnn_forward": 25,
                   "gradient_w00": 24, "gradient_a21": 23, "summary": 29}


def chapter_groups(names: Sequence[str], groups: int) -> list[list[str]]:
    """Split chapters, in order, into at most `groups` runs of about equal render cost."""
    groups = max(1, min(groups, len(names)))
    weights = [CHAPTER_WEIGHTS.get(name, 1) for name in names]
    out: list[list[str]] = [[]]
    left = sum(weights)
    for k, (name, weight) in enumerate(zip(names, weights, strict=True)):
        runs_left = groups - len(out) + 1
        target = left / runs_left if runs_left else left
        done = sum(CHAPTER_WEIGHTS.get(n, 1) for n in out[-1])
        if out[-1] and len(out) < groups and (done + weight / 2 > target or len(names) - k == groups - len(out)):
            left -= done
            out.append([])
        out[-1].append(name)
    return out


def chapter_jobs(names: Sequence[str], quality: str, media: Path, env: dict[str, str], voice: str, groups: int) -> list[Job]:
    """One job per run of chapters, each with its own media (and so TeX) folder; a finished job is not run again."""
    jobs = []
    for group in chapter_groups(names, groups):
        name = "+".join(group)
        own = media / "chapters" / f"{voice}-{name}"
        folder = _folder(own, quality)
        outputs = (str(folder / "Lecture.mp4"), *(str(p) for p in _own_sections(folder, group)))
        jobs.append(Job(name, manim_command(quality, own, sections=True), str(ROOT),
                        {**env, "LECTURE_CHAPTERS": ",".join(group)}, outputs))
    return jobs


def _own_sections(folder: Path, group: Sequence[str]) -> list[Path]:
    return [p for p, n in zip(section_files(folder, _all_names()), _all_names(), strict=True) if n in group]


def join_chapters(jobs: Sequence[Job], quality: str, media: Path, voiced: bool) -> None:
    """Each job's chapters (with their span of the job's audio) become section files; the sections join into the lecture."""
    folder = _folder(media, quality)
    (folder / "sections").mkdir(parents=True, exist_ok=True)
    names, targets, parts, at = [], [], [], 0.0
    for job in jobs:
        own_final, group = Path(job.outputs[0]), job.name.split("+")
        parts.append((own_final.with_suffix(".srt"), at))
        start = 0.0
        for source in _own_sections(own_final.parent, group):
            target = folder / "sections" / source.name
            shutil.copyfile(source, target)
            seconds = video_seconds(target)
            if voiced:
                section_audio(target, own_final, start, seconds)
            start, at = start + seconds, at + seconds
            names.append(source.stem.split("_", 2)[2])
            targets.append(target)
    final = folder / "Lecture.mp4"
    join_videos(targets, final)
    chapters = chapter_times(targets, names, CHAPTER_TITLES)
    offset_subtitles(parts, final.with_suffix(".srt"))
    write_index(folder / "sections" / "Lecture.json", targets, names)
    embed_chapters(final, chapters)
    write_vtt(final.with_suffix(".srt"))
def run_chapter_jobs(jobs: Sequence[Job], workers: int, cluster: str | None) -> list[JobResult]:
    """Run the chapter jobs; a failure names its chapter and leaves the others' files in place."""
    return run_jobs(jobs, workers=workers, cluster=cluster, progress=True)
