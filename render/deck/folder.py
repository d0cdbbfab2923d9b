"""The deck folder: the clips copied in (only those that changed), and the manifest of what this command wrote."""

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from render.deck.beats import Beat
from render.deck.slides import Slide
from render.files.atomic import atomic_path

__all__ = ["MANIFEST", "copy_clips", "is_deck_folder", "write_manifest"]

MANIFEST = "deck.json"  # the slides, and the clips this command wrote


def is_deck_folder(out: Path) -> bool:
    """True if `out` is new (or empty of deck files) or holds a deck written here before."""
    return (out / MANIFEST).is_file() or not any((out / name).exists() for name in ("index.html", "clips", "reveal"))


def copy_clips(beats: Sequence[Beat], out: Path) -> list[str]:
    """Copy each beat clip into out/clips (unchanged ones are left alone); remove the clips written before and not now."""
    manifest = out / MANIFEST
    old = json.loads(manifest.read_text(encoding="utf-8")).get("clips", []) if manifest.is_file() else []
    names = [f"clips/{k:03}_{beat.chapter + '_' if beat.chapter else ''}{beat.name}.mp4" for k, beat in enumerate(beats)]
    (out / "clips").mkdir(parents=True, exist_ok=True)
    for beat, name in zip(beats, names, strict=True):
        target, source = out / name, beat.video.stat()
        if target.is_file() and target.stat().st_size == source.st_size and target.stat().st_mtime_ns == source.st_mtime_ns:
            continue
        part = target.with_name(f".{target.name}.part")
        shutil.copy2(beat.video, part)  # keeps the time stamp: the next run sees the clip unchanged
        part.replace(target)
    for stale in set(old) - set(names):
        (out / stale).unlink(missing_ok=True)
        (out / "posters" / f"{Path(stale).stem}.png").unlink(missing_ok=True)
    return names


def write_manifest(out: Path, lesson: str, clips: Sequence[str], slides: Sequence[Slide]) -> Path:
    """deck.json: the lesson, the clips, and each slide's title, kind, chapter, clip, seconds and words."""
    rows = [{"title": s.title, "kind": s.kind, "chapter": s.chapter, "clip": s.clip, "seconds": round(s.seconds, 6),
             "words": s.words} for s in slides]
    with atomic_path(out / MANIFEST) as tmp:
        tmp.write_text(json.dumps({"lesson": lesson, "clips": list(clips), "slides": rows}, indent=2), encoding="utf-8")
    return out / MANIFEST
