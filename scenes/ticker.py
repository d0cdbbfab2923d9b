"""Text whose digits change every frame without being typeset again."""

import numpy as np
from manim import DOWN, LEFT, Text, VGroup

from render.palette import PALETTE
from scenes.kit import FONT

__all__ = ["FONT", "LABEL_SIZE", "Ticker", "baseline"]

LABEL_SIZE = 27  # the smallest font size a replay label is set in: capitals 0.27 units tall, 36 px at 1080p


def baseline(text: Text) -> float:
    """The y most of `text`'s glyphs stand on: its baseline, whatever descends below it."""
    return float(np.median([glyph.get_bottom()[1] for glyph in text if len(glyph.points)]))


class Ticker(VGroup):
    """A line of text whose digits change in place: glyphs are copied into fixed slots, never re-typeset."""

    def __init__(self, template: str, font_size: int = LABEL_SIZE, color: str = PALETTE.ink) -> None:
        fixed = [k for k, c in enumerate(template) if c != "0" and not c.isspace()]
        if not fixed:
            raise ValueError(f"template needs a character that never changes besides 0 slots. Got {template!r} instead.")
        style = {"font": FONT, "font_size": font_size, "color": color, "disable_ligatures": True}
        line = Text(template, **style)
        super().__init__(*line.submobjects)  # one submobject per character, spaces included
        self.template = self.text = template
        pairs = Text("".join("0" + d for d in "0123456789"), **style)  # "00", "01", ... typeset once
        corners = [glyph.get_corner(DOWN + LEFT) for glyph in pairs]
        advance = corners[1] - corners[0]
        # where digit d's glyph sits relative to where a 0 would sit, and its outline
        self._glyphs = {
            d: (corners[2 * k + 1] - corners[2 * k] - advance, pairs[2 * k + 1].points - corners[2 * k + 1])
            for k, d in enumerate("0123456789")
        }
        self._slots = [k for k, c in enumerate(template) if c == "0"]
        self._anchor = fixed[0]  # slots are placed relative to this glyph, which moves only with the whole line
        self._zero = {k: self[k].get_corner(DOWN + LEFT) - self[self._anchor].get_corner(DOWN + LEFT) for k in self._slots}

    def slots(self) -> VGroup:
        """The glyphs that can change."""
        return VGroup(*(self[k] for k in self._slots))

    def set_text(self, text: str) -> "Ticker":
        """Show `text`: the template with each 0 slot replaced by a digit or a space."""
        shape_ok = len(text) == len(self.template) and all(
            c == t or (t == "0" and (c.isdigit() or c == " ")) for c, t in zip(text, self.template, strict=True)
        )
        if not shape_ok:
            raise ValueError(f"text must match the template {self.template!r}. Got {text!r} instead.")
        origin = self[self._anchor].get_corner(DOWN + LEFT)
        for k in self._slots:
            glyph = self[k]
            if text[k] == " ":
                glyph.set_fill(opacity=0.0)
                continue
            offset, outline = self._glyphs[text[k]]
            glyph.set_points(outline + origin + self._zero[k] + offset)
            glyph.set_fill(opacity=1.0)
        self.text = text
        return self
