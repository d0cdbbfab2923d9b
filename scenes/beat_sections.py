"""One manim section per beat, its words and chapter kept with it, so the deck can show each beat on a slide of its own.

A scene calls `keep_beats` once, then `start_beat` where a beat begins (or `note_beat` inside a section it already
started). After manim writes its section files, `render.deck.beats.split_beats` gives each beat clip its span of the
scene's audio and, when the scene has chapters, joins the beats of each chapter back into the chapter files.
"""

from collections.abc import Sequence

from manim import Scene

from render.deck.beats import BEAT_TYPE, CARD_TYPE, split_beats

__all__ = ["keep_beats", "note_beat", "start_beat"]


def _writer(scene: Scene):
    return scene.renderer.file_writer


def note_beat(scene: Scene, words: str, chapter: str = "", card: bool = False) -> None:
    """Record a beat's words (and chapter) on the section now being written."""
    section = _writer(scene).sections[-1]
    section.type_ = CARD_TYPE if card else BEAT_TYPE
    section.beat = {"chapter": chapter, "kind": "card" if card else "beat", "words": words}


def start_beat(scene: Scene, name: str, words: str, card: bool = False) -> None:
    """Start a beat's own section inside the current chapter, skipped when its chapter is."""
    last = _writer(scene).sections[-1]
    beat = getattr(last, "beat", None)
    chapter = beat["chapter"] if beat else last.name  # before the first beat, the open section is the chapter's own
    scene.next_section(name, skip_animations=last.skip_animations)
    note_beat(scene, words, chapter, card)


def _notes(sections, chapters: Sequence[str]) -> list[dict]:
    """Each saved section's notes; one started without them belongs to the chapter open before it."""
    notes, chapter = [], ""
    for section in sections:
        beat = getattr(section, "beat", None)
        chapter = beat["chapter"] if beat else (section.name if section.name in chapters else chapter)
        if section.video is not None:
            notes.append(beat or {"chapter": chapter, "kind": "beat", "words": ""})
    return notes


def keep_beats(scene: Scene, chapters: Sequence[str] = ()) -> None:
    """After manim writes the sections, write the beat clips with their audio (and the chapter files from them)."""
    writer = _writer(scene)
    if not writer.output_spec.save_sections:
        return
    combine = writer.combine_to_section_videos

    def combine_then_split() -> None:
        combine()
        split_beats(writer.output_plan.section_index, writer.movie_file_path, _notes(writer.sections, chapters), tuple(chapters))

    writer.combine_to_section_videos = combine_then_split
