"""Measure the replay's labels as they are laid out: the height of a capital in each, and the boxes they take."""

from functools import lru_cache

from manim import Group, Mobject, Text

from scenes.ticker import FONT, Ticker

REFERENCE = 48  # font size the reference glyphs are set at
MIN_CAP = 36 / 1080 * 8  # 36 px at 1080p in scene units (the frame is 8 units tall): 0.267


def labels(*mobjects: Mobject) -> list[Mobject]:
    """Every Text and Ticker inside `mobjects`, each once, outermost first (a Ticker's glyphs are not texts of their own)."""
    found, seen = [], set()
    for mob in Group(*mobjects).get_family():
        if id(mob) in seen or not isinstance(mob, (Text, Ticker)):
            continue
        seen.update(id(m) for m in mob.get_family())
        found.append(mob)
    return found


def cap_height(mob: Mobject) -> float:
    """Scene units a capital H is tall in `mob` as drawn now: its glyphs' size against the same text set at REFERENCE."""
    if isinstance(mob, Ticker):  # a glyph that never changes, against that glyph in the template set at REFERENCE
        font, glyph = FONT, mob[mob._anchor]
        ref = _reference(mob.template, font, True, mob._anchor)
    else:
        font, glyph = mob.font, mob
        ref = _reference(mob.original_text, font, mob.disable_ligatures, None)
    scale = glyph.width / ref[0] if ref[0] >= ref[1] else glyph.height / ref[1]  # along the longer side, the exact one
    return scale * _reference("H", font, False, None)[1]


@lru_cache(maxsize=None)
def _reference(words: str, font: str, ligatures_off: bool, glyph: int | None) -> tuple[float, float]:
    """Width and height of `words` (or of its glyph number `glyph`) set at REFERENCE."""
    ref = Text(words, font=font, font_size=REFERENCE, disable_ligatures=ligatures_off)
    part = ref if glyph is None else ref[glyph]
    return part.width, part.height


def px(units: float) -> float:
    """Scene units as pixels at 1080p."""
    return units * 1080 / 8
