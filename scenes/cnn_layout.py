"""Where the tiny-CNN lesson puts things: the grids, the graph strip, the title, the equation lines; each beat's phrases."""

import numpy as np
from manim import DOWN, LEFT, UL, Animation, VGroup

from model.scene_numbers import SceneNumbers
from render.palette import PALETTE
from render.text.numbers import change, fixed, given
from scenes.cnn_graph import Graph
from scenes.cnn_mobjects import TEX_SIZE, NumberGrid
from scenes.kit import FIRST_HALF, FLOOR, SECOND_HALF, appear, tex_group, text, vanish
from scenes.script import BACKPROP

__all__ = ["LessonLayout", "beat_facts", "largest_input"]

_LEFT, _RIGHT = -6.9, 3.61  # the main area; the graph strip lives right of it
_EQUATION_RIGHT = 3.51  # equation lines end before the graph
_INDEX, _GAP = 0.3, 0.2  # room for row numbers left of a grid, and between grids
_CELL_W, _SIGNED_W, _CELL_H, _MAP_W = 0.74, 1.0, 0.68, 1.7  # input or kernel cells (wider with a minus); z, h, delta cells
_MIN_SCALE = 0.58  # below this the numbers are too small to read


def beat_facts(numbers: SceneNumbers) -> dict[str, object]:
    """The numbers the script's {placeholders} name, formatted as the screen shows them."""
    ex, fwd, (mm, nn), (p, q) = numbers.example, numbers.fwd, numbers.kernel_pos, numbers.input_pos
    kn, inn = numbers.kernel_nudge, numbers.input_nudge
    return {
        "n": ex.n, "k": ex.k, "m": numbers.m, "y": ex.y, "pad": ex.k - 1, "windows": len(numbers.input_windows),
        "positions": numbers.m * numbers.m,
        "kernel": f"w{mm}{nn}", "input": f"a{p}{q}", "row": p, "col": q,
        "z00": fixed(fwd.z[0, 0]), "h00": fixed(fwd.h[0, 0]), "s": fixed(fwd.s), "y_hat": fixed(fwd.y_hat),
        "dl_dyhat": fixed(numbers.dl_dyhat), "error": fixed(numbers.grads.error),
        "eps": given(kn.eps), "kernel_dloss": change(kn.dloss), "kernel_pred": change(kn.predicted),
        "input_dloss": change(inn.dloss), "input_pred": change(inn.predicted),
        "kernel_value": fixed(numbers.kernel_grad.value), "input_value": fixed(numbers.input_grad.value),
        "w_before": given(ex.w[mm, nn]), "w_after": fixed(numbers.stepped.w[mm, nn]),
        "eta": given(ex.eta), "loss": fixed(fwd.loss), "loss_after": fixed(numbers.loss_after),
    }  # fmt: skip


def _cell_w(values: np.ndarray) -> float:
    """An input or kernel cell's width: room for a minus sign only where a value has one."""
    return _SIGNED_W if np.any(np.asarray(values) < 0) else _CELL_W


def _scale(n: int, k: int, a_w: float = _SIGNED_W, w_w: float = _SIGNED_W) -> float:
    """How much the grids must shrink so input, kernel and map fit side by side."""
    room = _RIGHT - _LEFT - 3 * _INDEX - 2 * _GAP
    return min(1.0, room / (n * a_w + k * w_w + (n - k + 1) * _MAP_W))


def largest_input(k: int) -> int:
    """The largest input side the lesson lays out legibly for a k x k kernel."""
    n = k + 1
    while _scale(n + 1, k) >= _MIN_SCALE:
        n += 1
    return n


