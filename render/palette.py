"""One colour scheme for matplotlib figures, the GIF renderer, Manim scenes and the page: class colours and role colours."""

from dataclasses import dataclass, fields

__all__ = ["CLASS_COLOURS", "FONT", "PALETTE", "Palette", "hex_to_rgb"]

FONT = "DejaVu Sans"  # the figures', the GIF's, the videos' and the page's font (matplotlib bundles it)

# Okabe-Ito, safe for colour-blind viewers: the colour of labels 0..7 and of nothing else
CLASS_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


@dataclass(frozen=True)
class Palette:
    """Hex colours shared by every renderer; a role colour (say what a mark means) is never a class colour."""

    # roles: each distinct from the others and from the eight class colours (a test keeps them apart)
    highlight: str = "#FF4FD8"  # the cell, term or point being talked about (magenta)
    forward: str = "#B8A1F0"  # values flowing forward (lavender)
    gradient: str = "#FF5C5C"  # gradients flowing backward (coral red)
    check: str = "#55D44A"  # verdict right: agreement with torch autograd, a lower loss (green)
    mismatch: str = "#D7001F"  # verdict wrong: a failed check, a misclassified point (crimson)
    boundary: str = "#5E3C99"  # the decision boundary on light backgrounds (deep violet)
    text: str = "#2B3A55"  # text and point outlines on light backgrounds (dark slate: class 7 is black)
    # neutrals and backgrounds
    muted: str = "#888888"  # axes, grid lines, secondary text
    paper: str = "#FFFFFF"  # light background (figures, GIF, page)
    ink: str = "#FFFFFF"  # text on the dark video background
    screen: str = "#101418"  # dark background of the videos
    card: str = "#1C232B"  # panel behind chapter and part cards in the lecture
    accent: str = "#F5F5F5"  # titles of chapter and part cards
    connection: str = "#5A6470"  # edges of the fully-connected network diagram
    # classes: label c is CLASS_COLOURS[c]
    class0: str = CLASS_COLOURS[0]  # orange: label 0 (outer ring of make_circles)
    class1: str = CLASS_COLOURS[1]  # blue: label 1 (inner disc of make_circles)
    class2: str = CLASS_COLOURS[2]  # bluish green
    class3: str = CLASS_COLOURS[3]  # reddish purple
    class4: str = CLASS_COLOURS[4]  # sky blue
    class5: str = CLASS_COLOURS[5]  # vermillion
    class6: str = CLASS_COLOURS[6]  # yellow
    class7: str = CLASS_COLOURS[7]  # black

    def classes(self, k: int) -> tuple[str, ...]:
        """The colours of labels 0..k-1 (k at most 8)."""
        if not 1 <= k <= 8:
            raise ValueError(f"the palette has colours for 1 to 8 classes. Got {k} instead.")
        return tuple(getattr(self, f"class{c}") for c in range(k))

    def roles(self) -> dict[str, str]:
        """The role colours by name: highlight, forward, gradient, check, mismatch, boundary, text."""
        names = ("highlight", "forward", "gradient", "check", "mismatch", "boundary", "text")
        return {name: getattr(self, name) for name in names}

    def css(self) -> str:
        """Every colour and the font as CSS custom properties on :root (--highlight, --class0, ..., --font)."""
        rules = "".join(f"--{f.name}:{getattr(self, f.name)};" for f in fields(self))
        return f':root{{{rules}--font:"{FONT}";}}'


PALETTE = Palette()


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """Turn '#RRGGBB' into an (r, g, b) tuple of ints in 0..255."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"colour must look like '#RRGGBB'. Got {colour!r} instead.")
    return tuple(int(value[k : k + 2], 16) for k in (0, 2, 4))
