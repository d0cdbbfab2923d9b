"""Mobjects of the tiny-CNN lesson: number grids with their indices, markers, the verdict mark."""

import numpy as np
from manim import DOWN, LEFT, UP, Line, Rectangle, VGroup, VMobject

from render.palette import PALETTE
from scenes.kit import tex_group, text

__all__ = ["TEX_SIZE", "NumberGrid", "frame", "spot", "verdict_mark"]

TEX_SIZE = 47  # every number and formula: at the layout scale of the built-in example, digits 0.33 units tall, 44 px at 1080p


def spot(width: float, height: float, colour: str = PALETTE.highlight) -> Rectangle:
    """A lit cell: coloured border, faint fill (an overlay: drawn on purpose over a number)."""
    return Rectangle(width=width, height=height, stroke_color=colour, stroke_width=6).set_fill(colour, opacity=0.12)


def frame(width: float, height: float, colour: str = PALETTE.highlight) -> Rectangle:
    """The kernel's outline as it sits on the input, semi-transparent so the numbers under it stay readable."""
    return Rectangle(width=width, height=height, stroke_color=colour, stroke_width=7).set_fill(colour, opacity=0.1)


def verdict_mark(ok: bool, size: float = 0.45) -> VMobject:
    """A drawn tick in the check colour when `ok`, else a red cross: no glyph to confuse."""
    if ok:
        mark = VMobject().set_points_as_corners([[-0.5, 0.0, 0], [-0.15, -0.4, 0], [0.5, 0.45, 0]])
        mark.set_stroke(PALETTE.check, width=8)
    else:
        mark = VGroup(Line([-0.45, -0.45, 0], [0.45, 0.45, 0]), Line([-0.45, 0.45, 0], [0.45, -0.45, 0]))
        mark.set_stroke(PALETTE.mismatch, width=8)
    mark.ok = ok
    return mark.scale(size)


class NumberGrid(VGroup):
    """A grid of values with its 0-based row numbers on the left, column numbers on top, a name below."""

    def __init__(
        self,
        texs: list[list[str]],
        cell: tuple[float, float],
        name: str,
        scale: float = 1.0,
        colour: str = PALETTE.ink,
        tags: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.rows, self.cols = len(texs), len(texs[0])
        self.cell_w, self.cell_h = cell
        size = TEX_SIZE * scale
        flat = [t for row in texs for t in row]
        digits = [str(k) for k in range(max(self.rows, self.cols))]
        made = tex_group(flat + digits + (tags or []), size)
        self.squares = VGroup()
        for i in range(self.rows):
            for j in range(self.cols):
                box = Rectangle(width=self.cell_w, height=self.cell_h, stroke_color=PALETTE.muted, stroke_width=2)
                self.squares.add(box.move_to([j * self.cell_w, -i * self.cell_h, 0]))
        self.entries = VGroup(*made[: len(flat)]).set_color(colour)
        for entry, box in zip(self.entries, self.squares):
            entry.move_to(box)
        index = made[len(flat) : len(flat) + len(digits)]
        self.row_index = VGroup(*(index[i].copy() for i in range(self.rows))).set_color(PALETTE.muted)
        self.col_index = VGroup(*(index[j].copy() for j in range(self.cols))).set_color(PALETTE.muted)
        pad = 0.14 * scale
        for i, label in enumerate(self.row_index):
            label.next_to(self.square(i, 0), LEFT, buff=pad)
        for j, label in enumerate(self.col_index):
            label.next_to(self.square(0, j), UP, buff=pad)
        self.tags = VGroup(*made[len(flat) + len(digits) :]).set_color(PALETTE.muted)
        self.values_moved = False  # True when the tags pushed the values down from the cell centres
        for tag, box, entry in zip(self.tags, self.squares, self.entries):  # small "k = 3" above the value
            tag.next_to(box.get_top(), DOWN, buff=0.08 * self.cell_h)
            clash = entry.get_top()[1] - (tag.get_bottom()[1] - 0.06)
            if clash > 0:
                entry.shift(DOWN * clash)
                self.values_moved = True
        self.name = text(name, 26 * scale, PALETTE.muted).next_to(self.squares, DOWN, buff=0.18 * scale)
        self.add(self.squares, self.entries, self.row_index, self.col_index, self.tags, self.name)

    def square(self, i: int, j: int) -> Rectangle:
        """The cell at row i, column j."""
        return self.squares[i * self.cols + j]

    def entry(self, i: int, j: int) -> VGroup:
        """The value shown at row i, column j."""
        return self.entries[i * self.cols + j]

    def frame_size(self) -> tuple[float, float]:
        """Width and height of one cell."""
        return self.cell_w, self.cell_h

    def block(self, i: int, j: int, rows: int, cols: int | None = None) -> np.ndarray:
        """Centre of the rows x cols block whose top-left cell is (i, j)."""
        cols = rows if cols is None else cols
        return (self.square(i, j).get_center() + self.square(i + rows - 1, j + cols - 1).get_center()) / 2

    def values(self) -> VGroup:
        """The numbers only (entries and tags), for fading them without the grid."""
        return VGroup(self.entries, self.tags)
