"""The closing beats: dL/da as a full convolution, both answers checked, one gradient-descent step."""

import math
from collections.abc import Iterator

from manim import DOWN, RIGHT, UP, LaggedStart, Line, VGroup, VMobject

from model.scene_numbers import AGREEMENT_RTOL, SceneNumbers
from render.palette import PALETTE
from scenes.cnn_layout import LessonLayout
from scenes.cnn_mobjects import TEX_SIZE, NumberGrid, frame, spot
from scenes.kit import Step, appear, fmt, given, tex_group, vanish

__all__ = ["ClosingBeats", "answer_card", "verdict_mark"]


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


def answer_card(numbers: SceneNumbers, scale: float = 1.0) -> VGroup:
    """Both gradients side by side, each above torch autograd's value and the verdict of comparing them."""
    (mm, nn), (p, q) = numbers.kernel_pos, numbers.input_pos
    rows = [
        (rf"\frac{{\partial L}}{{\partial w_{{{mm}{nn}}}}}", numbers.kernel_grad.value, numbers.kernel_torch, numbers.kernel_agrees),
        (rf"\frac{{\partial L}}{{\partial a_{{{p}{q}}}}}", numbers.input_grad.value, numbers.input_torch, numbers.input_agrees),
    ]
    texs = []
    for head, value, torch_value, _ in rows:
        texs += [rf"{head} = {fmt(value)}", rf"\text{{torch autograd: }} {{{fmt(torch_value)}}}"]
    texs.append(rf"\text{{a tick only when they agree to a relative }} 10^{{{round(math.log10(AGREEMENT_RTOL))}}}")
    made = tex_group(texs, TEX_SIZE * scale)
    card, marks = VGroup(), VGroup()
    for k, (_, _, _, ok) in enumerate(rows):
        answer, check = made[2 * k], made[2 * k + 1]
        answer[-len(fmt(rows[k][1])) :].set_color(PALETTE.gradient)
        mark = verdict_mark(ok, 0.45 * scale)
        check_row = VGroup(check, mark).arrange(RIGHT, buff=0.25 * scale)
        panel = VGroup(answer, check_row).arrange(DOWN, buff=0.35 * scale)
        card.add(panel)
        marks.add(mark)
    card.arrange(RIGHT, buff=1.1 * scale, aligned_edge=UP)
    note = made[-1].set_color(PALETTE.muted).next_to(card, DOWN, buff=0.4 * scale)
    card.add(note)
    card.marks = marks
    return card


