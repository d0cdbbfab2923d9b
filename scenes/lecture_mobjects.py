"""Pieces only the lecture needs: the title card, the fully-connected network, the closing summary."""

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Animation,
    Circle,
    Create,
    FadeIn,
    LaggedStart,
    Line,
    Text,
    ShowPassingFlash,
    VGroup,
    Write,
)

from model.scene_numbers import SceneNumbers
from render.formulas import GRADIENT_FORMULAS
from render.palette import PALETTE
from scenes.kit import FONT, fmt, tex_group, text

__all__ = ["NetworkDiagram", "summary_card", "title_card", "write_rows"]


def title_card(title: str, subtitle: str, chapters: list[str]) -> VGroup:
    """Title, subtitle and the numbered list of chapters, centred."""
    head = text(title, font_size=46)
    sub = text(subtitle, font_size=24, colour=PALETTE.forward)
    listing = "\n".join(f"{k}. {name}" for k, name in enumerate(chapters, 1))
    items = Text(listing, font=FONT, font_size=20, color=PALETTE.muted, line_spacing=1.2)
    return VGroup(head, sub, items).arrange(DOWN, buff=0.45)


class NetworkDiagram(VGroup):
    """Neurons and connections of a fully-connected network, one column per layer."""

    def __init__(self, widths: tuple[int, ...], activation: str, height: float = 5.0, spacing: float = 2.6) -> None:
        super().__init__()
        step = min(0.32, height / max(max(widths) - 1, 1))
        self.layers = VGroup()
        for k, width in enumerate(widths):
            column = VGroup(*(Circle(radius=min(0.11, step * 0.38)) for _ in range(width)))
            column.arrange(DOWN, buff=step - 2 * min(0.11, step * 0.38)).move_to(RIGHT * k * spacing)
            colour = PALETTE.forward if 0 < k < len(widths) - 1 else PALETTE.ink
            column.set_stroke(colour, width=2).set_fill(PALETTE.screen, opacity=1)
            self.layers.add(column)
        self.edges = VGroup(*(self._connect(a, b) for a, b in zip(self.layers[:-1], self.layers[1:], strict=True)))
        self.captions = self._captions(widths, activation)
        self.add(self.edges, self.layers, self.captions)
        self.move_to(np.zeros(3))

    @staticmethod
    def _connect(left: VGroup, right: VGroup) -> VGroup:
        lines = [Line(a.get_right(), b.get_left()) for a in left for b in right]
        return VGroup(*lines).set_stroke(PALETTE.muted, width=0.8, opacity=0.45)

    def _captions(self, widths: tuple[int, ...], activation: str) -> VGroup:
        names = [f"input\n{widths[0]}: x₁, x₂"]
        names += [f"Linear {a}→{b}\n+ {activation}" for a, b in zip(widths[:-2], widths[1:-1], strict=True)]
        names.append(f"Linear {widths[-2]}→1\nlogit → σ → p")
        labels = VGroup()
        for column, name in zip(self.layers, names, strict=True):
            labels.add(text(name, font_size=18, colour=PALETTE.muted).next_to(column, DOWN, buff=0.3))
        bottom = min(label.get_bottom()[1] for label in labels)
        for label in labels:
            label.shift(UP * (bottom - label.get_bottom()[1]))  # one baseline for all captions
        return labels

    def make_build_animation(self) -> Animation:
        """Draw the layers left to right, then the connections, then the captions."""
        return LaggedStart(
            LaggedStart(*(Create(column) for column in self.layers), lag_ratio=0.3),
            Create(self.edges, lag_ratio=0.002),
            FadeIn(self.captions),
            lag_ratio=0.5,
        )

    def make_forward_animation(self) -> Animation:
        """A pulse of activity flowing through the connections, layer by layer."""
        flashes = [
            ShowPassingFlash(group.copy().set_stroke(PALETTE.forward, width=2.5, opacity=1), time_width=0.6)
            for group in self.edges
        ]
        return LaggedStart(*flashes, lag_ratio=0.7)


def summary_card(numbers: SceneNumbers) -> VGroup:
    """The formulas of the lesson, then the example's two gradients beside torch autograd."""
    kernel = numbers.kernel_grad
    inp = numbers.input_grad
    texs = [f"{lhs} = {rhs}" for lhs, rhs in GRADIENT_FORMULAS.values()]
    rows = VGroup(
        text("What to remember", font_size=34),
        *tex_group(texs, 32),  # one LaTeX run for the three
        *(
            text(f"this example:  dL/d{g.target} = {fmt(g.value)}    torch autograd: {fmt(check)}", 22,
                 PALETTE.check if agree else PALETTE.mismatch)  # green only when model/ found them equal
            for g, check, agree in ((kernel, numbers.kernel_torch, numbers.kernel_agrees),
                                    (inp, numbers.input_torch, numbers.input_agrees))
        ),
    )
    return rows.arrange(DOWN, buff=0.42)


def write_rows(card: VGroup) -> Animation:
    """Write a card's rows one after another."""
    return LaggedStart(*(Write(row) for row in card), lag_ratio=0.6)
