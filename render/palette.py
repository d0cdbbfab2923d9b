"""One colour scheme for matplotlib figures, the GIF renderer and Manim scenes."""

from dataclasses import dataclass

__all__ = ["PALETTE", "Palette", "hex_to_rgb"]


@dataclass(frozen=True)
class Palette:
    """Hex colours shared by every renderer (Okabe-Ito, safe for colour-blind viewers)."""

    class0: str = "#E69F00"  # orange: label 0 (outer ring of make_circles)
    class1: str = "#0072B2"  # blue: label 1 (inner disc of make_circles)
    boundary: str = "#222222"  # the p = 0.5 decision boundary
    error: str = "#000000"  # ring around misclassified points
    forward: str = "#B8A1F0"  # values flowing forward (lavender: none of the eight class colours)
    gradient: str = "#FF5C5C"  # gradients flowing backward (coral red: none of the eight class colours)
    highlight: str = "#F0E442"  # the cell or term being talked about (yellow)
    check: str = "#009E73"  # agreement with torch autograd (bluish green)
    text: str = "#222222"  # text on light backgrounds
    muted: str = "#888888"  # axes, grid lines, secondary text
    paper: str = "#FFFFFF"  # light background (figures, GIF)
    ink: str = "#FFFFFF"  # text on the dark video background
    screen: str = "#101418"  # dark background of the videos
    mismatch: str = "#FF4040"  # a check that failed: red cross beside an autograd value
    class2: str = "#009E73"  # bluish green: label 2 (many-class data)
    class3: str = "#CC79A7"  # reddish purple: label 3
    class4: str = "#56B4E9"  # sky blue: label 4
    class5: str = "#D55E00"  # vermillion: label 5
    class6: str = "#F0E442"  # yellow: label 6
    class7: str = "#000000"  # black: label 7
    card: str = "#1C232B"  # panel behind chapter and part cards in the lecture
    accent: str = "#F5F5F5"  # titles of chapter and part cards
    connection: str = "#5A6470"  # edges of the fully-connected network diagram

    def classes(self, k: int) -> tuple[str, ...]:
        """The colours of labels 0..k-1 (k at most 8)."""
        if not 1 <= k <= 8:
            raise ValueError(f"the palette has colours for 1 to 8 classes. Got {k} instead.")
        return tuple(getattr(self, f"class{c}") for c in range(k))


PALETTE = Palette()


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """Turn '#RRGGBB' into an (r, g, b) tuple of ints in 0..255."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"colour must look like '#RRGGBB'. Got {colour!r} instead.")
    return tuple(int(value[k : k + 2], 16) for k in (0, 2, 4))