class ClosingBeats(LessonLayout):
    """Beats that step back: the picture behind dL/da, the two answers, what a gradient is for."""

    def full_convolution(self) -> Iterator[Step]:
        """dL/da is the delta map, padded, convolved with the kernel rotated 180 degrees; a_pq lit."""
        n, k, m, s = self.numbers, self.k, self.m, self.scale
        p, q = n.input_pos
        size = n.delta_padded.shape[0]
        symbols = [[rf"\delta_{{{u - k + 1}{v - k + 1}}}" if k - 1 <= u < k - 1 + m and k - 1 <= v < k - 1 + m else "0"
                    for v in range(size)] for u in range(size)]  # fmt: skip
        padded = NumberGrid(symbols, (0.58 * s, 0.52 * s), "δ padded with zeros", s)
        rotated = NumberGrid([[f"w_{{{k - 1 - u}{k - 1 - v}}}" for v in range(k)] for u in range(k)], (0.75 * s, 0.52 * s),
                             "w rotated 180°", s)  # fmt: skip
        da = NumberGrid(self._computed(n.da_full), (1.64 * s, 0.5 * s), "∂L/∂a", s)
        for cell, symbol in zip(padded.entries, (x for row in symbols for x in row)):
            cell.set_color(PALETTE.muted if symbol == "0" else PALETTE.gradient)
        padded.shift([self.left + 0.32 - padded.squares.get_left()[0], 2.85 - padded.squares.get_top()[1], 0])
        right = padded.squares.get_right()[0] + 0.35 + 0.32
        rotated.shift([right - rotated.squares.get_left()[0], 2.85 - rotated.squares.get_top()[1], 0])
        da.shift([right - da.squares.get_left()[0], rotated.name.get_bottom()[1] - 0.45 - da.squares.get_top()[1], 0])
        old = VGroup(self.a_grid, self.w_grid, self.b_line, self.delta_grid, self.z_grid.squares, self.z_grid.row_index,
                     self.z_grid.col_index, getattr(self, "lit_input", VGroup()))  # fmt: skip
        yield Step((*self.retitle("Backward · every ∂L/∂a at once"), *self.clear_equation(), vanish(old)), self.t(1.2))
        yield Step((appear(padded),), self.t(1.2))
        yield Step((appear(rotated),), self.t(1.2), self.t(0.5))
        cw, ch = padded.frame_size()
        window = frame(k * cw, k * ch).move_to(padded.block(0, 0, k))
        yield Step((appear(window),), self.t(0.6))
        yield Step((window.animate.move_to(padded.block(p, q, k)), appear(da)), self.t(1.6))
        inside = [(u, v) for u in range(p, p + k) for v in range(q, q + k) if symbols[u][v] != "0"]
        lit = [spot(cw, ch, PALETTE.gradient).move_to(padded.square(u, v)) for u, v in inside]
        target = spot(*da.frame_size(), PALETTE.highlight).move_to(da.square(p, q))
        terms = " + ".join(rf"\delta_{{{u - k + 1}{v - k + 1}}} w_{{{p + k - 1 - u}{q + k - 1 - v}}}" for u, v in inside)
        line = self.lines([rf"\partial L/\partial a_{{{p}{q}}} = {terms} = {fmt(n.da_full[p, q])}"], top=self.floor + 0.55)[0]
        yield Step((LaggedStart(*(appear(x) for x in lit), lag_ratio=0.4), appear(target)), self.t(1.4))
        yield Step((appear(line),), self.t(1.4))
        self.closing_old = VGroup(padded, rotated, da, window, *lit, target)

    def answers(self) -> Iterator[Step]:
        """Both answers side by side, each checked against torch autograd."""
        card = answer_card(self.numbers, self.scale).move_to([(self.left + 4.3) / 2, 1.9, 0])
        self.card = card
        clear = (*self.clear_equation(), vanish(getattr(self, "closing_old", VGroup())))
        yield Step((*self.retitle("The two answers"), *clear), self.t(1.0))
        yield Step((appear(card[0][0]), appear(card[1][0])), self.t(1.4), self.t(0.8))
        checks = [card[k][1][0] for k in range(2)]
        yield Step(tuple(appear(c) for c in checks), self.t(1.2), self.t(0.6))
        yield Step((*(appear(mark) for mark in card.marks), appear(card[2])), self.t(1.0))

    def step(self) -> Iterator[Step]:
        """w <- w - eta dL/dw for every weight, and the loss of the stepped network."""
        n, ex = self.numbers, self.numbers.example
        mm, nn = n.kernel_pos
        new = n.stepped.w[mm, nn]
        lower = n.loss_after < n.fwd.loss
        made = self.lines([
            rf"w \leftarrow w - \eta\, \frac{{\partial L}}{{\partial w}}, \qquad \eta = {given(ex.eta)} \qquad \text{{(b, v, c alike)}}",
            rf"w_{{{mm}{nn}}}:\ {given(ex.w[mm, nn])} - {given(ex.eta)}\,({fmt(n.kernel_grad.value)}) = {fmt(new)}",
            rf"L:\ {fmt(n.fwd.loss)} \;\longrightarrow\; {fmt(n.loss_after)}",
        ], top=self.card.get_bottom()[1] - 0.45)  # fmt: skip
        made[2][-6:].set_color(PALETTE.check if lower else PALETTE.mismatch)
        yield Step((*self.retitle("One step downhill"), appear(made[0])), self.t(1.4), self.t(0.6))
        yield Step((appear(made[1]),), self.t(1.2), self.t(0.4))
        path = ["w", "z", "h", "s", "y_hat", "L"]
        edges = VGroup(*self.graph.edges.values())
        yield Step((LaggedStart(*self.graph.flow(path), lag_ratio=0.85), edges.animate.set_stroke(PALETTE.muted, width=3),
                    vanish(self.edge_labels)), self.t(2.0))  # fmt: skip
        yield Step((appear(made[2]), self.graph.nodes["L"][0].animate.set_stroke(PALETTE.check, width=6)), self.t(1.2))
