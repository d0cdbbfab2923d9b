"""Measure the replay's labels as they are laid out: the height of a capital in each, and the boxes they take."""

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
        font, anchor = FONT, mob._anchor
        ref = Text(mob.template, font=font, font_size=REFERENCE, disable_ligatures=True)
        scale = _ratio(mob[anchor], ref[anchor])
    else:
        font = mob.font
        ref = Text(mob.original_text, font=font, font_size=REFERENCE, disable_ligatures=mob.disable_ligatures)
        scale = _ratio(mob, ref)
    return scale * Text("H", font=font, font_size=REFERENCE).height


def _ratio(mob: Mobject, ref: Mobject) -> float:
    """How much larger `mob` is drawn than `ref`, the same glyphs: measured along the longer side, the exact one."""
    return mob.width / ref.width if ref.width >= ref.height else mob.height / ref.height


def px(units: float) -> float:
    """Scene units as pixels at 1080p."""
    return units * 1080 / 8
