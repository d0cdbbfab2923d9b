"""The delta table: z, h, sigma', v and delta of every output position, side by side."""

from dataclasses import dataclass

from manim import UL, Line, VGroup

from render.palette import PALETTE
from render.text.numbers import fixed, given

__all__ = ["DeltaTable", "delta_table"]


@dataclass
class DeltaTable:
    """The table's parts, each animated on its own."""

    header: VGroup  # the column titles and the rule under them
    keys: VGroup  # the (i, j) of each row
    columns: list[VGroup]  # z, h, sigma', v, delta cells, top to bottom
    formula: VGroup  # how delta is made, with the first row's numbers


def delta_table(layout) -> DeltaTable:
    """Lay the table out in the main area of `layout` (a LessonLayout), one LaTeX run for all of it."""
    n, m = layout.numbers, layout.m
    fwd, delta = n.fwd, n.grads.delta
    positions = [(i, j) for i in range(m) for j in range(m)]
    titles = [r"(i,\,j)", r"z_{ij}", r"h_{ij}", r"\sigma'(z_{ij})", r"v_{ij}", r"\delta_{ij}"]
    cells = [[rf"({i},\,{j})" for i, j in positions]]
    cells += [[fixed(grid[i, j]) for i, j in positions] for grid in (fwd.z, fwd.h, fwd.sigma_prime)]
    cells += [[given(n.example.v[m * i + j]) for i, j in positions], [fixed(delta[i, j]) for i, j in positions]]
    i0, j0 = positions[0]
    formula = [
        r"\delta_{ij} = \frac{\partial L}{\partial s}\, \frac{\partial s}{\partial h_{ij}}\, \frac{\partial h_{ij}}{\partial z_{ij}}"
        r" = (\hat y - y)\; v_{ij}\; \sigma'(z_{ij})",
        rf"\delta_{{{i0}{j0}}} = ({fixed(n.grads.error)})\,{layout.paren(given(n.example.v[0]))}\,({fixed(fwd.sigma_prime[i0, j0])})"
        rf" = {fixed(delta[i0, j0])}",
    ]  # fmt: skip
    flat = titles + [c for column in cells for c in column] + formula
    made = layout.tex(flat)
    heads, body, lines = made[: len(titles)], made[len(titles) : -2], made[-2:]
    rows = len(positions)
    pitch = min(0.62 * layout.scale, 3.0 / (rows + 1))
    shrink = min(1.0, pitch / (0.62 * layout.scale))
    widths = []
    columns = []
    for c in range(len(titles)):
        column = VGroup(*body[c * rows : (c + 1) * rows])
        if shrink < 1.0:
            column.scale(shrink)
        widths.append(max([heads[c].width, *(cell.width for cell in column)]))
        columns.append(column)
    x, top = layout.left + 0.2, 3.1
    gap = min(0.55 * layout.scale, (layout.right - 0.1 - x - sum(widths)) / (len(titles) - 1))  # the rule ends before the graph
    for c, (head, column) in enumerate(zip(heads, columns)):
        centre = x + widths[c] / 2
        head.move_to([centre, top - 0.25, 0])
        for r, cell in enumerate(column):
            cell.move_to([centre, top - 0.25 - (r + 1) * pitch - 0.1, 0])
        x += widths[c] + gap
    rule_y = top - 0.25 - pitch / 2 - 0.05
    rule = Line([layout.left + 0.1, rule_y, 0], [x - gap + 0.1, rule_y, 0]).set_stroke(PALETTE.muted, width=2)
    for column, colour in zip(columns, (PALETTE.muted, PALETTE.forward, PALETTE.forward, PALETTE.gradient, PALETTE.ink,
                                        PALETTE.gradient)):  # fmt: skip
        column.set_color(colour)
    y = min(cell.get_bottom()[1] for column in columns for cell in column) - 0.35
    for line in lines:
        line.move_to([layout.left, y, 0], aligned_edge=UL)
        y = line.get_bottom()[1] - 0.25
    return DeltaTable(VGroup(*heads, rule), columns[0], columns[1:], VGroup(*lines))
