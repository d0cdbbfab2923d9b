"""Reusable pieces for the tiny-CNN scenes: the numbers they show, number grids, text rows."""

import shutil
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from manim import LEFT, Animation, MathTex, Mobject, Scene, Square, Text, VGroup, VMobject

from model.conv import ConvExample, Gradient, autograd_gradients, forward, gradient, gradients, parse_target
from render.palette import PALETTE

__all__ = [
    "FONT",
    "LATEX_PACKAGES",
    "NumberGrid",
    "OpacityFade",
    "SceneNumbers",
    "Step",
    "appear",
    "beat_formulas",
    "factor",
    "fmt",
    "formulas",
    "play_steps",
    "require_latex",
    "scene_numbers",
    "spot",
    "subscript",
    "text",
    "text_row",
    "vanish",
]

LATEX_PACKAGES = (
    "texlive-latex-base texlive-latex-recommended texlive-fonts-recommended texlive-latex-extra dvisvgm"
)
FONT = "DejaVu Sans"
_SUBSCRIPTS = str.maketrans("0123456789,", "₀₁₂₃₄₅₆₇₈₉‚")


def require_latex() -> None:
    """Fail early, naming the packages to install, when `latex` is not on PATH."""
    found = {tool: shutil.which(tool) for tool in ("latex", "dvisvgm")}
    if None in found.values():
        got = ", ".join(f"{tool}: {path or 'missing'}" for tool, path in found.items())
        raise RuntimeError(
            f"the backprop scene needs latex and dvisvgm on PATH. Got {got} instead. "
            f"Install them with `apt-get install -y --no-install-recommends {LATEX_PACKAGES}`."
        )


def fmt(x: float, places: int = 4) -> str:
    """One number as it appears on screen: at most `places` decimals, a true minus sign."""
    out = f"{x:.{places}f}".rstrip("0").rstrip(".")
    if out in ("-0", ""):
        out = "0"
    return out.replace("-", "−")


def factor(x: float) -> str:
    """A number as a factor of a product: negatives in brackets."""
    return f"({fmt(x)})" if x < 0 else fmt(x)


def subscript(name: str) -> str:
    """'w00' -> 'w₀₀': a model name written with subscript indices."""
    return name[0] + name[1:].translate(_SUBSCRIPTS)


@dataclass(frozen=True)
class SceneNumbers:
    """Exactly the values the backprop scene shows, gathered from model/."""

    a: np.ndarray  # (N, N) input
    w: np.ndarray  # (K, K) kernel
    b: float  # conv bias
    v: np.ndarray  # (M*M,) head weights
    c: float  # head bias
    y: int  # label
    z: np.ndarray  # (M, M) conv outputs
    h: np.ndarray  # (M, M) sigmoid(z)
    h_flat: np.ndarray  # (M*M,) h row by row
    s: float  # head pre-activation
    y_hat: float  # sigmoid(s)
    loss: float  # binary cross-entropy
    error: float  # y_hat - y
    delta: np.ndarray  # (M, M) dL/dz
    kernel_grad: Gradient  # dL/dw_pq term by term
    kernel_pos: tuple[int, int]  # (p, q) of that kernel entry
    kernel_torch: float  # the same value from torch autograd
    input_grad: Gradient  # dL/da_rc term by term
    input_pos: tuple[int, int]  # (r, c) of that input entry
    input_torch: float  # the same value from torch autograd

    @property
    def m(self) -> int:
        """Side of the output map."""
        return int(self.z.shape[0])


def scene_numbers(ex: ConvExample, kernel_target: str = "w00", input_target: str = "a21") -> SceneNumbers:
    """Gather forward values, closed-form gradients and their autograd check for one example."""
    fwd, grads, auto = forward(ex), gradients(ex), autograd_gradients(ex)
    kernel_grad, input_grad = gradient(ex, kernel_target), gradient(ex, input_target)
    kernel_pos = parse_target(ex, kernel_grad.target)[1]
    input_pos = parse_target(ex, input_grad.target)[1]
    return SceneNumbers(
        a=ex.a, w=ex.w, b=ex.b, v=ex.v, c=ex.c, y=ex.y,
        z=fwd.z, h=fwd.h, h_flat=fwd.h_flat, s=fwd.s, y_hat=fwd.y_hat, loss=fwd.loss,
        error=grads.error, delta=grads.delta,
        kernel_grad=kernel_grad, kernel_pos=kernel_pos, kernel_torch=float(auto.dw[kernel_pos]),
        input_grad=input_grad, input_pos=input_pos, input_torch=float(auto.da[input_pos]),
    )  # fmt: skip