class LessonLayout:
    """The lesson's mobjects and the helpers every beat uses; the beats themselves are mixins."""

    def __init__(self, numbers: SceneNumbers, pace: float = 1.0) -> None:
        ex = numbers.example
        self.numbers, self.pace, self.ex = numbers, pace, ex
        self.n, self.k, self.m = ex.n, ex.k, ex.m
        a_w, w_w = _cell_w(ex.a), _cell_w(ex.w)
        self.scale = s = _scale(ex.n, ex.k, a_w, w_w)
        if s < _MIN_SCALE:
            raise ValueError(
                f"the backprop scene lays out inputs up to {largest_input(ex.k)}x{largest_input(ex.k)} "
                f"for a {ex.k}x{ex.k} kernel. Got {ex.n}x{ex.n} instead."
            )
        self.size = TEX_SIZE * s
        map_cell = (_MAP_W * s, ex.n * _CELL_H * s / ex.m)
        self.a_grid = NumberGrid(self._given(ex.a), (a_w * s, _CELL_H * s), "input a", s)
        self.w_grid = NumberGrid(self._given(ex.w), (w_w * s, _CELL_H * s), "kernel w", s)
        self.z_grid = NumberGrid(self._computed(numbers.fwd.z), map_cell, "z", s, PALETTE.forward)
        self.h_grid = NumberGrid(self._computed(numbers.fwd.h), map_cell, "h = σ(z)", s, PALETTE.forward)
        tags = [f"k = {k}" for k in range(ex.m * ex.m)]
        self.hk_grid = NumberGrid(self._computed(numbers.fwd.h), map_cell, "h read as hₖ", s, PALETTE.forward, tags)
        self.delta_grid = NumberGrid(self._computed(numbers.grads.delta), map_cell, "δ = ∂L/∂z", s, PALETTE.gradient)
        x, top = _LEFT + _INDEX, 2.9
        for grid in (self.a_grid, self.w_grid, self.z_grid):
            grid.shift(np.array([x, top, 0]) - grid.squares.get_corner(UL))
            x = grid.squares.get_right()[0] + _GAP + _INDEX
        for grid in (self.h_grid, self.hk_grid, self.delta_grid):
            grid.move_to(self.z_grid)
        self.b_line = self.tex([f"b = {given(ex.b)}"])[0].next_to(self.w_grid.name, DOWN, buff=0.2)
        self.b_line.align_to(self.w_grid.name, LEFT)
        self.graph = Graph(ex.m)
        facts = beat_facts(numbers)
        self.phrases = {name: tuple(p.format(**facts) for p in phrases) for name, phrases in BACKPROP.items()}
        self.equation_top = min(self.a_grid.name.get_bottom()[1], self.b_line.get_bottom()[1]) - 0.18
        self.title: VGroup | None = None
        self.equation = VGroup()
        self.edge_labels = VGroup()

    # --- numbers as LaTeX ---------------------------------------------------------------------------

    @staticmethod
    def _given(values: np.ndarray) -> list[list[str]]:
        return [[given(x) for x in row] for row in np.atleast_2d(values)]

    @staticmethod
    def _computed(values: np.ndarray) -> list[list[str]]:
        return [[fixed(x) for x in row] for row in np.atleast_2d(values)]

    def tex(self, texs: list[str], colour: str = PALETTE.ink, scale: float = 1.0) -> list[VGroup]:
        """Formulas at the lesson's size, set in one LaTeX run."""
        return tex_group(texs, self.size * scale, colour)

    def t(self, seconds: float) -> float:
        """A run time at the lesson's pace."""
        return seconds * self.pace

    # --- title and equation lines ------------------------------------------------------------------

    def retitle(self, content: str) -> list[Animation]:
        """Swap the title in the top-left corner."""
        new = text(content, 30).move_to([_LEFT, 3.55, 0], aligned_edge=LEFT)
        old, self.title = self.title, new
        return [appear(new)] if old is None else [vanish(old, rate_func=FIRST_HALF), appear(new, rate_func=SECOND_HALF)]

    def clear_equation(self) -> list[Animation]:
        """Fade the equation lines of the previous beat."""
        old, self.equation = self.equation, VGroup()
        return [vanish(old, rate_func=FIRST_HALF)] if len(old) else []

    def lines(self, texs: list[str], colour: str = PALETTE.ink, top: float | None = None, x: float = _LEFT) -> list[VGroup]:
        """Equation lines, left-aligned under the grids, one below the other; they join the equation area."""
        made = self.tex(texs, colour)
        y = self.below() if top is None else top
        for line in made:
            if line.width > _EQUATION_RIGHT - x:
                line.scale((_EQUATION_RIGHT - x) / line.width)
            line.move_to([x, y, 0], aligned_edge=LEFT + np.array([0, 1, 0]))
            y = line.get_bottom()[1] - 0.17 * self.scale
        self.equation.add(*made)
        return made

    def terms(self, rows: list[list[str]], colour: str = PALETTE.ink, top: float | None = None, indent: bool = True) -> list[VGroup]:
        """A long sum set in one LaTeX run, one list of pieces a line; later lines start under the first term.

        Without `indent` the pieces are separate equations: lines start at the left, pieces stand apart.
        """
        made = self.tex([piece for row in rows for piece in row], colour)
        gap = (0.16 if indent else 0.7) * self.scale
        shift = made[0].width + gap if indent and len(rows) > 1 else 0.0
        y, start = (self.below() if top is None else top), 0
        for number, row in enumerate(rows):
            line = VGroup(*made[start : start + len(row)]).arrange(np.array([1, 0, 0]), buff=gap)
            start_x = _LEFT + (shift if number and line.width + shift <= _EQUATION_RIGHT - _LEFT else 0.0)
            if line.width > _EQUATION_RIGHT - start_x:
                line.scale((_EQUATION_RIGHT - start_x) / line.width)
            line.move_to([start_x, y, 0], aligned_edge=LEFT + np.array([0, 1, 0]))
            y, start = line.get_bottom()[1] - 0.17 * self.scale, start + len(row)
        self.equation.add(*made)
        return made

    def below(self) -> float:
        """The top of the next equation line."""
        return self.equation[-1].get_bottom()[1] - 0.17 * self.scale if len(self.equation) else self.equation_top

    @staticmethod
    def paren(value: str) -> str:
        """A number as a factor: negatives in brackets."""
        return f"({value})" if value.startswith("-") else value

    @property
    def floor(self) -> float:
        """Lowest y anything may reach: the subtitle band starts below it."""
        return FLOOR

    @property
    def left(self) -> float:
        """Left edge of the main area."""
        return _LEFT

    @property
    def right(self) -> float:
        """Right edge of the main area's text: the graph strip is beyond it."""
        return _EQUATION_RIGHT
