"""The tiny CNN laid out on screen; each beat of the lesson is a generator of timed animation steps."""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UL,
    UP,
    Animation,
    Create,
    LaggedStart,
    Rectangle,
    ReplacementTransform,
    Square,
    TransformFromCopy,
    VGroup,
)

from model.conv import Gradient
from render.palette import PALETTE
from scenes.cnn_mobjects import NumberGrid, SceneNumbers, appear, fmt, formula, subscript, text, text_row, vanish

__all__ = ["ConvDiagram", "Step", "expected_duration"]


@dataclass(frozen=True)
class Step:
    """Animations played together for run_time seconds, then a wait."""

    animations: tuple[Animation, ...]
    run_time: float
    wait: float = 0.0


def _paren(x: float) -> str:
    """A factor in a product: negatives in brackets."""
    return f"({fmt(x)})" if x < 0 else fmt(x)


def _offset(letter: str, k: int) -> str:
    """'i' for an offset of 0, else 'i+k' (LaTeX)."""
    return letter if k == 0 else f"{letter}+{k}"


class ConvDiagram:
    """Input, kernel, feature maps and head of the tiny CNN, with one step generator per beat."""

    cell = 0.68  # side of an input or kernel cell
    map_cell = 1.15  # side of a z, h or delta cell (their values have four decimals)
    flat_width, v_width, row_height = 1.0, 0.75, 0.55  # cells of the flattened h and of v
    grid_y = 0.85  # vertical centre of the grids
    a_x, w_x, z_x, h_x, v_x = -5.55, -2.95, -0.4, 1.85, 3.35  # horizontal centres of the grids
    stack_x, stack_top, stack_gap = 4.15, 2.3, 0.55  # left edge, first line and spacing of the scalars
    line_y = (-1.45, -2.3, -2.95, -3.6)  # formula line, then three lines of numbers
    font_size = 21  # numbers in the equation lines
    intro_time = 1.0  # a beat's title and formula coming in
    reveal_time = 0.8  # one result flying to its place
    expand_time = 2.7  # the nine products of the first convolution position
    term_time = 0.9  # one gradient term: window moves, cells light up
    read_time = 2.2  # pause at the end of each beat

    def __init__(self, numbers: SceneNumbers, pace: float = 1.0) -> None:
        self.n, self.pace = numbers, pace
        self.k = numbers.w.shape[0]
        y = self.grid_y
        self.a_grid = NumberGrid(numbers.a, self.cell).move_to([self.a_x, y, 0])
        self.w_grid = NumberGrid(numbers.w, self.cell).move_to([self.w_x, y, 0])
        self.z_grid = NumberGrid(numbers.z, self.map_cell, colour=PALETTE.forward).move_to([self.z_x, y, 0])
        self.h_grid = NumberGrid(numbers.h, self.map_cell, colour=PALETTE.forward).move_to([self.h_x, y, 0])
        self.delta_grid = NumberGrid(numbers.delta, self.map_cell, colour=PALETTE.gradient).move_to(self.z_grid)
        column = numbers.h_flat.reshape(-1, 1)
        self.flat = NumberGrid(column, self.flat_width, colour=PALETTE.forward, cell_height=self.row_height)
        self.flat.move_to([self.h_x, y, 0])
        self.v_col = NumberGrid(numbers.v.reshape(-1, 1), self.v_width, cell_height=self.row_height).move_to([self.v_x, y, 0])
        self.flat_names = self.flat.row_labels([subscript(f"h{k}") for k in range(column.shape[0])])
        n, k = numbers.a.shape[0], self.k
        self.labels = {
            "a": self._label(f"input a  {n}×{n}", self.a_grid),
            "w": self._label(f"kernel w  {k}×{k}", self.w_grid),
            "z": self._label("z", self.z_grid),
            "h": self._label("h = σ(z)", self.h_grid),
            "flat": self._label("h", self.flat),
            "v": self._label("v", self.v_col),
            "delta": self._label("δ = ∂L/∂z", self.delta_grid, PALETTE.gradient),
        }
        self.b_line = text_row(["b =", fmt(numbers.b)]).next_to(self.w_grid, DOWN, buff=0.3)
        self.overlay = Rectangle(width=k * self.cell, height=k * self.cell, stroke_color=PALETTE.highlight)
        self.overlay.set_stroke(width=5).move_to(self.a_grid.block_centre(0, 0, k))
        self.a_spot, self.w_spot, self.d_spot = (self._spot(s) for s in (self.cell, self.cell, self.map_cell))
        self.stack = {
            key: self._stack_line(i, name, value, colour)
            for i, (key, name, value, colour) in enumerate(
                [
                    ("c", "c =", numbers.c, PALETTE.ink),
                    ("s", "s =", numbers.s, PALETTE.forward),
                    ("y_hat", "ŷ =", numbers.y_hat, PALETTE.forward),
                    ("y", "y =", numbers.y, PALETTE.ink),
                    ("loss", "L =", numbers.loss, PALETTE.forward),
                    ("error", "∂L/∂s =", numbers.error, PALETTE.gradient),
                ]
            )
        }
        self.title: VGroup | None = None
        self.equation = VGroup()

    # ---- building blocks -------------------------------------------------------------------------

    def _t(self, seconds: float) -> float:
        return seconds * self.pace

    def _label(self, content: str, grid: NumberGrid, colour: str = PALETTE.muted) -> VGroup:
        return text(content, 20, colour).next_to(grid, UP, buff=0.18)

    def _spot(self, side: float) -> Square:
        spot = Square(side, stroke_color=PALETTE.highlight, stroke_width=7)
        return spot.set_fill(PALETTE.highlight, opacity=0.18)

    def _stack_line(self, index: int, name: str, value: float, colour: str) -> VGroup:
        row = text_row([name, fmt(value)], 22)
        row[1].set_color(colour)
        return row.move_to([self.stack_x, self.stack_top - index * self.stack_gap, 0], aligned_edge=LEFT)

    def _row(self, pieces: list[str], line: int, font_size: float | None = None, gap: str = " ") -> VGroup:
        """A row of text pieces centred on one of the number lines; it joins the equation area."""
        row = text_row(pieces, font_size or self.font_size, gap=gap).move_to([0, self.line_y[line], 0])
        self.equation.add(row)
        return row

    def _retitle(self, content: str) -> list[Animation]:
        new = text(content, 28).to_corner(UL, buff=0.35)
        old, self.title = self.title, new
        return [appear(new)] if old is None else [vanish(old), appear(new)]

    def _start(self, title: str, tex: str) -> list[Animation]:
        """A new beat: swap the title, clear the equation area, show the beat's formula."""
        animations = self._retitle(title)
        if len(self.equation):
            animations.append(vanish(self.equation))
        shown = formula(tex).move_to([0, self.line_y[0], 0])
        self.equation = VGroup(shown)
        return [*animations, appear(shown)]

    def _reveal(self, value: VGroup, key: str) -> Step:
        """The value just computed flies into its line of the scalar stack."""
        line = self.stack[key]
        return Step((TransformFromCopy(value, line[1]), appear(line[0])), self._t(self.reveal_time))

    def _end(self) -> Step:
        return Step((), 0.0, self._t(self.read_time))

    # ---- forward beats ---------------------------------------------------------------------------

    def input_and_kernel(self) -> Iterator[Step]:
        """The input map and the kernel, every number visible."""
        intro = self._retitle("Forward · input and kernel")
        yield Step((*intro, appear(self.a_grid), appear(self.labels["a"])), self._t(self.intro_time))
        shown = (appear(self.w_grid), appear(self.labels["w"]), appear(self.b_line))
        yield Step(shown, self._t(self.intro_time))
        yield self._end()

    def convolution(self) -> Iterator[Step]:
        """The kernel visits each output position; the first sum is written out in full."""
        n, k, m = self.n, self.k, self.n.m
        tex = r"z_{ij} = \sum_{p,q} w_{pq}\, a_{i+p,\,j+q} + b"
        starts = (*self._start("Forward · convolution", tex), Create(self.overlay))
        yield Step((*starts, appear(self.z_grid.squares), appear(self.labels["z"])), self._t(self.intro_time))
        products = [f"{_paren(n.w[p, q])}·{_paren(n.a[p, q])}" for p in range(k) for q in range(k)]
        pieces = [subscript("z00") + " =", *(("+ " if i else "") + x for i, x in enumerate(products))]
        pieces += [f"+ {_paren(n.b)}", "=", fmt(n.z[0, 0])]
        half = 1 + (len(products) + 1) // 2
        rows = VGroup(text_row(pieces[:half], self.font_size), text_row(pieces[half:], self.font_size))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to([0, (self.line_y[1] + self.line_y[2]) / 2, 0])
        self.equation.add(rows)
        terms = [*rows[0], *rows[1][:-2]]
        yield Step((LaggedStart(*(appear(t) for t in terms), lag_ratio=0.7),), self._t(self.expand_time))
        result = rows[1][-1]
        yield Step((appear(rows[1][-2:]), TransformFromCopy(result, self.z_grid.entry(0, 0))), self._t(self.reveal_time))
        others = [(i, j) for i in range(m) for j in range(m)][1:]
        pieces = [f"{subscript(f'z{i}{j}')} = {fmt(n.z[i, j])}" for i, j in others]
        quick = self._row(pieces, 3, gap="      ")
        for (i, j), piece in zip(others, quick):
            yield Step((self.overlay.animate.move_to(self.a_grid.block_centre(i, j, k)),), self._t(0.6))
            yield Step((appear(piece), TransformFromCopy(piece, self.z_grid.entry(i, j))), self._t(0.7))
        yield Step((vanish(self.overlay),), self._t(0.5))
        yield self._end()

    def sigmoid(self) -> Iterator[Step]:
        """Each z passes through the sigmoid."""
        n, m = self.n, self.n.m
        starts = self._start("Forward · sigmoid", r"h_{ij} = \sigma(z_{ij}) = \frac{1}{1 + e^{-z_{ij}}}")
        yield Step((*starts, appear(self.h_grid.squares), appear(self.labels["h"])), self._t(self.intro_time))
        pieces = [f"σ({fmt(n.z[i, j])}) = {fmt(n.h[i, j])}" for i in range(m) for j in range(m)]
        rows = [self._row(pieces[r * m : (r + 1) * m], 1 + r, gap="       ") for r in range(m)]
        moves = [TransformFromCopy(self.z_grid.entries[x], self.h_grid.entries[x]) for x in range(m * m)]
        yield Step((*moves, *(appear(row) for row in rows)), self._t(1.5))
        yield self._end()

    def flatten(self) -> Iterator[Step]:
        """The 2-D map becomes one column, row by row."""
        tex = rf"h_k = h_{{ij}}, \quad k = {self.n.m}\,i + j"
        starts = self._start("Forward · flatten", tex)
        fold = (ReplacementTransform(self.h_grid, self.flat), ReplacementTransform(self.labels["h"], self.labels["flat"]))
        yield Step((*starts, *fold, appear(self.flat_names)), self._t(1.5))
        yield self._end()

    def weighted_sum(self) -> Iterator[Step]:
        """Each h_k times its weight v_k, summed with the bias c into s."""
        n = self.n
        starts = self._start("Forward · weighted sum", r"s = \sum_k v_k\, h_k + c")
        yield Step((*starts, appear(self.v_col), appear(self.labels["v"]), appear(self.stack["c"])), self._t(self.intro_time))
        products = [f"{_paren(v)}·{_paren(h)}" for v, h in zip(n.v, n.h_flat)]
        pieces = ["s =", *(("+ " if i else "") + x for i, x in enumerate(products)), f"+ {_paren(n.c)}", "=", fmt(n.s)]
        row = self._row(pieces, 1)
        yield Step((LaggedStart(*(appear(p) for p in row), lag_ratio=0.6),), self._t(2.0))
        yield self._reveal(row[-1], "s")
        yield self._end()

    def output(self) -> Iterator[Step]:
        """The prediction y-hat = sigma(s)."""
        starts = self._start("Forward · prediction", r"\hat y = \sigma(s) = \frac{1}{1 + e^{-s}}")
        row = self._row([f"ŷ = σ({fmt(self.n.s)}) =", fmt(self.n.y_hat)], 1)
        yield Step((*starts, appear(row)), self._t(self.intro_time))
        yield self._reveal(row[-1], "y_hat")
        yield self._end()

    def loss(self) -> Iterator[Step]:
        """Binary cross-entropy against the label."""
        n = self.n
        tex = r"L = -\big[\, y \log \hat y + (1 - y) \log(1 - \hat y) \,\big]"
        yield Step((*self._start("Forward · loss", tex), appear(self.stack["y"])), self._t(self.intro_time))
        row = self._row([f"with y = {fmt(n.y)} and ŷ = {fmt(n.y_hat)}:", "L =", fmt(n.loss)], 1)
        yield Step((appear(row),), self._t(self.reveal_time))
        yield self._reveal(row[-1], "loss")
        yield self._end()

    # ---- backward beats --------------------------------------------------------------------------

    def error_signal(self) -> Iterator[Step]:
        """dL/ds = y-hat - y, the signal that starts the backward pass."""
        n = self.n
        starts = self._start("Backward · error signal", r"\frac{\partial L}{\partial s} = \hat y - y")
        row = self._row([f"ŷ − y = {fmt(n.y_hat)} − {fmt(n.y)} =", fmt(n.error)], 1)
        row[-1].set_color(PALETTE.gradient)
        yield Step((*starts, appear(row)), self._t(self.intro_time))
        yield self._reveal(row[-1], "error")
        yield self._end()

    def deltas(self) -> Iterator[Step]:
        """dL/dz_ij for each output position: the error through v_k and the sigmoid's slope."""
        n, m = self.n, self.n.m
        tex = rf"\delta_{{ij}} = \frac{{\partial L}}{{\partial z_{{ij}}}} = (\hat y - y)\, v_k\, \sigma'(z_{{ij}}), \quad k = {m}\,i + j"
        yield Step(tuple(self._start("Backward · δ for each output", tex)), self._t(self.intro_time))
        pieces = [
            f"{subscript(f'δ{i}{j}')} = {_paren(n.error)}·{_paren(n.v[m * i + j])}·σ′({fmt(n.z[i, j])}) = {fmt(n.delta[i, j])}"
            for i in range(m)
            for j in range(m)
        ]
        rows = [self._row(pieces[r * m : (r + 1) * m], 1 + r, 19, gap="      ") for r in range(m)]
        swap = (
            ReplacementTransform(self.z_grid.entries, self.delta_grid.entries),
            ReplacementTransform(self.labels["z"], self.labels["delta"]),
        )
        yield Step((*swap, *(appear(row) for row in rows)), self._t(1.6))
        yield self._end()

    def kernel_gradient(self) -> Iterator[Step]:
        """dL/dw_pq: the kernel cell (p, q) visits one input cell per window, times that window's delta."""
        grad, (p, q) = self.n.kernel_grad, self.n.kernel_pos
        tex = rf"\frac{{\partial L}}{{\partial w_{{{p}{q}}}}} = \sum_{{i,j}} \delta_{{ij}}\, a_{{{_offset('i', p)},\,{_offset('j', q)}}}"
        self.w_spot.move_to(self.w_grid.square(p, q))
        starts = self._start(f"Backward · ∂L/∂{subscript(grad.target)}", tex)
        yield Step((*starts, appear(self.w_spot)), self._t(self.intro_time))
        yield from self._walk(
            grad, lambda t: [(self.a_spot, self.a_grid.square(t.i + p, t.j + q)), (self.d_spot, self.delta_grid.square(t.i, t.j))]
        )
        yield self._check(grad.value, self.n.kernel_torch)
        yield self._end()
        spots = (self.overlay, self.a_spot, self.w_spot, self.d_spot)
        yield Step(tuple(vanish(spot) for spot in spots), self._t(0.5))

    def input_gradient(self) -> Iterator[Step]:
        """dL/da_rc: every window covering a_rc, each with the kernel entry that sits on it."""
        grad, (r, c) = self.n.input_grad, self.n.input_pos
        under = rf"(i,j)\ \mathrm{{covering}}\ a_{{{r}{c}}}"
        tex = rf"\frac{{\partial L}}{{\partial a_{{{r}{c}}}}} = \sum_{{{under}}} \delta_{{ij}}\, w_{{{r}-i,\,{c}-j}}"
        self.a_spot.move_to(self.a_grid.square(r, c))
        starts = self._start(f"Backward · ∂L/∂{subscript(grad.target)}", tex)
        yield Step((*starts, appear(self.a_spot)), self._t(self.intro_time))
        yield from self._walk(
            grad, lambda t: [(self.w_spot, self.w_grid.square(r - t.i, c - t.j)), (self.d_spot, self.delta_grid.square(t.i, t.j))]
        )
        yield self._check(grad.value, self.n.input_torch)
        yield self._end()

    def _walk(self, grad, targets) -> Iterator[Step]:
        """One step per term: the window moves and the spots land on the two cells it multiplies."""
        row, values = self._terms(grad)
        for index, (t, piece, value) in enumerate(zip(grad.terms, row[1:], values)):
            places = [(self.overlay, self.a_grid.block_centre(t.i, t.j, self.k)), *targets(t)]
            if index == 0:
                shown = [appear(row[0])]
                for mob, place in places:
                    mob.move_to(place)
                    shown.append(appear(mob))
            else:
                shown = [mob.animate.move_to(place) for mob, place in places]
            yield Step((*shown, appear(piece), appear(value)), self._t(self.term_time), self._t(0.5))

    def _terms(self, grad: Gradient) -> tuple[VGroup, VGroup]:
        """The gradient's products delta_ij · factor in a row, each term's value small beneath it."""
        heads = [f"{subscript(f'δ{t.i}{t.j}')}·{subscript(t.factor_name)}" for t in grad.terms]
        products = [f"{_paren(t.delta)}·{_paren(t.factor)}" for t in grad.terms]
        pieces = [f"∂L/∂{subscript(grad.target)} ="] + [("+ " if i else "") + x for i, x in enumerate(products)]
        row = self._row(pieces, 1)
        values = VGroup()
        for t, piece, head in zip(grad.terms, row[1:], heads):
            note = text(f"{head} = {fmt(t.value)}", 16, PALETTE.gradient).next_to(piece, DOWN, buff=0.18)
            values.add(note)
        self.equation.add(values)
        return row, values

    def _check(self, value: float, torch_value: float) -> Step:
        """The summed gradient next to torch autograd's value."""
        row = self._row(["=", fmt(value), "     torch autograd:", fmt(torch_value), "✓"], 3, 23)
        row[1].set_color(PALETTE.gradient)
        for piece in row[2:]:
            piece.set_color(PALETTE.check)
        return Step((appear(row),), self._t(self.reveal_time))

    # ---- whole passes ----------------------------------------------------------------------------

    def make_forward_animations(self) -> Iterator[Step]:
        """Every forward beat in order."""
        beats = (self.input_and_kernel, self.convolution, self.sigmoid, self.flatten, self.weighted_sum)
        return chain(*(beat() for beat in (*beats, self.output, self.loss)))

    def make_backward_animations(self) -> Iterator[Step]:
        """Every backward beat in order."""
        beats = (self.error_signal, self.deltas, self.kernel_gradient, self.input_gradient)
        return chain(*(beat() for beat in beats))


def expected_duration(numbers: SceneNumbers, pace: float = 1.0) -> float:
    """Seconds of video the full lesson takes, summed over a dry run of every step."""
    diagram = ConvDiagram(numbers, pace)
    steps = chain(diagram.make_forward_animations(), diagram.make_backward_animations())
    return sum(step.run_time + step.wait for step in steps)
