"""The scene kit: pacing, subtitles, the step player, fades, text, number format, the image camera, config.

Every scene file imports this module and its own mobjects, never another scene file. manim reads the
background colour and encoder options from `manim.cfg` in the directory it runs in (the project root);
the commands pass the same file as `--config_file manim.cfg`.
"""

import os
import re
import shutil
import sys
import textwrap
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from manim import Animation, Camera, ImageMobject, MathTex, Mobject, Scene, Text, VGroup, VMobject
from manim.utils.rate_functions import smooth, squish_rate_func
from PIL import Image

from render.files.project import ROOT
from render.palette import FONT, PALETTE

__all__ = [
    "CHARS_PER_SECOND", "END_HOLD", "FONT", "LATEX_PACKAGES", "LINE_CHARS", "MIN_BEAT_SECONDS", "ROOT",
    "ImageCamera", "ImageScene", "OpacityFade", "Step",
    "FIRST_HALF", "FLOOR", "SECOND_HALF", "appear", "beat_length", "beat_seconds", "clean_failure", "drop_outlines", "enter", "env_path", "leave", "play_steps", "require_latex",
    "steps_seconds", "subtitle_chunks", "tex_group", "text", "text_row", "vanish",
]  # fmt: skip

LATEX_PACKAGES = (
    "texlive-latex-base texlive-latex-recommended texlive-fonts-recommended texlive-latex-extra dvisvgm"
)
CHARS_PER_SECOND = 15.0  # reading speed a beat is paced for (subtitle guidelines allow up to 17)
MIN_BEAT_SECONDS = 4.0  # even a short line stays this long
LINE_CHARS = 42  # characters per subtitle line; two lines per subtitle
END_HOLD = 1.5  # seconds a beat's last picture stays still, however long its words


def env_path(variable: str, default: str) -> Path:
    """A file named by environment `variable`, else `default` relative to the project root."""
    return Path(os.environ.get(variable) or ROOT / default)


@contextmanager
def clean_failure() -> Iterator[None]:
    """Inputs that cannot be shown end the render with their one-line message (exit status 2), not a traceback."""
    try:
        yield
    except (ValueError, FileNotFoundError) as err:
        sys.stderr.write(f"error: {err}\n")
        raise SystemExit(2) from None  # manim reports an Exception with a full traceback, but lets SystemExit through


def require_latex() -> None:
    """Fail early, naming the packages to install, when `latex` is not on PATH."""
    found = {tool: shutil.which(tool) for tool in ("latex", "dvisvgm")}
    if None in found.values():
        got = ", ".join(f"{tool}: {path or 'missing'}" for tool, path in found.items())
        raise RuntimeError(
            f"the backprop scene needs latex and dvisvgm on PATH. Got {got} instead. "
            f"Install them with `apt-get install -y --no-install-recommends {LATEX_PACKAGES}`."
        )


# --- numbers and text -----------------------------------------------------------------------------


def drop_outlines(mobject: Mobject) -> Mobject:
    """Forget the SVG path each glyph was drawn from: its points keep the shape, and manim's cache key, which
    serialises every mobject on screen at every play call, no longer walks the path too (a third of the cost)."""
    for glyph in mobject.get_family():
        if getattr(glyph, "path_obj", None) is not None:
            glyph.path_obj = None
    return mobject


def text(content: str, font_size: float = 28, colour: str = PALETTE.ink) -> Text:
    """One line of on-screen text in the house font."""
    return drop_outlines(Text(content, font=FONT, font_size=font_size, color=colour))


def text_row(pieces: list[str], font_size: float = 28, colour: str = PALETTE.ink, gap: str = " ") -> VGroup:
    """Pieces set as one Text (one baseline, one font call), split so each can be animated alone."""
    line = text(gap.join(pieces), font_size, colour)
    glyphs = list(line.submobjects)
    counts = [len("".join(piece.split())) for piece in pieces]
    if sum(counts) != len(glyphs):
        raise ValueError(f"text row must set one glyph per visible character. Got {len(glyphs)} for {sum(counts)}.")
    row, start = VGroup(), 0
    for count in counts:
        piece = VGroup(*glyphs[start : start + count])
        piece.is_text = True  # layout checks look for text by this mark
        row.add(piece)
        start += count
    return row


