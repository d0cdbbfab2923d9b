"""The closing beats: dL/da as a full convolution, both answers checked, one gradient-descent step."""

import math
from collections.abc import Iterator

from manim import DOWN, LEFT, PI, RIGHT, UP, Indicate, LaggedStart, Rotate, Transform, VGroup

from model.scene_numbers import AGREEMENT_RTOL, SceneNumbers
from render.palette import PALETTE
from render.text.numbers import fixed, given
from scenes.cnn_mobjects import TEX_SIZE, NumberGrid, frame, spot, verdict_mark
from scenes.cnn_layout import LessonLayout
from scenes.kit import FIRST_HALF, Step, appear, leave, tex_group, text, vanish

__all__ = ["LINKS", "ClosingBeats", "answer_card"]

_LARGE = 1.45  # the answers card at most this much larger than the lesson's formulas
LINKS = (PALETTE.highlight, PALETTE.class4, PALETTE.forward, PALETTE.check)  # one colour per term the full convolution links


def answer_card(numbers: SceneNumbers, scale: float = 1.0) -> VGroup:
    """Both gradients one above the other, each beside torch autograd's value and the verdict of comparing them.

    Parts: [0] and [1] the rows (the answer; autograd's value with its mark), [2] the note's two lines, [3] the column's head.
    """
    (mm, nn), (p, q) = numbers.kernel_pos, numbers.input_pos
    rows = [
        (rf"\frac{{\partial L}}{{\partial w_{{{mm}{nn}}}}}", numbers.kernel_grad.value, numbers.kernel_torch, numbers.kernel_agrees),
        (rf"\frac{{\partial L}}{{\partial a_{{{p}{q}}}}}", numbers.input_grad.value, numbers.input_torch, numbers.input_agrees),
    ]
    texs = []
    for head, value, torch_value, _ in rows:
        texs += [rf"{head} = {fixed(value)}", fixed(torch_value)]
    texs += [r"\text{torch autograd}", r"\text{a tick only when they agree}",
             rf"\text{{to a relative }} 10^{{{round(math.log10(AGREEMENT_RTOL))}}}"]
    made = tex_group(texs, TEX_SIZE * scale)
    answers, values = [made[2 * k] for k in range(len(rows))], [made[2 * k + 1] for k in range(len(rows))]
    column = max(a.width for a in answers) + 1.0 * scale + max(v.width for v in values)  # autograd's values end here
    card, marks = VGroup(), VGroup()
    for k, (_, value, _, ok) in enumerate(rows):
        answers[k][-len(fixed(value)) :].set_color(PALETTE.gradient)
        values[k].move_to([answers[k].get_left()[0] + column, answers[k].get_center()[1], 0], aligned_edge=RIGHT)
        mark = verdict_mark(ok, 0.45 * scale).next_to(values[k], RIGHT, buff=0.3 * scale)
        card.add(VGroup(answers[k], VGroup(values[k], mark)))
        marks.add(mark)
    card.arrange(DOWN, buff=0.5 * scale, aligned_edge=LEFT)
    head = made[-3].set_color(PALETTE.muted).next_to(VGroup(*values), UP, buff=0.45 * scale)
    head.shift(RIGHT * (values[0].get_right()[0] - head.get_right()[0]) / 2)  # over the values, a little to the right
    note = VGroup(*made[-2:]).set_color(PALETTE.muted).arrange(DOWN, buff=0.15 * scale).next_to(card, DOWN, buff=0.5 * scale)
    card.add(note, head)
    card.marks = marks
    return card


def rest_of(grid: NumberGrid, shown: set[tuple[int, int]]) -> list:
    """The entries of `grid` other than those at `shown`."""
    return [e for x, e in enumerate(grid.entries) if divmod(x, grid.cols) not in shown]


