"""The deck as a PowerPoint file: each slide holds its beat's clip (video and audio) and its speaker notes."""

from collections.abc import Sequence
from pathlib import Path

import av
from PIL import Image

from render.deck.slides import Slide
from render.files.atomic import atomic_path

__all__ = ["notes_text", "write_pptx"]

_EMU_PER_INCH = 914400
_WIDTH, _HEIGHT = int(13.333 * _EMU_PER_INCH), int(7.5 * _EMU_PER_INCH)  # PowerPoint's 16:9 page


def notes_text(slide: Slide) -> str:
    """The speaker notes as plain text: title, words, numbers on screen, the next slide."""
    lines = [slide.title, ""]
    if slide.chapter:
        lines += [f"{slide.chapter} · {slide.seconds:.1f} s", ""]
    lines += [slide.words, ""]
    lines += [f"{label}: {value}" for label, value in slide.numbers]
    lines += ([""] if slide.numbers else []) + [f"Next: {slide.next_title or '(end)'}"]
    return "\n".join(lines)


def _last_frame(video: Path, poster: Path) -> Path:
    """The clip's last frame as a PNG: the picture a slide shows before and after it plays."""
    with av.open(str(video)) as container:
        stream, frame = container.streams.video[0], None
        if stream.duration and stream.time_base:  # decode only the last second, not the whole clip
            container.seek(max(0, stream.duration - int(1 / stream.time_base)), stream=stream, backward=True)
        for frame in container.decode(stream):
            pass
        if frame is None:
            raise ValueError(f"clip must hold at least one frame. Got none in {video} instead.")
        frame.to_image().save(poster)
    return poster


def write_pptx(path: Path, slides: Sequence[Slide], folder: Path, posters: Path) -> Path:
    """Write `path`: one slide per clip (paths relative to `folder`), its last frame as poster, its notes."""
    from pptx import Presentation

    deck = Presentation()
    deck.slide_width, deck.slide_height = _WIDTH, _HEIGHT
    blank = deck.slide_layouts[6]
    posters.mkdir(parents=True, exist_ok=True)
    for k, slide in enumerate(slides):
        clip = folder / slide.clip
        poster = _last_frame(clip, posters / f"{Path(slide.clip).stem}.png")
        page = deck.slides.add_slide(blank)
        width, height = Image.open(poster).size
        scale = min(_WIDTH / width, _HEIGHT / height)
        w, h = int(width * scale), int(height * scale)
        page.shapes.add_movie(str(clip), (_WIDTH - w) // 2, (_HEIGHT - h) // 2, w, h,
                              poster_frame_image=str(poster), mime_type="video/mp4")
        page.notes_slide.notes_text_frame.text = notes_text(slide)
    with atomic_path(path) as tmp:
        deck.save(str(tmp))
    return path