def _offset(letter: str, k: int) -> str:
    """'i' for an offset of 0, else 'i+k' (LaTeX)."""
    return letter if k == 0 else f"{letter}+{k}"


def beat_formulas(numbers: SceneNumbers) -> dict[str, str]:
    """The LaTeX formula each beat of the lesson shows, keyed by beat name."""
    m, (p, q), (r, c) = numbers.m, numbers.kernel_pos, numbers.input_pos
    under = rf"(i,j)\ \mathrm{{covering}}\ a_{{{r}{c}}}"
    return {
        "convolution": r"z_{ij} = \sum_{p,q} w_{pq}\, a_{i+p,\,j+q} + b",
        "sigmoid": r"h_{ij} = \sigma(z_{ij}) = \frac{1}{1 + e^{-z_{ij}}}",
        "flatten": rf"h_k = h_{{ij}}, \quad k = {m}\,i + j",
        "weighted_sum": r"s = \sum_k v_k\, h_k + c",
        "output": r"\hat y = \sigma(s) = \frac{1}{1 + e^{-s}}",
        "loss": r"L = -\big[\, y \log \hat y + (1 - y) \log(1 - \hat y) \,\big]",
        "error_signal": r"\frac{\partial L}{\partial s} = \hat y - y",
        "deltas": rf"\delta_{{ij}} = \frac{{\partial L}}{{\partial z_{{ij}}}} = (\hat y - y)\, v_k\, \sigma'(z_{{ij}}), \quad k = {m}\,i + j",
        "kernel_gradient": rf"\frac{{\partial L}}{{\partial w_{{{p}{q}}}}} = \sum_{{i,j}} \delta_{{ij}}\, a_{{{_offset('i', p)},\,{_offset('j', q)}}}",
        "input_gradient": rf"\frac{{\partial L}}{{\partial a_{{{r}{c}}}}} = \sum_{{{under}}} \delta_{{ij}}\, w_{{{r}-i,\,{c}-j}}",
    }


def text(content: str, font_size: float = 22, colour: str = PALETTE.ink) -> Text:
    """One line of on-screen text in the house font."""
    return Text(content, font=FONT, font_size=font_size, color=colour)


def formulas(texs: list[str], font_size: float = 30, colour: str = PALETTE.ink) -> list[VGroup]:
    """Symbolic formulas set by LaTeX in a single run, returned as separate groups."""
    bank = MathTex(*texs, font_size=font_size, color=colour)
    return list(bank.submobjects)


def text_row(pieces: list[str], font_size: float = 22, colour: str = PALETTE.ink, gap: str = " ") -> VGroup:
    """Pieces set as one Text (one shared baseline, one font call), split so each can be animated alone."""
    line = text(gap.join(pieces), font_size, colour)
    glyphs = list(line.submobjects)
    counts = [len("".join(piece.split())) for piece in pieces]
    if sum(counts) != len(glyphs):
        raise ValueError(f"text row must set one glyph per visible character. Got {len(glyphs)} for {sum(counts)}.")
    row, start = VGroup(), 0
    for count in counts:
        row.add(VGroup(*glyphs[start : start + count]))
        start += count
    return row


@dataclass(frozen=True)
class Step:
    """Animations played together for run_time seconds, then a wait."""

    animations: tuple[Animation, ...]
    run_time: float
    wait: float = 0.0


def play_steps(scene: Scene, steps: Iterable[Step]) -> None:
    """Play each step, first moving whatever it animates to the end of the draw order.

    The Cairo renderer redraws, every frame, each mobject from the first animated one onwards;
    keeping the animated ones last means only they are redrawn.
    """
    for step in steps:
        if step.animations:
            present = set(scene.get_mobject_family_members())
            movers = [a.mobject for a in step.animations if present.intersection(a.mobject.get_family())]
            if movers:
                scene.bring_to_front(*movers)
            scene.play(*step.animations, run_time=step.run_time)
        if step.wait:
            scene.wait(step.wait)


