"""The nudge beats: move w_mn or a_pq by eps, watch the z it touches and L move, set L's move beside the gradient's prediction."""

from collections.abc import Iterator

from manim import DOWN, UP, Animation, LaggedStart, ReplacementTransform, ShowPassingFlash, VGroup

from model.nudge import Nudge
from render.palette import PALETTE
from render.text.numbers import change, fixed, given
from scenes.cnn_layout import LessonLayout
from scenes.cnn_mobjects import frame, spot
from scenes.kit import FIRST_HALF, SECOND_HALF, Step, appear, enter, vanish

__all__ = ["NudgeBeats"]


class NudgeBeats(LessonLayout):
    """Before each gradient is summed: what it means, from a real forward pass with the nudged value."""

    def _to_z(self) -> list[Animation]:
        """The map shows z again (the delta values leave first); the z values are copies, free to change."""
        self.z_shown = VGroup(*(entry.copy() for entry in self.z_grid.entries))
        self.z_label = self.z_grid.name.copy()
        return [vanish(self.delta_grid.entries, rate_func=FIRST_HALF), vanish(self.delta_grid.name, rate_func=FIRST_HALF),
                appear(self.z_shown, rate_func=SECOND_HALF), appear(self.z_label, rate_func=SECOND_HALF)]  # fmt: skip

    def back_to_delta(self) -> list[Animation]:
        """Undo a nudge's picture: its marks and the z values leave, then the delta map returns."""
        marks = getattr(self, "nudge_marks", None)
        if marks is None:
            return []
        self.nudge_marks = None
        back = self.graph.show_value("L", ["1"])
        return [*back, vanish(marks, rate_func=FIRST_HALF), appear(self.delta_grid.entries, rate_func=SECOND_HALF),
                appear(self.delta_grid.name, rate_func=SECOND_HALF)]  # fmt: skip

    def _moved_z(self, moved: Nudge, cells: list[tuple[int, int]]) -> tuple[list[Animation], VGroup]:
        """Each z at `cells` turns into its nudged value, its change written small under it."""
        sign = [("+" if moved.dz[i, j] >= 0 else "") + fixed(moved.dz[i, j]) for i, j in cells]
        made = self.tex([fixed(moved.z_after[i, j]) for i, j in cells] + sign, PALETTE.ink)
        news, tags = made[: len(cells)], made[len(cells) :]
        anims, marks = [], VGroup()
        for (i, j), new, tag in zip(cells, news, tags):
            box, old = self.z_grid.square(i, j), self.z_shown[i * self.m + j]
            tag.scale(0.72).set_color(PALETTE.highlight)
            room = box.height - new.height - tag.height
            gap = max(0.04, room / 3)
            if room > 0.12:  # a tall cell: the value moves up, its change sits below it
                new.move_to(box).align_to(box, UP).shift(DOWN * gap)
                tag.next_to(new, DOWN, buff=gap)
                anims += [ReplacementTransform(old, new), appear(tag)]
                marks.add(new, tag)
            else:  # a short cell: no room for the change, the new value shows in the highlight colour
                new.move_to(box).set_color(PALETTE.highlight)
                anims.append(ReplacementTransform(old, new))
                marks.add(new)
        marks.add(*(old for x, old in enumerate(self.z_shown) if divmod(x, self.m) not in cells))  # the z that stayed
        return anims, marks

    def _nudge_lines(self, moved: Nudge, symbol: str, value: str) -> list:
        """The nudge, the real change of L, and the gradient's prediction, as equation lines."""
        return self.lines([
            rf"{symbol}:\ {value} \;\to\; {value} + \varepsilon,\qquad \varepsilon = {given(moved.eps)}",
            rf"L:\ {change(moved.loss_before)} \;\to\; {change(moved.loss_after)},\qquad \Delta L = {change(moved.dloss)}",
            rf"\frac{{\partial L}}{{\partial {symbol}}}\,\varepsilon = {fixed(moved.gradient)} \times {given(moved.eps)}"
            rf" = {change(moved.predicted)} \;\approx\; \Delta L",
        ])  # fmt: skip

    def _forward_again(self, moved: Nudge, line) -> Step:
        """Run forward with the nudged value: a pulse up the graph, L's node shows the new loss."""
        flow = LaggedStart(*self.graph.flow(["z", "h", "s", "y_hat", "L"]), lag_ratio=0.7)
        value = self.graph.show_value("L", [("+" if moved.dloss >= 0 else "") + change(moved.dloss)], PALETTE.highlight)
        return Step((flow, appear(line), *value), self.t(1.6), fill=True)

    def kernel_nudge(self) -> Iterator[Step]:
        """w_mn + eps: the inputs under it light, each z moves by a_ij eps, L moves by about dL/dw_mn eps."""
        n, (mm, nn), say = self.numbers, self.numbers.kernel_pos, self.phrases["kernel_nudge"]
        moved, m = n.kernel_nudge, self.m
        cells = [(i, j) for i in range(m) for j in range(m)]
        clear = self.clear_equation()
        made = self._nudge_lines(moved, f"w_{{{mm}{nn}}}", given(self.ex.w[mm, nn]))
        w_spot = spot(*self.w_grid.frame_size()).move_to(self.w_grid.square(mm, nn))
        start = (*self.retitle(f"What ∂L/∂w{mm}{nn} means · nudge w{mm}{nn}"), *clear, *self._to_z(),
                 appear(w_spot), enter(made[0]), self.graph.ring("w").animate.set_stroke(PALETTE.highlight))  # fmt: skip
        yield Step(start, self.t(1.4), say=say[0], fill=True)
        under = [spot(*self.a_grid.frame_size()).move_to(self.a_grid.square(i + mm, j + nn)) for i, j in cells]
        fan = self.graph.fan("w", cells).copy().set_stroke(PALETTE.highlight, width=6)
        yield Step((LaggedStart(*(appear(u) for u in under), lag_ratio=0.4), *(ShowPassingFlash(e, time_width=0.8) for e in fan)),
                   self.t(1.6), say=say[1], fill=True)  # fmt: skip
        anims, marks = self._moved_z(moved, cells)
        yield Step((LaggedStart(*anims, lag_ratio=0.15),), self.t(1.8), say=say[2], fill=True)
        step = self._forward_again(moved, made[1])
        yield Step(step.animations, step.run_time, say=say[3], fill=True)
        yield Step((appear(made[2]),), self.t(1.4), say=say[4], fill=True)
        self.nudge_marks = VGroup(marks, w_spot, *under, self.z_label)

    def input_nudge(self) -> Iterator[Step]:
        """a_pq + eps: only the covering windows' z move, each by the kernel entry on a_pq times eps."""
        n, (p, q), say = self.numbers, self.numbers.input_pos, self.phrases["input_nudge"]
        moved, k = n.input_nudge, self.k
        windows = list(n.input_windows)
        start = (*self.retitle(f"What ∂L/∂a{p}{q} means · nudge a{p}{q}"), *self.clear_equation(), *self.back_to_delta())
        made = self._nudge_lines(moved, f"a_{{{p}{q}}}", given(self.ex.a[p, q]))
        self.lit_input = spot(*self.a_grid.frame_size()).move_to(self.a_grid.square(p, q))
        yield Step((*start, self.graph.ring("a").animate.set_stroke(PALETTE.highlight)), self.t(0.8),
                   say=say[0], fill=False)  # fmt: skip
        yield Step((*self._to_z(), appear(self.lit_input), appear(made[0])), self.t(1.2))
        cw, ch = self.a_grid.frame_size()
        window = frame(k * cw, k * ch).move_to(self.a_grid.block(*windows[0], k))
        w_spot = spot(cw, ch).move_to(self.w_grid.square(p - windows[0][0], q - windows[0][1]))
        fan = self.graph.fan("a", windows).copy().set_stroke(PALETTE.highlight, width=6)
        for x, (i, j) in enumerate(windows):
            moves = (appear(window), appear(w_spot)) if x == 0 else (
                window.animate.move_to(self.a_grid.block(i, j, k)), w_spot.animate.move_to(self.w_grid.square(p - i, q - j)))
            yield Step((*moves, ShowPassingFlash(fan[x], time_width=0.8)), self.t(0.9), say=say[1] if x == 0 else "")
        anims, marks = self._moved_z(moved, windows)
        yield Step((vanish(window), vanish(w_spot), LaggedStart(*anims, lag_ratio=0.15)), self.t(1.8), say=say[2], fill=True)
        step = self._forward_again(moved, VGroup(made[1], made[2]))
        yield Step(step.animations, step.run_time, say=say[3], fill=True)
        self.nudge_marks = VGroup(marks, self.z_label)
