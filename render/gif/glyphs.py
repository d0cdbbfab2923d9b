"""Text for GIF frames from cached glyph masks: one FreeType render per character, not per frame."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

__all__ = ["GlyphText"]


class GlyphText:
    """Paste anti-aliased glyphs of one font into coverage arrays (0 = empty, 255 = ink)."""

    def __init__(self, font: ImageFont.FreeTypeFont) -> None:
        self.font = font
        self._glyphs: dict[str, tuple[np.ndarray, int, int, float]] = {}
        self.cap_height = -font.getbbox("0", anchor="ls")[1]  # pixels from baseline to the top of a digit

    def _glyph(self, char: str) -> tuple[np.ndarray, int, int, float]:
        if char not in self._glyphs:
            left, top, right, bottom = self.font.getbbox(char, anchor="ls")
            image = Image.new("L", (max(right - left, 1), max(bottom - top, 1)), 0)
            ImageDraw.Draw(image).text((-left, -top), char, fill=255, font=self.font, anchor="ls")
            self._glyphs[char] = (np.asarray(image), left, top, self.font.getlength(char))
        return self._glyphs[char]

    def draw(self, coverage: np.ndarray, x: float, baseline: int, text: str) -> None:
        """Draw `text` into `coverage` (h, w) uint8 from (x, baseline), keeping the darker ink."""
        height, width = coverage.shape
        for char in text:
            mask, left, top, advance = self._glyph(char)
            col, row = int(round(x)) + left, baseline + top
            x += advance
            r0, c0 = max(row, 0), max(col, 0)
            r1, c1 = min(row + mask.shape[0], height), min(col + mask.shape[1], width)
            if r1 > r0 and c1 > c0:
                region = coverage[r0:r1, c0:c1]
                np.maximum(region, mask[r0 - row : r1 - row, c0 - col : c1 - col], out=region)