def tex_group(texs: list[str], font_size: float = 40, colour: str = PALETTE.ink) -> list[VGroup]:
    """Formulas set by LaTeX in a single run (one run costs about as much as one formula), split apart."""
    texs = ["{-}" + t[1:] if t.startswith("-") else t for t in texs]  # a unary minus, not a binary one after the last piece
    bank = drop_outlines(MathTex(*texs, font_size=font_size, color=colour))
    parts = [VGroup(*part.submobjects) for part in bank.submobjects]
    for part, tex in zip(parts, texs):
        part.is_text, part.tex = True, tex  # layout checks look for text by this mark
    return parts


# --- pacing and subtitles -------------------------------------------------------------------------


def beat_seconds(words: str) -> float:
    """The least a beat lasts so its text can be read (or, later, heard): the one pacing rule."""
    return max(MIN_BEAT_SECONDS, len(" ".join(words.split())) / CHARS_PER_SECOND)


def beat_length(animation_seconds: float, words: str) -> float:
    """How long a beat lasts: its animations plus END_HOLD, or the time to read its words if that is longer."""
    return max(animation_seconds + END_HOLD, beat_seconds(words))


def subtitle_chunks(words: str) -> list[str]:
    """The text cut into subtitles of at most two lines of LINE_CHARS characters, whole sentences where they fit."""
    sentences = re.split(r"(?<=[.!?:])\s+", " ".join(words.split()))
    pieces = []
    for sentence in sentences:  # a sentence longer than two lines is cut into two-line pieces
        lines = textwrap.wrap(sentence, LINE_CHARS, break_long_words=False)
        pieces += [" ".join(lines[k : k + 2]) for k in range(0, len(lines), 2)]
    chunks: list[str] = []
    for piece in pieces:
        if chunks and len(textwrap.wrap(f"{chunks[-1]} {piece}", LINE_CHARS, break_long_words=False)) <= 2:
            chunks[-1] = f"{chunks[-1]} {piece}"
        else:
            chunks.append(piece)
    return ["\n".join(textwrap.wrap(chunk, LINE_CHARS, break_long_words=False)) for chunk in chunks]


@dataclass(frozen=True)
class Step:
    """Animations played together for run_time seconds, then a wait.

    `say`: the phrase spoken from this step's start ("" continues the phrase before); `pause`: a deliberate
    still or silent stretch the timing checks accept; `fill`: the step holds its picture (its wait grows) until
    its phrase has been spoken, before the steps after it play.
    """

    animations: tuple[Animation, ...]
    run_time: float
    wait: float = 0.0
    say: str = ""
    pause: bool = False
    fill: bool = False


def play_steps(scene: Scene, steps: Iterable[Step]) -> None:
    """Play each step, first moving whatever it animates to the end of the draw order.

    The Cairo renderer redraws, every frame, each mobject from the first animated one onwards;
    keeping the animated ones last means only they are redrawn.
    """
    for step in steps:
        if step.animations:
            present = set(scene.get_mobject_family_members())
            movers = [a.mobject for a in step.animations if present.intersection(a.mobject.get_family())]
            if movers:
                scene.bring_to_front(*movers)
            scene.play(*step.animations, run_time=step.run_time)
        if step.wait:
            scene.wait(step.wait)


def steps_seconds(steps: Iterable[Step]) -> float:
    """Seconds a sequence of steps plays for (consumes a generator: use on a dry run)."""
    return sum(step.run_time + step.wait for step in steps)


# --- fades without copies -------------------------------------------------------------------------


