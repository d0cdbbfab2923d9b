"""The forward beats of the tiny-CNN lesson: pieces, the sliding kernel, sigmoid, the head, the loss."""

from collections.abc import Iterator

from manim import LaggedStart, Line, ShowPassingFlash, TransformFromCopy, VGroup

from render.palette import PALETTE
from render.text.numbers import fixed, given
from scenes.cnn_layout import LessonLayout
from scenes.cnn_mobjects import frame, spot
from scenes.kit import Step, appear, enter, leave, vanish

__all__ = ["ForwardBeats"]


class ForwardBeats(LessonLayout):
    """Beats that compute the prediction; values travel up the graph."""

    def _flow_up(self, path: list[str]) -> LaggedStart:
        return LaggedStart(*self.graph.flow(path), lag_ratio=0.85)

    def pieces(self) -> Iterator[Step]:
        """The graph, the input, the kernel, every cell with its row and column number."""
        say = self.phrases["pieces"]
        yield Step((*self.retitle("Forward · the pieces"), appear(self.graph)), self.t(1.5), say=say[0], fill=True)
        yield Step((appear(self.a_grid), self.graph.nodes["a"][0].animate.set_stroke(PALETTE.ink)), self.t(1.2), say=say[1], fill=True)
        node = self.graph.nodes
        yield Step((appear(self.w_grid), appear(self.b_line), node["w"][0].animate.set_stroke(PALETTE.ink),
                    node["b"][0].animate.set_stroke(PALETTE.ink)), self.t(1.2), say=say[2], fill=True)  # fmt: skip
        indices = VGroup(*self.a_grid.row_index, *self.a_grid.col_index, *self.w_grid.row_index, *self.w_grid.col_index)
        yield Step((indices.animate(rate_func=lambda t: 1 - abs(2 * t - 1)).set_color(PALETTE.highlight),), self.t(2.0),
                   say=say[3], fill=True)  # fmt: skip

    def slide(self) -> Iterator[Step]:
        """The kernel visits every position; at the first, each w·a pair is linked to its product."""
        z, k, say = self.numbers.fwd.z, self.k, self.phrases["slide"]
        cw, ch = self.a_grid.frame_size()
        self.kernel_frame = frame(k * cw, k * ch).move_to(self.w_grid.block(0, 0, k))
        show_z = (appear(self.z_grid.squares), appear(self.z_grid.row_index), appear(self.z_grid.col_index), appear(self.z_grid.name))
        yield Step((*self.retitle("Forward · the kernel slides"), *show_z, appear(self.kernel_frame)), self.t(1.2), say=say[0], fill=True)
        moved = self.kernel_frame.animate.move_to(self.a_grid.block(0, 0, k))
        formula = self.lines([r"z_{ij} = \sum\nolimits_{m,n} w_{mn}\, a_{i+m,\,j+n} + b"])[0]
        yield Step((moved, appear(formula), self._flow_up(["w", "z"])), self.t(1.4), say=say[1], fill=True)
        if k <= 3:
            yield from self._first_sum(say)
        else:
            line = self.lines([rf"z_{{00}} = {fixed(z[0, 0])}"])[0]
            yield Step((appear(line), TransformFromCopy(line, self.z_grid.entry(0, 0))), self.t(1.0), say=say[4], fill=True)
        others = [(i, j) for i in range(self.m) for j in range(self.m)][1:]
        per = min(0.7, 1.6 / max(len(others), 1))  # the other stops share about the length of their phrase
        for x, (i, j) in enumerate(others):
            target, entry = self.a_grid.block(i, j, k), self.z_grid.entry(i, j)
            ray = Line(target + [k * cw / 2, 0, 0], self.z_grid.square(i, j).get_left()).set_stroke(PALETTE.forward, width=6)
            yield Step((self.kernel_frame.animate.move_to(target),), self.t(per), say=say[5] if x == 0 else "")
            yield Step((ShowPassingFlash(ray, time_width=0.6), appear(entry)), self.t(per))
        yield Step((vanish(self.kernel_frame), self._flow_up(["a", "z"])), self.t(1.0), say=say[6], fill=True)

    def _first_sum(self, say: tuple[str, ...]) -> Iterator[Step]:
        """z00 written term by term, one kernel row a line; each pair lit and linked as its product appears."""
        ex, k = self.ex, self.k
        products = [f"{'' if x == 0 else '+ '}{self.paren(given(ex.w[divmod(x, k)]))}{{\\cdot}}{self.paren(given(ex.a[divmod(x, k)]))}"
                    for x in range(k * k)]  # fmt: skip
        half = (k * k + 1) // 2
        rows = [[r"z_{00} =", *products[:half]], [*products[half:], rf"+ {self.paren(given(ex.b))} =", fixed(self.numbers.fwd.z[0, 0])]]
        made = self.terms(rows, top=self.below())
        cw, ch = self.a_grid.frame_size()
        w_spot, a_spot = spot(cw, ch), spot(cw, ch)
        link = Line(self.w_grid.square(0, 0).get_center(), self.a_grid.square(0, 0).get_center())
        link.set_stroke(PALETTE.highlight, width=3, opacity=0.55)
        w_spot.move_to(self.w_grid.square(0, 0))
        a_spot.move_to(self.a_grid.square(0, 0))
        yield Step((appear(made[0]), appear(w_spot), appear(a_spot), appear(link), appear(made[1])), self.t(1.2), say=say[2], fill=True)
        for index in range(1, k * k):
            mm, nn = divmod(index, k)
            w_at, a_at = self.w_grid.square(mm, nn).get_center(), self.a_grid.square(mm, nn).get_center()
            moves = (w_spot.animate.move_to(w_at), a_spot.animate.move_to(a_at), link.animate.put_start_and_end_on(w_at, a_at))
            yield Step((*moves, appear(made[1 + index])), self.t(0.9 if index == 1 else 0.35), say=say[3] if index == 1 else "")
        yield Step((vanish(w_spot), vanish(link), vanish(a_spot), appear(made[-2]), appear(made[-1])), self.t(0.8), say=say[4])
        yield Step((TransformFromCopy(made[-1], self.z_grid.entry(0, 0)),), self.t(0.9), fill=False)

    def sigmoid(self) -> Iterator[Step]:
        """Each z through the sigmoid; the map slot now holds h."""
        fwd, m, say = self.numbers.fwd, self.m, self.phrases["sigmoid"]
        clear = self.clear_equation()
        formula = self.lines([r"h_{ij} = \sigma(z_{ij}) = \frac{1}{1 + e^{-z_{ij}}}"])[0]
        yield Step((*self.retitle("Forward · sigmoid"), *clear, enter(formula), self._flow_up(["z", "h"])), self.t(1.4),
                   say=say[0], fill=True)  # fmt: skip
        shown = [(i, j) for i in range(m) for j in range(m)][:4]
        texs = [rf"\sigma({fixed(fwd.z[i, j])}) = {fixed(fwd.h[i, j])}" for i, j in shown]
        pieces = self.terms([texs[:2], texs[2:]] if len(texs) > 2 else [texs], top=self.below(), indent=False)
        lit = spot(*self.z_grid.frame_size(), PALETTE.forward).move_to(self.z_grid.square(0, 0))
        yield Step((appear(pieces[0]), appear(lit)), self.t(1.2), say=say[1])
        yield Step((LaggedStart(*(appear(p) for p in pieces[1:]), lag_ratio=0.5), vanish(lit)), self.t(1.6))
        swap = (leave(self.z_grid.entries), leave(self.z_grid.name), enter(self.h_grid.entries), enter(self.h_grid.name))
        yield Step(swap, self.t(1.4), say=say[2], fill=True)

    def head(self) -> Iterator[Step]:
        """The map read row by row as h_k, k = M i + j, then s = sum of v_k h_k plus c."""
        ex, fwd, m, say = self.ex, self.numbers.fwd, self.m, self.phrases["head"]
        clear = self.clear_equation()
        swap = (leave(self.h_grid.entries), leave(self.h_grid.name), enter(self.hk_grid.values()), enter(self.hk_grid.name))
        if not self.hk_grid.values_moved:  # the values stay put: only the tags come
            swap = (leave(self.h_grid.name), enter(self.hk_grid.tags), enter(self.hk_grid.name))
            self.hk_grid.entries = self.h_grid.entries
        yield Step((*self.retitle(f"Forward · read as a list, k = {m}i + j"), *clear, *swap), self.t(1.5), say=say[0], fill=True)
        count = m * m
        if count <= 4:
            symbols = " + ".join(f"v_{{{k}}} h_{{{k}}}" for k in range(count))
            pieces = [("" if k == 0 else "+ ") + f"{self.paren(given(ex.v[k]))}{{\\cdot}}{fixed(fwd.h_flat[k])}" for k in range(count)]
            formula = self.lines([f"s = {symbols} + c"])[0]
            rows = [["s =", *pieces[:2]], [*pieces[2:], rf"+ {self.paren(given(ex.c))} =", fixed(fwd.s)]]
            made = self.terms(rows, top=self.below())
        else:
            formula = self.lines([r"s = \sum_k v_k\, h_k + c"])[0]
            made = self.lines([r"s = \ldots", rf"s = {fixed(fwd.s)}"])
        yield Step((appear(formula), self._flow_up(["h", "s"])), self.t(1.4), say=say[1], fill=True)
        yield Step((LaggedStart(*(appear(p) for p in made[:-1]), lag_ratio=0.6),), self.t(2.0), say=say[2])
        yield Step((appear(made[-1]), *self.graph.show_value("s", [fixed(fwd.s)], PALETTE.forward)), self.t(1.0), fill=True)

    def loss(self) -> Iterator[Step]:
        """The prediction and the loss against the label."""
        ex, fwd, say = self.ex, self.numbers.fwd, self.phrases["loss"]
        clear = self.clear_equation()
        made = self.lines([
            rf"\hat y = \sigma(s) = \sigma({fixed(fwd.s)}) = {fixed(fwd.y_hat)}",
            r"L = -\big[\, y \log \hat y + (1 - y) \log(1 - \hat y) \,\big]",
            rf"y = {ex.y}:\quad L = -\log({fixed(fwd.y_hat)}) = {fixed(fwd.loss)}" if ex.y == 1
            else rf"y = {ex.y}:\quad L = -\log(1 - {fixed(fwd.y_hat)}) = {fixed(fwd.loss)}",
        ])  # fmt: skip
        value = self.graph.show_value("y_hat", [fixed(fwd.y_hat)], PALETTE.forward)
        yield Step((*self.retitle("Forward · prediction and loss"), *clear, enter(made[0]), self._flow_up(["s", "y_hat"]), *value),
                   self.t(1.5), say=say[0], fill=True)  # fmt: skip
        yield Step((appear(made[1]),), self.t(1.5), say=say[1], fill=True)
        value = self.graph.show_value("L", [fixed(fwd.loss)], PALETTE.forward)
        yield Step((appear(made[2]), self._flow_up(["y_hat", "L"]), *value), self.t(1.5), say=say[2], fill=True)