class ClosingBeats(LessonLayout):
    """Beats that step back: the picture behind dL/da, the two answers, what a gradient is for."""

    def full_convolution(self) -> Iterator[Step]:
        """dL/da is the delta map, padded, convolved with the kernel turned 180 degrees; two stops with numbers."""
        n, k, m, say = self.numbers, self.k, self.m, self.phrases["full_convolution"]
        p, q = n.input_pos
        size = n.delta_padded.shape[0]
        symbols = [[rf"\delta_{{{u - k + 1}{v - k + 1}}}" if k - 1 <= u < k - 1 + m and k - 1 <= v < k - 1 + m else "0"
                    for v in range(size)] for u in range(size)]  # fmt: skip
        cell_h = min(0.5, 3.0 / size)
        padded = NumberGrid(symbols, (0.72, cell_h), "δ padded with k − 1 zeros", min(1.0, cell_h / 0.5))
        kernel = NumberGrid([[f"w_{{{u}{v}}}" for v in range(k)] for u in range(k)], (0.95, 0.55), "kernel w")
        core = VGroup(*(c for c, x in zip(padded.entries, (x for row in symbols for x in row)) if x != "0")).set_color(PALETTE.gradient)
        zeros = VGroup(*(c for c, x in zip(padded.entries, (x for row in symbols for x in row)) if x == "0")).set_color(PALETTE.muted)
        padded.shift([self.left + 0.32 - padded.squares.get_left()[0], 2.85 - padded.squares.get_top()[1], 0])
        right = padded.squares.get_right()[0] + 0.7
        kernel.shift([right - kernel.squares.get_left()[0], 2.85 - kernel.squares.get_top()[1], 0])
        da_top, da_floor = kernel.name.get_bottom()[1] - 0.5, -1.2
        da_cell = (min(1.3, (self.right + 0.05 - right) / self.n), min(0.45, (da_top - da_floor) / self.n))
        da = NumberGrid(self._computed(n.da_full), da_cell, "∂L/∂a", min(1.0, da_cell[1] / 0.42))  # indices no taller than a row
        fit = min(1.0, *(0.9 * da.cell_w / e.width for e in da.entries), *(0.8 * da.cell_h / e.height for e in da.entries))
        for entry in da.entries:
            entry.scale(fit)
        da.shift([right - da.squares.get_left()[0], da_top - da.squares.get_top()[1], 0])
        walk = getattr(self, "walk_line", VGroup())
        self.equation.remove(*walk)
        old = VGroup(self.a_grid, self.w_grid, self.b_line, self.delta_grid, self.z_grid.squares, self.z_grid.row_index,
                     self.z_grid.col_index, getattr(self, "lit_input", VGroup()))  # fmt: skip
        gone = (*self.clear_equation(), vanish(old, rate_func=FIRST_HALF))
        moves = []
        if len(walk):  # the walk's sum moves down to the floor: the reference its terms are coloured in
            floor_walk = walk.copy()
            floor_walk.scale(min(0.85, 1.0 / max(floor_walk.height, 1e-6))).move_to([self.left, self.floor + 0.06, 0], aligned_edge=DOWN + LEFT)
            moves = [Transform(walk, floor_walk)]
            stop_top = floor_walk.get_top()[1] + 0.62
        else:
            stop_top = self.floor + 0.6
        yield Step((*self.retitle("Backward · every ∂L/∂a at once"), *gone, *moves), self.t(1.2), say=say[0], fill=True)
        frame_parts = VGroup(padded.squares, padded.row_index, padded.col_index, padded.name)
        yield Step((appear(frame_parts), appear(core)), self.t(0.9), say=say[1])
        yield Step((LaggedStart(*(appear(z) for z in zeros), lag_ratio=0.05),), self.t(1.6), fill=True)
        yield Step((appear(kernel),), self.t(0.8), say=say[2])
        turning = VGroup(kernel.squares, kernel.entries)
        yield Step((Rotate(turning, PI, about_point=kernel.squares.get_center()), vanish(kernel.name), vanish(kernel.row_index),
                    vanish(kernel.col_index)), self.t(1.8), fill=True)  # fmt: skip
        rotated_name = text("w turned 180°", 26, PALETTE.muted).next_to(kernel.squares, DOWN, buff=0.18)
        upright = [Rotate(entry, PI) for entry in kernel.entries]
        first_row = VGroup(*(kernel.entries[x] for x in range(k * k - k, k * k)))  # after the turn, the old last row is on top
        yield Step((*upright, appear(rotated_name)), self.t(1.2), say=say[3])
        yield Step((Indicate(first_row, color=PALETTE.highlight, scale_factor=1.15),), self.t(1.4), fill=True)
        cw, ch = padded.frame_size()
        window = frame(k * cw, k * ch).move_to(padded.block(0, 0, k))
        first = self.lines([rf"\partial L/\partial a_{{00}} = \delta_{{00}}\, w_{{00}} = {self.paren(fixed(n.grads.delta[0, 0]))}"
                            rf"\,{self.paren(given(self.ex.w[0, 0]))} = {fixed(n.da_full[0, 0])}"], top=stop_top)[0]
        corner = spot(cw, ch, PALETTE.gradient).move_to(padded.square(k - 1, k - 1))
        da_frame = VGroup(da.squares, da.row_index, da.col_index)
        yield Step((appear(window), appear(da_frame), appear(corner)), self.t(1.0), say=say[4])
        yield Step((appear(first), appear(da.entry(0, 0))), self.t(1.2), fill=True)
        inside = [(t.i + k - 1, t.j + k - 1) for t in n.input_grad.terms]
        colours = [LINKS[x % len(LINKS)] for x in range(len(inside))]
        lit = [spot(cw, ch, c).move_to(padded.square(u, v)) for (u, v), c in zip(inside, colours)]
        kernel_cells = [kernel.squares[k * k - 1 - ((u - p) * k + (v - q))] for u, v in inside]  # the turned grid's cell over (u, v)
        lit_w = [spot(kc.width, kc.height, c).move_to(kc) for kc, c in zip(kernel_cells, colours)]
        target = spot(*da.frame_size(), PALETTE.highlight).move_to(da.square(p, q))
        self.equation.remove(first)
        yield Step((vanish(corner), vanish(first, rate_func=FIRST_HALF), window.animate.move_to(padded.block(p, q, k))), self.t(1.0),
                   say=say[5])  # fmt: skip
        yield Step((LaggedStart(*(appear(x) for pair in zip(lit, lit_w) for x in pair), lag_ratio=0.25),), self.t(1.2), fill=True)
        terms = [rf"\delta_{{{t.i}{t.j}}}\, w_{{{p - t.i}{q - t.j}}}" for t in n.input_grad.terms]
        pieces = [rf"\partial L/\partial a_{{{p}{q}}} =", *(("" if x == 0 else "+ ") + t for x, t in enumerate(terms)), "=",
                  fixed(n.da_full[p, q])]  # fmt: skip
        line = self.terms([pieces], top=stop_top)
        for piece, colour in zip(line[1:-2], colours):
            piece.set_color(colour)
        recolour = [term.animate.set_color(colour) for term, colour in zip(getattr(self, "walk_terms", []), colours)]
        yield Step((LaggedStart(*(appear(x) for x in line[:-2]), lag_ratio=0.3), *recolour), self.t(1.8), say=say[6], fill=True)
        yield Step((appear(line[-2]), appear(line[-1]), appear(target), appear(da.entry(p, q))), self.t(1.4), say=say[7], fill=True)
        big = self._whole_map(stop_top)
        big_target = spot(*big.frame_size(), PALETTE.highlight).move_to(big.square(p, q))
        stops = VGroup(padded, kernel, rotated_name, window, *lit, *lit_w)
        grow = [Transform(da_frame, VGroup(big.squares, big.row_index, big.col_index)), Transform(target, big_target),
                *(Transform(da.entry(i, j), big.entry(i, j)) for i, j in {(0, 0), (p, q)})]  # fmt: skip
        yield Step((vanish(stops, rate_func=FIRST_HALF), *grow), self.t(1.4), say=say[8])
        rest = [appear(e) for e in rest_of(big, {(0, 0), (p, q)})]
        yield Step((LaggedStart(*rest, lag_ratio=0.1), appear(big.name)), self.t(1.6), fill=True)
        self.equation.add(*walk)
        self.closing_old = VGroup(da_frame, target, *(da.entry(i, j) for i, j in {(0, 0), (p, q)}), *rest_of(big, {(0, 0), (p, q)}), big.name)

    def _whole_map(self, floor: float) -> NumberGrid:
        """dL/da as large as the main area allows above `floor` (the first equation line), its numbers at full size."""
        n, top = self.n, 2.85
        cell_w = min(1.85, (self.right - self.left - 0.4) / n)
        cell_h = min(0.62, (top - floor - 0.62) / n)
        big = NumberGrid(self._computed(self.numbers.da_full), (cell_w, cell_h), "∂L/∂a, every input gradient", 1.0)
        fit = min(1.0, *(0.9 * cell_w / e.width for e in big.entries), *(0.8 * cell_h / e.height for e in big.entries))
        for entry in big.entries:
            entry.scale(fit)
        big.shift([(self.left + self.right) / 2 - big.squares.get_center()[0], top - big.squares.get_top()[1], 0])
        return big

    def answers(self) -> Iterator[Step]:
        """Both answers, large in the middle of the main area, each checked against torch autograd."""
        say = self.phrases["answers"]
        card = answer_card(self.numbers, self.scale)
        self.card_scale = min(_LARGE, (self.right - self.left - 0.3) / card.width, (3.1 - self.floor - 0.2) / card.height)
        card.scale(self.card_scale).move_to([(self.left + self.right) / 2, (3.1 + self.floor) / 2, 0])
        self.card = card
        clear = (*self.clear_equation(), leave(getattr(self, "closing_old", VGroup())))
        yield Step((*self.retitle("The two answers"), *clear), self.t(0.8), say=say[0], fill=False)
        yield Step((appear(card[0][0]),), self.t(1.2), fill=True)
        yield Step((appear(card[1][0]),), self.t(1.2), say=say[1], fill=True)
        checks = [card[k][1][0] for k in range(2)]
        yield Step((appear(card[3]), *(appear(c) for c in checks)), self.t(1.2), say=say[2], fill=True)
        yield Step((*(appear(mark) for mark in card.marks), appear(card[2])), self.t(1.0), say=say[3], fill=True)

    def step(self) -> Iterator[Step]:
        """w <- w - eta dL/dw for every weight, and the loss of the stepped network."""
        n, ex, say = self.numbers, self.numbers.example, self.phrases["step"]
        mm, nn = n.kernel_pos
        new = n.stepped.w[mm, nn]
        lower = n.loss_after < n.fwd.loss
        made = self.lines([
            rf"w \leftarrow w - \eta\, \frac{{\partial L}}{{\partial w}}, \qquad \eta = {given(ex.eta)} \qquad \text{{(b, v, c alike)}}",
            rf"w_{{{mm}{nn}}}:\ {given(ex.w[mm, nn])} - {given(ex.eta)}\,({fixed(n.kernel_grad.value)}) = {fixed(new)}",
            rf"L:\ {fixed(n.fwd.loss)} \;\longrightarrow\; {fixed(n.loss_after)}",
        ], top=0.0)  # fmt: skip
        lines_h = made[0].get_top()[1] - made[-1].get_bottom()[1]
        rows = VGroup(self.card[0], self.card[1], self.card[3])  # the checked answers go to the top, as large as leaves room
        top = rows.copy()
        top.scale(min(1.0 / self.card_scale, (3.0 - self.floor - 0.5 - lines_h) / top.height))
        top.move_to([self.left, 3.0, 0], aligned_edge=LEFT + UP)
        VGroup(*made).shift(UP * (top.get_bottom()[1] - 0.5 - made[0].get_top()[1]))
        made[2][-6:].set_color(PALETTE.check if lower else PALETTE.mismatch)
        notes = self.card[2]
        yield Step((*self.retitle("One step downhill"), vanish(notes, rate_func=FIRST_HALF), Transform(rows, top)), self.t(1.0),
                   say=say[0])  # fmt: skip
        yield Step((appear(made[0]),), self.t(1.2))
        yield Step((appear(made[1]),), self.t(0.9), fill=True)
        path = ["w", "z", "h", "s", "y_hat", "L"]
        edges = VGroup(*self.graph.edges.values())
        rings = VGroup(*(self.graph.ring(name) for name in ("w", "a", "b", "z", "h", "s", "y_hat")))
        yield Step((LaggedStart(*self.graph.flow(path), lag_ratio=0.85), edges.animate.set_stroke(PALETTE.muted, width=2.5),
                    rings.animate.set_stroke(PALETTE.muted),
                    *self.graph.clear_values()), self.t(2.0), say=say[1], fill=True)  # fmt: skip
        value = self.graph.show_value("L", [fixed(n.loss_after)], PALETTE.check if lower else PALETTE.mismatch)
        yield Step((appear(made[2]), self.graph.ring("L").animate.set_stroke(PALETTE.check, width=6), *value), self.t(1.2),
                   say=say[2], fill=True)  # fmt: skip
