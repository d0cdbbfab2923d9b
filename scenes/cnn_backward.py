"""The backward beats: the error signal, the sigmoid's slope, the delta table, the two gradients."""

from collections.abc import Iterator

from manim import UL, LaggedStart, ReplacementTransform, VGroup

from render.palette import PALETTE
from scenes.cnn_layout import LessonLayout
from scenes.cnn_mobjects import frame, spot
from scenes.cnn_table import delta_table
from scenes.kit import Step, appear, fmt, given, vanish

__all__ = ["BackwardBeats"]


def _shifted(letter: str, row: int, col: int) -> str:
    """'a_{ij}', 'a_{i+1,\\,j+2}': the entry a kernel weight at (row, col) meets in window (i, j)."""
    i, j = ("i" if row == 0 else f"i+{row}"), ("j" if col == 0 else f"j+{col}")
    return f"{letter}_{{{i}{j}}}" if (row, col) == (0, 0) else f"{letter}_{{{i},\\,{j}}}"


class BackwardBeats(LessonLayout):
    """Beats that send the gradient down the graph, one local derivative per edge."""

    def _cross(self, low: str, high: str, label: str, seconds: float = 1.2) -> Step:
        """The gradient crosses one edge downwards: a pulse, the edge turns, its local derivative appears.

        The labels under the leaves share one place: a new one there replaces the old.
        """
        mob = self.tex([label], PALETTE.gradient)[0]
        self.graph.label_place(low, high, mob)
        leaving = [old for old in self.edge_labels if getattr(old, "leaf", False)] if low in self.graph.leaves else []
        mob.leaf = low in self.graph.leaves
        self.edge_labels.remove(*leaving)
        self.edge_labels.add(mob)
        flash = self.graph.flow([low, high], backward=True)[0]
        edge = self.graph.edges[(low, high)]
        gone = [vanish(old) for old in leaving]
        return Step((flash, edge.animate.set_stroke(PALETTE.gradient, width=5), appear(mob), *gone), self.t(seconds))

    def output_gradient(self) -> Iterator[Step]:
        """dL/dy_hat and dy_hat/ds, and their product cancelling to y_hat - y."""
        n, y = self.numbers, self.ex.y
        clear = self.clear_equation()
        made = self.lines([
            rf"\partial L / \partial \hat y = -y / \hat y + (1 - y) / (1 - \hat y) = {fmt(n.dl_dyhat)}",
            rf"\partial \hat y / \partial s = \hat y\,(1 - \hat y) = {fmt(n.dyhat_ds)}",
        ])  # fmt: skip
        rows = [[r"\partial L / \partial s =", r"\big({-}y / \hat y + (1 - y) / (1 - \hat y)\big)\,\hat y\,(1 - \hat y)"],
                [r"= -y\,(1 - \hat y) + (1 - y)\,\hat y", r"= \hat y - y", rf"= {fmt(n.fwd.y_hat)} - {y} =", fmt(n.grads.error)]]
        product = self.terms(rows, top=self.below())
        product[-1].set_color(PALETTE.gradient)
        node = self.graph.nodes["L"][0]
        start = (*self.retitle("Backward · the error signal"), *clear, node.animate.set_stroke(PALETTE.gradient))
        yield Step(start, self.t(1.2))
        yield self._cross("y_hat", "L", r"\partial L/\partial \hat y")
        yield Step((appear(made[0]),), self.t(1.2), self.t(0.6))
        yield self._cross("s", "y_hat", r"\partial \hat y/\partial s")
        yield Step((appear(made[1]),), self.t(1.2), self.t(0.6))
        yield Step((appear(product[0]), appear(product[1])), self.t(1.4), self.t(0.8))
        yield Step((appear(product[2]),), self.t(1.0), self.t(0.4))
        yield Step((appear(product[3]),), self.t(1.0), self.t(0.6))
        yield Step((appear(product[4]), appear(product[5])), self.t(1.0))

    def sigmoid_slope(self) -> Iterator[Step]:
        """ds/dh_ij = v_ij and sigma'(z_ij) = h_ij (1 - h_ij), with the values."""
        fwd, m = self.numbers.fwd, self.m
        clear = self.clear_equation()
        made = self.lines([r"\partial s / \partial h_{ij} = v_{ij}, \qquad \sigma'(z_{ij}) = h_{ij}\,(1 - h_{ij})"])
        shown = [(i, j) for i in range(m) for j in range(m)][:4]
        texs = [rf"{fmt(fwd.h[i, j])}\,(1 - {fmt(fwd.h[i, j])}) = {fmt(fwd.sigma_prime[i, j])}" for i, j in shown]
        values = self.terms([texs[:2], texs[2:]] if len(texs) > 2 else [texs], top=self.below(), indent=False)
        for piece in values:
            piece[-6:].set_color(PALETTE.gradient)
        swap = (vanish(self.hk_grid.values()), vanish(self.hk_grid.name), appear(self.h_grid.entries), appear(self.h_grid.name))
        if self.hk_grid.entries is self.h_grid.entries:  # the head beat kept the values: only the tags go
            swap = (vanish(self.hk_grid.tags), vanish(self.hk_grid.name), appear(self.h_grid.name))
        yield Step((*self.retitle("Backward · through the sigmoid"), *clear, *swap), self.t(1.2))
        yield self._cross("h", "s", "v_{ij}")
        yield Step((appear(made[0]),), self.t(1.2), self.t(0.5))
        yield self._cross("z", "h", r"\sigma'(z_{ij})")
        lit = [spot(*self.h_grid.frame_size(), PALETTE.gradient).move_to(self.h_grid.square(i, j)) for i, j in shown]
        for box, piece in zip(lit, values):
            yield Step((appear(box), appear(piece)), self.t(0.9))
        yield Step(tuple(vanish(box) for box in lit), self.t(0.6))

    def deltas(self) -> Iterator[Step]:
        """z, h, sigma', v and delta side by side; the delta column becomes the delta map."""
        table = delta_table(self)
        grids = VGroup(self.a_grid, self.w_grid, self.b_line, self.h_grid.entries, self.h_grid.name, self.z_grid.squares,
                       self.z_grid.row_index, self.z_grid.col_index)  # fmt: skip
        start = (*self.retitle("Backward · δ for every position"), *self.clear_equation(), vanish(grids))
        yield Step((*start, appear(table.header), appear(table.keys)), self.t(1.4))
        for column in table.columns[:-1]:
            yield Step((LaggedStart(*(appear(c) for c in column), lag_ratio=0.3),), self.t(1.0))
        yield Step((appear(table.formula),), self.t(1.4), self.t(0.5))
        yield Step((LaggedStart(*(appear(c) for c in table.columns[-1]), lag_ratio=0.3),), self.t(1.4), self.t(1.0))
        back = (appear(self.a_grid), appear(self.w_grid), appear(self.b_line), appear(self.z_grid.squares),
                appear(self.z_grid.row_index), appear(self.z_grid.col_index), appear(self.delta_grid.name))  # fmt: skip
        flights = [ReplacementTransform(cell, entry) for cell, entry in zip(table.columns[-1], self.delta_grid.entries)]
        yield Step((vanish(VGroup(table.header, table.keys, *table.columns[:-1], table.formula)), *back, *flights), self.t(1.6))

    def _gradient_walk(self, grad, places, symbol: str) -> Iterator[Step]:
        """One term per window: the kernel frame moves, the cells it multiplies light up, the product appears."""
        cw, ch = self.a_grid.frame_size()
        dw, dh = self.delta_grid.frame_size()
        spots = [spot(cw, ch), spot(cw, ch), spot(dw, dh, PALETTE.gradient)]
        terms = [("" if x == 0 else "+ ") + f"{self.paren(fmt(t.delta))}{{\\cdot}}{self.paren(given(t.factor))}" for x, t in enumerate(grad.terms)]
        per = 2 if len(terms) <= 4 else 4
        rows = [terms[x : x + per] for x in range(0, len(terms), per)]
        rows[0] = [f"{symbol} =", *rows[0]]
        rows[-1] += ["=", fmt(grad.value)]
        made = self.terms(rows, top=self.below())
        made[-1].set_color(PALETTE.gradient)
        if not hasattr(self, "kernel_frame"):
            self.kernel_frame = frame(self.k * cw, self.k * ch)
        yield Step((appear(made[0]),), self.t(0.6))
        for x, t in enumerate(grad.terms):
            frame_at, cells = places(t)
            targets = [self.kernel_frame, *spots]
            spots_at = [frame_at, *cells, self.delta_grid.square(t.i, t.j).get_center()]
            if x == 0:
                for mob, at in zip(targets, spots_at):
                    mob.move_to(at)
                moves = [appear(mob) for mob in targets]
            else:
                moves = [mob.animate.move_to(at) for mob, at in zip(targets, spots_at)]
            slow = len(grad.terms) <= 4
            yield Step((*moves, appear(made[1 + x])), self.t(1.3 if slow else 0.5), self.t(0.5 if slow else 0.1))
        yield Step((appear(made[-2]), appear(made[-1]), *(vanish(mob) for mob in [self.kernel_frame, *spots])), self.t(1.2))

    def kernel_gradient(self) -> Iterator[Step]:
        """dL/dw_mn: at every position, delta there times the input cell under w_mn."""
        n, (mm, nn) = self.numbers, self.numbers.kernel_pos
        name = f"w_{{{mm}{nn}}}"
        yield Step((*self.retitle(f"Backward · ∂L/∂w{mm}{nn}"), *self.clear_equation()), self.t(1.0))
        under = _shifted("a", mm, nn)
        yield self._cross("w", "z", under)
        chain = self.lines([rf"\frac{{\partial L}}{{\partial {name}}} = \sum\nolimits_{{i,j}} \delta_{{ij}}\,"
                            rf"\frac{{\partial z_{{ij}}}}{{\partial {name}}} = \sum\nolimits_{{i,j}} \delta_{{ij}}\, {under}"])
        yield Step((appear(chain[0]),), self.t(1.4), self.t(0.6))

        def places(t):
            block = self.a_grid.block(t.i, t.j, self.k)
            return block, [self.w_grid.square(mm, nn).get_center(), self.a_grid.square(t.i + mm, t.j + nn).get_center()]

        yield from self._gradient_walk(n.kernel_grad, places, rf"\partial L/\partial {name}")

    def input_gradient(self) -> Iterator[Step]:
        """dL/da_pq: only the windows covering a_pq, each with the kernel entry that lands on it."""
        n, (p, q) = self.numbers, self.numbers.input_pos
        name = f"a_{{{p}{q}}}"
        cell = self.a_grid.square(p, q)
        callout = self.tex([rf"{name}:\ \text{{row }} {p},\ \text{{column }} {q},\ \text{{value }} {given(self.ex.a[p, q])}"],
                           PALETTE.highlight)[0]  # fmt: skip
        yield Step((*self.retitle(f"Backward · ∂L/∂a{p}{q}"), *self.clear_equation()), self.t(1.0))
        callout.move_to([self.left, self.equation_top, 0], aligned_edge=UL)
        self.equation.add(callout)
        lit = spot(*self.a_grid.frame_size()).move_to(cell)
        yield Step((appear(lit), appear(callout)), self.t(1.2), self.t(1.2))
        yield self._cross("a", "z", rf"w_{{{p}-i,{q}-j}}")
        chain = self.lines([rf"\frac{{\partial L}}{{\partial {name}}} = \sum\nolimits_{{(i,j)}} \delta_{{ij}}\, w_{{{p}-i,\,{q}-j}}"
                            rf"\quad \text{{over the windows covering }} {name}"])
        self.equation.remove(callout)
        chain[0].move_to(callout, aligned_edge=UL)
        yield Step((vanish(callout), appear(chain[0])), self.t(1.4), self.t(0.6))

        def places(t):
            return self.a_grid.block(t.i, t.j, self.k), [self.w_grid.square(p - t.i, q - t.j).get_center(), cell.get_center()]

        yield from self._gradient_walk(n.input_grad, places, rf"\partial L/\partial {name}")
        self.lit_input = lit