class OpacityFade(Animation):
    """Fade a mobject in or out by scaling its own opacities: cheap, because nothing is copied."""

    def __init__(self, mobject: Mobject, fade_in: bool = True, **kwargs) -> None:
        super().__init__(mobject, introducer=fade_in, remover=not fade_in, **kwargs)
        self.fade_in = fade_in
        # The rate function's shape as plain numbers: manim's cache key records a function it has already met
        # in the same play call by a placeholder, so without this a changed timing would reuse an old clip.
        self.timing = tuple(round(float(self.rate_func(t / 10)), 6) for t in range(11))
        self._stored: list[tuple[VMobject, np.ndarray, np.ndarray]] = []

    def create_starting_mobject(self) -> Mobject:
        return Mobject()  # the start is the stored opacities, not a copy

    def begin(self) -> None:
        family = [m for m in self.mobject.get_family() if isinstance(m, VMobject) and m.has_points()]
        self._stored = [(m, m.get_fill_rgbas().copy(), m.get_stroke_rgbas().copy()) for m in family]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        alpha = self.rate_func(alpha)  # interpolate_mobject receives the raw alpha
        level = alpha if self.fade_in else 1.0 - alpha
        for m, fill, stroke in self._stored:
            m.fill_rgbas = fill * np.array([1.0, 1.0, 1.0, level])
            m.stroke_rgbas = stroke * np.array([1.0, 1.0, 1.0, level])

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        if not self.fade_in:  # the pieces may have been added one by one: remove every one of them
            scene.remove(*self.mobject.get_family())
        for m, fill, stroke in self._stored:
            m.fill_rgbas, m.stroke_rgbas = fill, stroke


FLOOR = -3.0  # the lowest a picture may reach: below it lies the subtitle band (the bottom 12% of the frame)
FIRST_HALF = squish_rate_func(smooth, 0.0, 0.45)  # what leaves is gone before what replaces it arrives
SECOND_HALF = squish_rate_func(smooth, 0.55, 1.0)


def leave(mobject: Mobject) -> OpacityFade:
    """Fade out in the first half of a step, so nothing replacing it is seen through it."""
    return OpacityFade(mobject, fade_in=False, rate_func=FIRST_HALF)


def enter(mobject: Mobject) -> OpacityFade:
    """Fade in in the second half of a step, once what it replaces has left."""
    return OpacityFade(mobject, fade_in=True, rate_func=SECOND_HALF)


def appear(mobject: Mobject, **kwargs) -> OpacityFade:
    """Fade in without copying."""
    return OpacityFade(mobject, fade_in=True, **kwargs)


def vanish(mobject: Mobject, **kwargs) -> OpacityFade:
    """Fade out without copying; the mobject keeps its colours for a later return."""
    return OpacityFade(mobject, fade_in=False, **kwargs)


# --- images ---------------------------------------------------------------------------------------


class ImageCamera(Camera):
    """Cairo camera whose ImageMobjects are resized and alpha-composited straight into the frame."""

    def display_image_mobject(self, image_mobject: ImageMobject, pixel_array: np.ndarray) -> None:
        """Draw an upright (unrotated) image; manim 0.22 builds a float array Pillow 13 rejects."""
        corners = self.points_to_subpixel_coords(image_mobject, image_mobject.points)  # (4, 2) as (x, y)
        (x0, y0), (x1, y1) = np.rint(corners.min(axis=0)).astype(int), np.rint(corners.max(axis=0)).astype(int)
        height, width = pixel_array.shape[:2]
        left, top, right, bottom = max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)
        if right <= left or bottom <= top:  # off screen or squashed to nothing
            return
        image = Image.fromarray(np.ascontiguousarray(image_mobject.get_pixel_array(), dtype=np.uint8))
        image = image.resize((x1 - x0, y1 - y0), resample=image_mobject.resampling_algorithm)
        patch = image.crop((left - x0, top - y0, right - x0, bottom - y0))
        under = Image.fromarray(np.ascontiguousarray(pixel_array[top:bottom, left:right]))
        pixel_array[top:bottom, left:right] = np.asarray(Image.alpha_composite(under, patch))


class ImageScene(Scene):
    """A Scene drawn with the ImageCamera: the base of every scene that shows pictures."""

    def __init__(self, **kwargs) -> None:
        super().__init__(camera_class=ImageCamera, **kwargs)