class OpacityFade(Animation):
    """Fade a mobject in or out by scaling its own opacities: cheap, because nothing is copied."""

    def __init__(self, mobject: Mobject, fade_in: bool = True, **kwargs) -> None:
        super().__init__(mobject, introducer=fade_in, remover=not fade_in, **kwargs)
        self.fade_in = fade_in
        self._stored: list[tuple[VMobject, np.ndarray, np.ndarray]] = []

    def create_starting_mobject(self) -> Mobject:
        return Mobject()  # the start is the stored opacities, not a copy

    def begin(self) -> None:
        family = [m for m in self.mobject.get_family() if isinstance(m, VMobject) and m.has_points()]
        self._stored = [(m, m.get_fill_rgbas().copy(), m.get_stroke_rgbas().copy()) for m in family]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        alpha = self.rate_func(alpha)  # interpolate_mobject receives the raw alpha
        level = alpha if self.fade_in else 1.0 - alpha
        for m, fill, stroke in self._stored:
            m.fill_rgbas = fill * np.array([1.0, 1.0, 1.0, level])
            m.stroke_rgbas = stroke * np.array([1.0, 1.0, 1.0, level])

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        for m, fill, stroke in self._stored:
            m.fill_rgbas, m.stroke_rgbas = fill, stroke


def appear(mobject: Mobject, **kwargs) -> OpacityFade:
    """Fade in without copying."""
    return OpacityFade(mobject, fade_in=True, **kwargs)


def vanish(mobject: Mobject, **kwargs) -> OpacityFade:
    """Fade out without copying; the mobject keeps its colours for a later return."""
    return OpacityFade(mobject, fade_in=False, **kwargs)


def spot(side: float) -> Square:
    """A highlighted square that marks the cell being talked about."""
    return Square(side, stroke_color=PALETTE.highlight, stroke_width=6).set_fill(PALETTE.highlight, opacity=0.15)


class NumberGrid(VGroup):
    """A rows x cols grid of cells, each holding one formatted value."""

    def __init__(
        self,
        values: np.ndarray,
        cell: float = 0.68,
        font_size: float = 20,
        colour: str = PALETTE.ink,
        stroke: str = PALETTE.muted,
        cell_height: float | None = None,
    ) -> None:
        super().__init__()
        values = np.atleast_2d(values)
        self.rows, self.cols = values.shape
        self.cell, self.cell_height = cell, cell_height or cell
        self.squares = VGroup()
        for i in range(self.rows):
            for j in range(self.cols):
                square = Square(1.0, stroke_color=stroke, stroke_width=2).stretch_to_fit_width(cell)
                self.squares.add(square.stretch_to_fit_height(self.cell_height).move_to(self._centre(i, j)))
        self.entries = text_row([fmt(x) for x in values.reshape(-1)], font_size, colour)
        widest = max(entry.width for entry in self.entries)
        shrink = min(1.0, 0.84 * cell / widest)
        for entry, square in zip(self.entries, self.squares):
            entry.scale(shrink).move_to(square)
        self.add(self.squares, self.entries)

    def _centre(self, i: int, j: int) -> np.ndarray:
        """Cell centre before the grid is moved: row 0 on top."""
        return np.array([j * self.cell, -i * self.cell_height, 0.0])

    def square(self, i: int, j: int) -> Square:
        """The cell at row i, column j."""
        return self.squares[i * self.cols + j]

    def entry(self, i: int, j: int) -> VGroup:
        """The value shown in the cell at row i, column j."""
        return self.entries[i * self.cols + j]

    def block_centre(self, i: int, j: int, size: int) -> np.ndarray:
        """Centre of the size x size block whose top-left cell is (i, j)."""
        last = i + size - 1, j + size - 1
        return (self.square(i, j).get_center() + self.square(*last).get_center()) / 2

    def row_labels(self, names: list[str], font_size: float = 16) -> VGroup:
        """Small muted names to the left of each row."""
        labels = text_row(names, font_size, PALETTE.muted)
        for i, label in enumerate(labels):
            label.next_to(self.square(i, 0), LEFT, buff=0.1)
        return labels
