"""Beat clips from a scene's sections: each with its span of the scene's audio, indexed with its words and chapter."""

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from render.files.atomic import atomic_path
from render.video.chapters import join_videos, section_audio, video_seconds, write_index

__all__ = ["BEATS_FOLDER", "BEATS_INDEX", "BEAT_TYPE", "CARD_TYPE", "Beat", "read_beats", "split_beats"]

BEAT_TYPE = "lesson.beat"  # the manim section type of a narrated beat
CARD_TYPE = "lesson.card"  # ... and of a part or chapter card
BEATS_FOLDER = "beats"  # beside manim's "sections" folder
BEATS_INDEX = "beats.json"


@dataclass(frozen=True)
class Beat:
    """One beat clip: its section name, chapter, kind ('beat' or 'card'), words, file and seconds."""

    name: str
    chapter: str
    kind: str
    words: str
    video: Path
    seconds: float


def _old_clips(folder: Path) -> list[Path]:
    index = folder / BEATS_INDEX
    if not index.is_file():
        return []
    return [folder / entry["video"] for entry in json.loads(index.read_text(encoding="utf-8"))]


def split_beats(section_index: Path, movie: Path, notes: Sequence[dict], chapters: Sequence[str] = ()) -> list[Beat]:
    """Turn the sections manim listed in `section_index` into beat clips in the `beats` folder beside it.

    `notes` holds, per saved section, its chapter, kind and words. Each clip gets the audio of `movie` (the
    scene's own video, the sections end to end) over its span. With `chapters`, the sections are the beats
    of those chapters: the beats move out of the sections folder and each chapter's beats are joined into
    `<Scene>_<k>_<chapter>.mp4` there (k: the chapter's place in `chapters`), as if each chapter were one section.
    """
    sections = section_index.parent
    entries = json.loads(section_index.read_text(encoding="utf-8"))
    if len(entries) != len(notes):
        raise ValueError(f"beat notes must match the saved sections. Got {len(notes)} notes for {len(entries)} sections.")
    folder = sections.parent / BEATS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in _old_clips(folder):
        old.unlink(missing_ok=True)
    beats = []
    for entry, note in zip(entries, notes, strict=True):
        source, clip = sections / entry["video"], folder / entry["video"]
        (shutil.move if chapters else shutil.copyfile)(source, clip)
        seconds = video_seconds(clip)
        beats.append(Beat(entry["name"], note.get("chapter", ""), note.get("kind", "beat"),
                          " ".join(note.get("words", "").split()), clip, seconds))
    if chapters:
        _join_chapters(sections, section_index, beats, chapters)
    start = 0.0
    for beat in beats:  # after the joins: the chapter files stay silent, as manim's sections are
        section_audio(beat.video, movie if movie.is_file() else None, start, beat.seconds)
        start += beat.seconds
    _write_index(folder / BEATS_INDEX, beats)
    return beats


def _join_chapters(sections: Path, section_index: Path, beats: list[Beat], chapters: Sequence[str]) -> None:
    scene = section_index.stem
    files, names = [], []
    for k, chapter in enumerate(chapters):
        clips = [beat.video for beat in beats if beat.chapter == chapter]
        if clips:
            files.append(sections / f"{scene}_{k:04}_{chapter}.mp4")
            names.append(chapter)
            join_videos(clips, files[-1])
    write_index(section_index, files, names)


def _write_index(path: Path, beats: Sequence[Beat]) -> None:
    rows = [{"name": b.name, "chapter": b.chapter, "kind": b.kind, "words": b.words, "video": b.video.name,
             "seconds": round(b.seconds, 6)} for b in beats]
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(rows, indent=2), encoding="utf-8")


def read_beats(folder: Path) -> list[Beat]:
    """The beats a render left in `folder` (a scene's quality folder), in the order they play."""
    index = folder / BEATS_FOLDER / BEATS_INDEX
    if not index.is_file():
        raise FileNotFoundError(f"beat index must exist after the render. Got no {index} instead "
                                f"(rendered before beats had sections: remove {folder} to render it again).")
    rows = json.loads(index.read_text(encoding="utf-8"))
    return [Beat(r["name"], r["chapter"], r["kind"], r["words"], index.parent / r["video"], float(r["seconds"])) for r in rows]
