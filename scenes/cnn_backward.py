"""The backward beats: the error signal, the sigmoid's slope, the delta table, the two gradients."""

from collections.abc import Iterator

import numpy as np
from manim import LaggedStart, ReplacementTransform, ShowPassingFlash, VGroup

from render.palette import PALETTE
from render.text.numbers import fixed, given
from scenes.cnn_layout import LessonLayout
from scenes.cnn_mobjects import frame, spot
from scenes.cnn_table import delta_table
from scenes.kit import Step, appear, enter, leave, vanish

__all__ = ["BackwardBeats"]


def _shifted(letter: str, row: int, col: int) -> str:
    """'a_{ij}', 'a_{i+1,\\,j+2}': the entry a kernel weight at (row, col) meets in window (i, j)."""
    i, j = ("i" if row == 0 else f"i+{row}"), ("j" if col == 0 else f"j+{col}")
    return f"{letter}_{{{i}{j}}}" if (row, col) == (0, 0) else f"{letter}_{{{i},\\,{j}}}"


class BackwardBeats(LessonLayout):
    """Beats that send the gradient down the graph; each node shows dL/d(node) as the gradient reaches it."""

    def _reach(self, low: str, high: str, name: str, texs: list[str]) -> list:
        """The gradient crosses from `high` down to `low`: a pulse, the edges turn, `name`'s node shows its value."""
        flash = self.graph.flow([low, high], backward=True)[0]
        edges = self.graph.edges[(low, high)]
        rings = self.graph.ring(name)
        return [flash, edges.animate.set_stroke(PALETTE.gradient, width=3.5), rings.animate.set_stroke(PALETTE.gradient),
                *self.graph.show_value(name, texs)]  # fmt: skip

    def _map_values(self, grid) -> list[str]:
        return [fixed(x) for x in np.ravel(grid)]

    def output_gradient(self) -> Iterator[Step]:
        """dL/dy_hat and dy_hat/ds, and their product cancelling to y_hat - y."""
        n, y, say = self.numbers, self.ex.y, self.phrases["output_gradient"]
        clear = self.clear_equation()
        made = self.lines([
            rf"\partial L / \partial \hat y = -y / \hat y + (1 - y) / (1 - \hat y) = {fixed(n.dl_dyhat)}",
            rf"\partial \hat y / \partial s = \hat y\,(1 - \hat y) = {fixed(n.dyhat_ds)}",
        ])  # fmt: skip
        rows = [[r"\partial L / \partial s =", r"\big({-}y / \hat y + (1 - y) / (1 - \hat y)\big)\,\hat y\,(1 - \hat y)"],
                [r"= -y\,(1 - \hat y) + (1 - y)\,\hat y", r"= \hat y - y", rf"= {fixed(n.fwd.y_hat)} - {y} =", fixed(n.grads.error)]]
        product = self.terms(rows, top=self.below())
        product[-1].set_color(PALETTE.gradient)
        start = (*self.retitle("Backward · the error signal"), *clear, self.graph.ring("L").animate.set_stroke(PALETTE.gradient),
                 *self.graph.show_value("L", ["1"]))  # fmt: skip
        yield Step(start, self.t(1.2), say=say[0], fill=True)
        yield Step((*self._reach("y_hat", "L", "y_hat", [fixed(n.dl_dyhat)]), appear(made[0])), self.t(1.4), say=say[1], fill=True)
        yield Step((appear(made[1]),), self.t(1.2), say=say[2], fill=True)
        yield Step((appear(product[0]), appear(product[1])), self.t(1.4), say=say[3], fill=True)
        yield Step((appear(product[2]),), self.t(1.0), say=say[4])
        yield Step((appear(product[3]),), self.t(1.0))
        yield Step((appear(product[4]), appear(product[5]), *self._reach("s", "y_hat", "s", [fixed(n.grads.error)])), self.t(1.4),
                   say=say[5], fill=True)  # fmt: skip

    def sigmoid_slope(self) -> Iterator[Step]:
        """ds/dh_ij = v_ij and sigma'(z_ij) = h_ij (1 - h_ij), with the values."""
        fwd, m, n, say = self.numbers.fwd, self.m, self.numbers, self.phrases["sigmoid_slope"]
        clear = self.clear_equation()
        made = self.lines([r"\partial s / \partial h_{ij} = v_{ij}, \qquad \partial L / \partial h_{ij} = (\hat y - y)\, v_{ij}",
                           r"\sigma'(z_{ij}) = h_{ij}\,(1 - h_{ij})"])  # fmt: skip
        shown = [(i, j) for i in range(m) for j in range(m)][:4]
        texs = [rf"{fixed(fwd.h[i, j])}\,(1 - {fixed(fwd.h[i, j])}) = {fixed(fwd.sigma_prime[i, j])}" for i, j in shown]
        values = self.terms([texs[:2], texs[2:]] if len(texs) > 2 else [texs], top=self.below(), indent=False)
        for piece in values:
            piece[-6:].set_color(PALETTE.gradient)
        swap = (leave(self.hk_grid.values()), leave(self.hk_grid.name), enter(self.h_grid.entries), enter(self.h_grid.name))
        if self.hk_grid.entries is self.h_grid.entries:  # the head beat kept the values: only the tags go
            swap = (leave(self.hk_grid.tags), leave(self.hk_grid.name), enter(self.h_grid.name))
        yield Step((*self.retitle("Backward · through the sigmoid"), *clear, *swap, enter(made[0])), self.t(1.4), say=say[0], fill=True)
        dl_dh = n.grads.error * n.example.v
        yield Step(tuple(self._reach("h", "s", "h", [fixed(x) for x in dl_dh])), self.t(1.4), say=say[1], fill=True)
        yield Step((appear(made[1]), self.graph.flow(["z", "h"], backward=True)[0]), self.t(1.2), say=say[2], fill=True)
        lit = [spot(*self.h_grid.frame_size(), PALETTE.gradient).move_to(self.h_grid.square(i, j)) for i, j in shown]
        for x, (box, piece) in enumerate(zip(lit, values)):
            yield Step((appear(box), appear(piece)), self.t(0.8), say=say[3] if x == 0 else "")
        yield Step(tuple(vanish(box) for box in lit), self.t(0.5))

    def deltas(self) -> Iterator[Step]:
        """z, h, sigma', v and delta side by side; the delta column becomes the delta map and the z nodes' values."""
        table, say = delta_table(self), self.phrases["deltas"]
        grids = VGroup(self.a_grid, self.w_grid, self.b_line, self.h_grid.entries, self.h_grid.name, self.z_grid.squares,
                       self.z_grid.row_index, self.z_grid.col_index)  # fmt: skip
        yield Step((*self.retitle("Backward · δ for every position"), *self.clear_equation(), vanish(grids)), self.t(0.8),
                   say=say[0], fill=False)  # fmt: skip
        yield Step((appear(table.header), appear(table.keys)), self.t(1.0))
        pairs = [table.columns[:2], table.columns[2:4]]
        for x, columns in enumerate(pairs):
            cells = [c for column in columns for c in column]
            yield Step((LaggedStart(*(appear(c) for c in cells), lag_ratio=0.15),), self.t(1.2), say=say[1 + x], fill=True)
        yield Step((appear(table.formula),), self.t(1.4), say=say[3], fill=True)
        yield Step((LaggedStart(*(appear(c) for c in table.columns[-1]), lag_ratio=0.3),), self.t(1.4), say=say[4], fill=True)
        gone = vanish(VGroup(table.header, table.keys, *table.columns[:-1], table.formula))
        yield Step((gone,), self.t(0.6), say=say[5], fill=False)
        back = (appear(self.a_grid), appear(self.w_grid), appear(self.b_line), appear(self.z_grid.squares),
                appear(self.z_grid.row_index), appear(self.z_grid.col_index), appear(self.delta_grid.name))  # fmt: skip
        flights = [ReplacementTransform(cell, entry) for cell, entry in zip(table.columns[-1], self.delta_grid.entries)]
        reach = self._reach("z", "h", "z", self._map_values(self.numbers.grads.delta))
        yield Step((*back, *flights, *reach), self.t(1.6))

    def _gradient_walk(self, grad, places, symbol: str, leaf: str, say: tuple[str, ...]) -> Iterator[Step]:
        """One term per window: the kernel frame moves, the cells it multiplies light up, the product appears."""
        cw, ch = self.a_grid.frame_size()
        dw, dh = self.delta_grid.frame_size()
        spots = [spot(cw, ch), spot(cw, ch), spot(dw, dh, PALETTE.gradient)]
        terms = [("" if x == 0 else "+ ") + f"{self.paren(fixed(t.delta))}{{\\cdot}}{self.paren(given(t.factor))}" for x, t in enumerate(grad.terms)]
        per = 2 if len(terms) <= 4 else -(-len(terms) // 3)  # two terms a line, or three lines in all
        rows = [terms[x : x + per] for x in range(0, len(terms), per)]
        rows[0] = [f"{symbol} =", *rows[0]]
        rows[-1] += ["=", fixed(grad.value)]
        made = self.terms(rows, top=self.below())
        made[-1].set_color(PALETTE.gradient)
        self.walk_terms, self.walk_line = made[1 : 1 + len(grad.terms)], VGroup(*made)
        if not hasattr(self, "kernel_frame"):
            self.kernel_frame = frame(self.k * cw, self.k * ch)
        fan = self.graph.fan(leaf, [(t.i, t.j) for t in grad.terms])
        yield Step((appear(made[0]),), self.t(0.6))
        slow = len(grad.terms) <= 4
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
            edge = fan[x].copy().set_stroke(PALETTE.gradient, width=7).reverse_points()
            yield Step((*moves, appear(made[1 + x]), ShowPassingFlash(edge, time_width=0.8)), self.t(1.0 if slow else 0.2),
                       self.t(0.1 if slow else 0.03), say=say[0] if x == 0 else "")  # fmt: skip
        yield Step((appear(made[-2]), appear(made[-1]), *(vanish(mob) for mob in [self.kernel_frame, *spots]),
                    fan.animate.set_stroke(PALETTE.gradient, width=3.5), self.graph.ring(leaf).animate.set_stroke(PALETTE.gradient)),
                   self.t(1.2), say=say[1], fill=True)  # fmt: skip

    def kernel_gradient(self) -> Iterator[Step]:
        """dL/dw_mn: at every position, delta there times the input cell under w_mn."""
        n, (mm, nn), say = self.numbers, self.numbers.kernel_pos, self.phrases["kernel_gradient"]
        name = f"w_{{{mm}{nn}}}"
        under = _shifted("a", mm, nn)
        clear = (*self.clear_equation(), *self.back_to_delta())
        chain = self.terms([[rf"\frac{{\partial L}}{{\partial {name}}} = \sum\nolimits_{{i,j}} \delta_{{ij}}\,"
                             rf"\frac{{\partial z_{{ij}}}}{{\partial {name}}}", rf"= \sum\nolimits_{{i,j}} \delta_{{ij}}\, {under}"]], indent=False)
        yield Step((*self.retitle(f"Backward · ∂L/∂w{mm}{nn}"), *clear, enter(chain[0]),
                    LaggedStart(*self.graph.flow(["w", "z"], backward=True))), self.t(1.4), say=say[0], fill=True)  # fmt: skip
        yield Step((appear(chain[1]),), self.t(1.2), say=say[1], fill=True)

        def places(t):
            block = self.a_grid.block(t.i, t.j, self.k)
            return block, [self.w_grid.square(mm, nn).get_center(), self.a_grid.square(t.i + mm, t.j + nn).get_center()]

        yield from self._gradient_walk(n.kernel_grad, places, rf"\partial L/\partial {name}", "w", say[2:])

    def input_gradient(self) -> Iterator[Step]:
        """dL/da_pq: only the windows covering a_pq, each with the kernel entry that lands on it."""
        n, (p, q), say = self.numbers, self.numbers.input_pos, self.phrases["input_gradient"]
        name = f"a_{{{p}{q}}}"
        clear = (*self.clear_equation(), *self.back_to_delta())
        chain = self.lines([rf"\frac{{\partial L}}{{\partial {name}}} = \sum\nolimits_{{(i,j)}} \delta_{{ij}}\, w_{{{p}-i,\,{q}-j}}"
                            rf"\quad \text{{over the windows covering }} {name}"])
        yield Step((*self.retitle(f"Backward · ∂L/∂a{p}{q}"), *clear, enter(chain[0])), self.t(1.4),
                   say=say[0], fill=True)  # fmt: skip
        cell = self.a_grid.square(p, q)
        lit = getattr(self, "lit_input", None)
        shown = [] if lit is not None else [appear(lit := spot(*self.a_grid.frame_size()).move_to(cell))]
        fan = self.graph.fan("a", list(n.input_windows))
        edge = fan.copy().set_stroke(PALETTE.gradient, width=7)
        yield Step((*shown, *(ShowPassingFlash(e.reverse_points(), time_width=0.8) for e in edge)), self.t(1.2), say=say[1], fill=True)

        def places(t):
            return self.a_grid.block(t.i, t.j, self.k), [self.w_grid.square(p - t.i, q - t.j).get_center(), cell.get_center()]

        yield from self._gradient_walk(n.input_grad, places, rf"\partial L/\partial {name}", "a", say[2:])
        self.lit_input = lit
