"""The tiny CNN laid out on screen; each beat of the lesson is a generator of timed animation steps."""

from collections.abc import Iterator
from itertools import chain

from manim import DOWN, LEFT, UL, UP, Animation, Create, LaggedStart, Rectangle, ReplacementTransform, TransformFromCopy, VGroup
from manim.utils.rate_functions import smooth, squish_rate_func

from model.conv import Gradient
from render.palette import PALETTE
from scenes.cnn_mobjects import NumberGrid, SceneNumbers, Step, appear, factor, fmt, formulas, spot, subscript, text, text_row
from scenes.cnn_mobjects import beat_formulas, vanish

__all__ = ["ConvDiagram", "expected_duration"]

_FIRST_HALF = squish_rate_func(smooth, 0.0, 0.5)  # the old text leaves before the new arrives
_SECOND_HALF = squish_rate_func(smooth, 0.5, 1.0)


class ConvDiagram:
    """Input, kernel, feature maps and head of the tiny CNN, with one step generator per beat."""

    cell = 0.68  # side of an input or kernel cell
    map_cell = 1.15  # side of a z, h or delta cell (their values have four decimals)
    flat_width, v_width, row_height = 1.0, 0.75, 0.55  # cells of the flattened h and of v
    grid_y = 0.85  # vertical centre of the grids
    a_x, w_x, z_x, h_x, v_x = -5.55, -2.95, -0.55, 2.0, 3.4  # horizontal centres of the grids
    stack_x, stack_top, stack_gap = 4.2, 2.3, 0.55  # left edge, first line and spacing of the scalars
    line_y = (-1.45, -2.3, -2.95, -3.6)  # formula line, then three lines of numbers
    font_size = 21  # numbers in the equation lines
    intro_time = 1.0  # a beat's title and formula coming in
    reveal_time = 0.8  # one result flying to its place
    expand_time = 2.7  # the nine products of the first convolution position
    term_time = 0.9  # one gradient term: window moves, cells light up
    read_time = 3.0  # pause at the end of each beat, to read the numbers
    forward_beats = ("input_and_kernel", "convolution", "sigmoid", "flatten", "weighted_sum", "output", "loss")
    backward_beats = ("error_signal", "deltas", "kernel_gradient", "input_gradient")

    def __init__(self, numbers: SceneNumbers, pace: float = 1.0) -> None:
        self.numbers, self.pace = numbers, pace
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
        grids = {"a": self.a_grid, "w": self.w_grid, "z": self.z_grid, "h": self.h_grid, "flat": self.flat}
        grids |= {"v": self.v_col, "delta": self.delta_grid}
        names = [f"input a  {n}×{n}", f"kernel w  {k}×{k}", "z", "h = σ(z)", "h", "v", "δ = ∂L/∂z"]
        self.labels = dict(zip(grids, text_row(names, 20, PALETTE.muted)))
        for key, label in self.labels.items():
            label.next_to(grids[key], UP, buff=0.18)
        self.labels["delta"].set_color(PALETTE.gradient)
        self.b_line = text_row(["b =", fmt(numbers.b)]).next_to(self.w_grid, DOWN, buff=0.3)
        self.overlay = Rectangle(width=k * self.cell, height=k * self.cell, stroke_color=PALETTE.highlight)
        self.overlay.set_stroke(width=5).move_to(self.a_grid.block_centre(0, 0, k))
        self.a_spot, self.w_spot, self.d_spot = (spot(side) for side in (self.cell, self.cell, self.map_cell))
        scalars = {"c": ("c =", numbers.c, PALETTE.ink), "s": ("s =", numbers.s, PALETTE.forward)}
        scalars |= {"y_hat": ("ŷ =", numbers.y_hat, PALETTE.forward), "y": ("y =", numbers.y, PALETTE.ink)}
        scalars |= {"loss": ("L =", numbers.loss, PALETTE.forward), "error": ("∂L/∂s =", numbers.error, PALETTE.gradient)}
        pieces = text_row([x for name, value, _ in scalars.values() for x in (name, fmt(value))], 22)
        self.stack = {}
        for i, (key, (_, _, colour)) in enumerate(scalars.items()):
            line = VGroup(pieces[2 * i], pieces[2 * i + 1].set_color(colour))
            place = [self.stack_x, self.stack_top - i * self.stack_gap, 0]
            self.stack[key] = line.move_to(place, aligned_edge=LEFT)
        texs = beat_formulas(numbers)
        self.formulas = dict(zip(texs, formulas(list(texs.values()))))  # one LaTeX run for all of them
        self.title: VGroup | None = None
        self.equation = VGroup()

    def _t(self, seconds: float) -> float:
        return seconds * self.pace

    def _row(self, pieces: list[str], line: int, font_size: float | None = None, gap: str = " ") -> VGroup:
        """A row of text pieces centred on one of the number lines; it joins the equation area."""
        row = text_row(pieces, font_size or self.font_size, gap=gap).move_to([0, self.line_y[line], 0])
        self.equation.add(row)
        return row

    def _retitle(self, content: str) -> list[Animation]:
        new = text(content, 28).to_corner(UL, buff=0.35)
        old, self.title = self.title, new
        return [appear(new)] if old is None else [vanish(old, rate_func=_FIRST_HALF), appear(new, rate_func=_SECOND_HALF)]

    def _start(self, title: str, key: str) -> list[Animation]:
        """A new beat: swap the title, clear the equation area, show the beat's formula."""
        animations = self._retitle(title)
        if len(self.equation):
            animations.append(vanish(self.equation, rate_func=_FIRST_HALF))
        shown = self.formulas[key].move_to([0, self.line_y[0], 0])
        self.equation = VGroup(shown)
        return [*animations, appear(shown, rate_func=_SECOND_HALF)]

    def _reveal(self, value: VGroup, key: str) -> Step:
        """The value just computed flies into its line of the scalar stack."""
        line = self.stack[key]
        return Step((TransformFromCopy(value, line[1]), appear(line[0])), self._t(self.reveal_time))

    def _end(self) -> Step:
        return Step((), 0.0, self._t(self.read_time))

    def input_and_kernel(self) -> Iterator[Step]:
        """The input map and the kernel, every number visible."""
        intro = self._retitle("Forward · input and kernel")
        yield Step((*intro, appear(self.a_grid), appear(self.labels["a"])), self._t(self.intro_time))
        shown = (appear(self.w_grid), appear(self.labels["w"]), appear(self.b_line))
        yield Step(shown, self._t(self.intro_time))
        yield self._end()

    def convolution(self) -> Iterator[Step]:
        """The kernel visits each output position; the first sum is written out in full."""
        n, k, m = self.numbers, self.k, self.numbers.m
        starts = (*self._start("Forward · convolution", "convolution"), Create(self.overlay))
        yield Step((*starts, appear(self.z_grid.squares), appear(self.labels["z"])), self._t(self.intro_time))
        products = [f"{factor(n.w[p, q])}·{factor(n.a[p, q])}" for p in range(k) for q in range(k)]
        pieces = [subscript("z00") + " =", *(("+ " if i else "") + x for i, x in enumerate(products))]
        pieces += [f"+ {factor(n.b)}", "=", fmt(n.z[0, 0])]
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
        n, m = self.numbers, self.numbers.m
        starts = self._start("Forward · sigmoid", "sigmoid")
        yield Step((*starts, appear(self.h_grid.squares), appear(self.labels["h"])), self._t(self.intro_time))
        pieces = [f"σ({fmt(n.z[i, j])}) = {fmt(n.h[i, j])}" for i in range(m) for j in range(m)]
        rows = [self._row(pieces[r * m : (r + 1) * m], 1 + r, gap="       ") for r in range(m)]
        moves = [TransformFromCopy(self.z_grid.entries[x], self.h_grid.entries[x]) for x in range(m * m)]
        yield Step((*moves, *(appear(row) for row in rows)), self._t(1.5))
        yield self._end()

    def flatten(self) -> Iterator[Step]:
        """The 2-D map becomes one column, row by row."""
        starts = self._start("Forward · flatten", "flatten")
        fold = (ReplacementTransform(self.h_grid, self.flat), ReplacementTransform(self.labels["h"], self.labels["flat"]))
        yield Step((*starts, *fold, appear(self.flat_names)), self._t(1.5))
        yield self._end()

    def weighted_sum(self) -> Iterator[Step]:
        """Each h_k times its weight v_k, summed with the bias c into s."""
        n = self.numbers
        starts = self._start("Forward · weighted sum", "weighted_sum")
        yield Step((*starts, appear(self.v_col), appear(self.labels["v"]), appear(self.stack["c"])), self._t(self.intro_time))
        products = [f"{factor(v)}·{factor(h)}" for v, h in zip(n.v, n.h_flat)]
        pieces = ["s =", *(("+ " if i else "") + x for i, x in enumerate(products)), f"+ {factor(n.c)}", "=", fmt(n.s)]
        row = self._row(pieces, 1)
        yield Step((LaggedStart(*(appear(p) for p in row), lag_ratio=0.6),), self._t(2.0))
        yield self._reveal(row[-1], "s")
        yield self._end()

    def output(self) -> Iterator[Step]:
        """The prediction y-hat = sigma(s)."""
        starts = self._start("Forward · prediction", "output")
        row = self._row([f"ŷ = σ({fmt(self.numbers.s)}) =", fmt(self.numbers.y_hat)], 1)
        yield Step((*starts, appear(row)), self._t(self.intro_time))
        yield self._reveal(row[-1], "y_hat")
        yield self._end()

    def loss(self) -> Iterator[Step]:
        """Binary cross-entropy against the label."""
        n = self.numbers
        yield Step((*self._start("Forward · loss", "loss"), appear(self.stack["y"])), self._t(self.intro_time))
        row = self._row([f"with y = {fmt(n.y)} and ŷ = {fmt(n.y_hat)}:", "L =", fmt(n.loss)], 1)
        yield Step((appear(row),), self._t(self.reveal_time))
        yield self._reveal(row[-1], "loss")
        yield self._end()

    def error_signal(self) -> Iterator[Step]:
        """dL/ds = y-hat - y, the signal that starts the backward pass."""
        n = self.numbers
        starts = self._start("Backward · error signal", "error_signal")
        row = self._row([f"ŷ − y = {fmt(n.y_hat)} − {fmt(n.y)} =", fmt(n.error)], 1)
        row[-1].set_color(PALETTE.gradient)
        yield Step((*starts, appear(row)), self._t(self.intro_time))
        yield self._reveal(row[-1], "error")
        yield self._end()

    def deltas(self) -> Iterator[Step]:
        """dL/dz_ij for each output position: the error through v_k and the sigmoid's slope."""
        n, m = self.numbers, self.numbers.m
        yield Step(tuple(self._start("Backward · δ for each output", "deltas")), self._t(self.intro_time))
        slope = [f"{factor(n.error)}·{factor(n.v[m * i + j])}·σ′({fmt(n.z[i, j])})" for i in range(m) for j in range(m)]
        pieces = [f"{subscript(f'δ{x // m}{x % m}')} = {product} = {fmt(d)}" for x, (product, d) in enumerate(zip(slope, n.delta.flat))]
        rows = [self._row(pieces[r * m : (r + 1) * m], 1 + r, 19, gap="      ") for r in range(m)]
        swap = (ReplacementTransform(self.z_grid.entries, self.delta_grid.entries), ReplacementTransform(self.labels["z"], self.labels["delta"]))
        yield Step((*swap, *(appear(row) for row in rows)), self._t(1.6))
        yield self._end()

    def kernel_gradient(self) -> Iterator[Step]:
        """dL/dw_pq: the kernel cell (p, q) visits one input cell per window, times that window's delta."""
        grad, (p, q) = self.numbers.kernel_grad, self.numbers.kernel_pos
        self.w_spot.move_to(self.w_grid.square(p, q))
        starts = self._start(f"Backward · ∂L/∂{subscript(grad.target)}", "kernel_gradient")
        yield Step((*starts, appear(self.w_spot)), self._t(self.intro_time))
        yield from self._walk(
            grad, lambda t: [(self.a_spot, self.a_grid.square(t.i + p, t.j + q)), (self.d_spot, self.delta_grid.square(t.i, t.j))]
        )
        yield self._check(grad.value, self.numbers.kernel_torch)
        yield self._end()

    def input_gradient(self) -> Iterator[Step]:
        """dL/da_rc: every window covering a_rc, each with the kernel entry that sits on it."""
        grad, (r, c) = self.numbers.input_grad, self.numbers.input_pos
        starts = self._start(f"Backward · ∂L/∂{subscript(grad.target)}", "input_gradient")
        spots = (self.overlay, self.a_spot, self.w_spot, self.d_spot)
        yield Step((*starts, *(vanish(spot) for spot in spots)), self._t(self.intro_time))
        self.a_spot.move_to(self.a_grid.square(r, c))
        yield Step((appear(self.a_spot),), self._t(0.5))
        yield from self._walk(
            grad, lambda t: [(self.w_spot, self.w_grid.square(r - t.i, c - t.j)), (self.d_spot, self.delta_grid.square(t.i, t.j))]
        )
        yield self._check(grad.value, self.numbers.input_torch)
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
        products = [f"{factor(t.delta)}·{factor(t.factor)}" for t in grad.terms]
        pieces = [f"∂L/∂{subscript(grad.target)} ="] + [("+ " if i else "") + x for i, x in enumerate(products)]
        row = self._row(pieces, 1)
        values = text_row([f"{head} = {fmt(t.value)}" for t, head in zip(grad.terms, heads)], 16, PALETTE.gradient)
        for note, piece in zip(values, row[1:]):
            note.next_to(piece, DOWN, buff=0.18)
        self.equation.add(values)
        return row, values

    def _check(self, value: float, torch_value: float) -> Step:
        """The summed gradient next to torch autograd's value."""
        row = self._row(["=", fmt(value), "     torch autograd:", fmt(torch_value), "✓"], 3, 23)
        row[1].set_color(PALETTE.gradient)
        for piece in row[2:]:
            piece.set_color(PALETTE.check)
        return Step((appear(row),), self._t(self.reveal_time))

    def make_forward_animations(self) -> Iterator[Step]:
        """Every forward beat in order."""
        return chain(*(getattr(self, beat)() for beat in self.forward_beats))

    def make_backward_animations(self) -> Iterator[Step]:
        """Every backward beat in order."""
        return chain(*(getattr(self, beat)() for beat in self.backward_beats))


def expected_duration(numbers: SceneNumbers, pace: float = 1.0) -> float:
    """Seconds of video the full lesson takes, summed over a dry run of every step."""
    diagram = ConvDiagram(numbers, pace)
    steps = chain(diagram.make_forward_animations(), diagram.make_backward_animations())
    return sum(step.run_time + step.wait for step in steps)
