"""Pieces only the lecture needs: title, part and chapter cards, the fully-connected network, the summary."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Circle,
    Create,
    FadeIn,
    LaggedStart,
    Line,
    Mobject,
    RoundedRectangle,
    Text,
    ShowPassingFlash,
    VGroup,
    Write,
    config,
)

from model.scene_numbers import SceneNumbers
from render.text.formulas import GRADIENT_FORMULAS
from render.palette import PALETTE
from render.text.numbers import fixed
from scenes.cnn_mobjects import verdict_mark
from scenes.kit import FONT, tex_group, text

__all__ = ["MAX_EDGES", "NetworkDiagram", "card", "notes_beside", "summary_card", "title_card", "write_rows"]

MAX_EDGES = 400  # connections drawn at most; beyond this a fixed sample, and the caption says so


def card(kicker: str, title: str, width: float = 11.0) -> VGroup:
    """A chapter card filling the screen: a small line above a large title, on a panel."""
    head = text(kicker, font_size=30, colour=PALETTE.muted)
    body = text(title, font_size=52, colour=PALETTE.accent)
    words = VGroup(head, body).arrange(DOWN, buff=0.3)
    panel = RoundedRectangle(corner_radius=0.2, width=max(width, words.width + 1.2), height=words.height + 1.0)
    panel.set_fill(PALETTE.card, opacity=1).set_stroke(PALETTE.muted, width=1, opacity=0.5)
    return VGroup(panel, words.move_to(panel))


def notes_beside(lines: list[str], surface: Mobject) -> tuple[VGroup, float]:
    """The data chapter's notes at their size right of `surface`, which moves left (by the distance returned) to make room."""
    frame = getattr(surface, "frame", surface)  # the square the points lie in
    block = VGroup(*(text(line, font_size=28) for line in lines)).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
    right = config.frame_width / 2 - 0.3
    need = frame.get_right()[0] + 0.6 + block.width - right
    shift = min(max(need, 0.0), frame.get_left()[0] + config.frame_width / 2 - 0.2)  # never past the frame's left edge
    surface.shift(LEFT * shift)
    block.next_to(frame, RIGHT, buff=0.6)
    if block.width > right - block.get_left()[0]:  # a very long caption: shrink to stay inside the frame
        block.scale_to_fit_width(right - block.get_left()[0]).next_to(frame, RIGHT, buff=0.6)
    return block, shift


def title_card(title: str, subtitle: str, chapters: list[str]) -> VGroup:
    """Title, subtitle and the numbered list of chapters, centred."""
    head = text(title, font_size=56)
    sub = text(subtitle, font_size=30, colour=PALETTE.muted)
    listing = "\n".join(f"{k}. {name}" for k, name in enumerate(chapters, 1))
    items = Text(listing, font=FONT, font_size=28, color=PALETTE.muted, line_spacing=1.1)
    return VGroup(head, sub, items).arrange(DOWN, buff=0.4)


class NetworkDiagram(VGroup):
    """Neurons and connections of a fully-connected network, one column per layer, captions centred below."""

    def __init__(self, widths: tuple[int, ...], activation: str, height: float = 3.6, spacing: float = 3.4) -> None:
        super().__init__()
        step = min(0.32, height / max(max(widths) - 1, 1))
        radius = min(0.11, step * 0.38)
        self.layers = VGroup()
        for k, width in enumerate(widths):
            column = VGroup(*(Circle(radius=radius) for _ in range(width)))
            column.arrange(DOWN, buff=step - 2 * radius).move_to(RIGHT * k * spacing)
            colour = PALETTE.forward if 0 < k < len(widths) - 1 else PALETTE.ink
            column.set_stroke(colour, width=2).set_fill(PALETTE.screen, opacity=1)
            self.layers.add(column)
        pairs = [(a, b) for left, right in zip(self.layers[:-1], self.layers[1:], strict=True) for a in left for b in right]
        self.total_edges = len(pairs)
        self.edges = self._connect(pairs, widths)
        self.captions = self._captions(widths, activation)
        self.add(self.edges, self.layers, self.captions)
        self.move_to(np.zeros(3))

    def _connect(self, pairs: list, widths: tuple[int, ...]) -> VGroup:
        """Centre-to-centre lines under the circles; a fixed sample past MAX_EDGES; faint enough not to alias."""
        keep = np.sort(np.random.default_rng(0).choice(len(pairs), MAX_EDGES, replace=False)) if len(pairs) > MAX_EDGES else range(len(pairs))
        groups = VGroup(*(VGroup() for _ in widths[1:]))
        first = {id(circle): k for k, layer in enumerate(self.layers[:-1]) for circle in layer}
        for index in keep:
            a, b = pairs[index]
            groups[first[id(a)]].add(Line(a.get_center(), b.get_center()))
        for group in groups:  # denser fans fainter, so crossings do not add up to a moiré
            group.set_stroke(PALETTE.connection, width=1.6, opacity=float(np.clip(3.5 / np.sqrt(max(len(group), 1)), 0.15, 0.6)))
        return groups

    def _captions(self, widths: tuple[int, ...], activation: str) -> VGroup:
        names = [f"input\n{widths[0]}: x₁, x₂"]
        names += [f"Linear {a}→{b}\n+ {activation}" for a, b in zip(widths[:-2], widths[1:-1], strict=True)]
        if widths[-1] == 1:  # two classes: one logit, the class-1 probability
            names.append(f"Linear {widths[-2]}→1\nlogit → σ → p")
        else:
            names.append(f"Linear {widths[-2]}→{widths[-1]}\n{widths[-1]} logits → softmax → p")
        labels = VGroup()
        top = min(column.get_bottom()[1] for column in self.layers) - 0.3
        for column, name in zip(self.layers, names, strict=True):
            lines = VGroup(*(text(line, font_size=28, colour=PALETTE.muted) for line in name.split("\n")))
            lines.arrange(DOWN, buff=0.12)  # each line centred on its own: one column, one axis
            labels.add(lines.move_to([column.get_x(), top - lines.height / 2, 0]))
        if self.total_edges > MAX_EDGES:
            note = f"{MAX_EDGES} of {self.total_edges:,} connections drawn"
            labels.add(text(note, font_size=28, colour=PALETTE.muted).next_to(labels, DOWN, buff=0.25))
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


def summary_card(numbers: SceneNumbers, bottom: float) -> VGroup:
    """Heading at the top; below it, down to `bottom`: the three formulas, both answers beside torch autograd's values.

    Rows: [0] the heading, [1:4] the formulas, [4:6] the answers, [6] the verdict: a mark beside each autograd value.
    """
    texs = [f"{lhs} = {rhs}" for lhs, rhs in GRADIENT_FORMULAS.values()]
    for grad, torch_value in ((numbers.kernel_grad, numbers.kernel_torch), (numbers.input_grad, numbers.input_torch)):
        name = f"{grad.target[0]}_{{{grad.target[1:]}}}"
        texs.append(rf"\frac{{\partial L}}{{\partial {name}}} = {fixed(grad.value)} \qquad \text{{torch autograd: }} {{{fixed(torch_value)}}}")  # braces: a sign, not a minus
    heading = text("What to remember", font_size=40).to_edge(UP, buff=0.35)
    body = VGroup(*tex_group(texs, 42)).arrange(DOWN, buff=0.15)  # one LaTeX run for all five
    body[4].align_to(body[3], LEFT)  # the two answers in columns: their = signs and autograd's values line up
    marks = VGroup(*(verdict_mark(ok, 0.4) for ok in (numbers.kernel_agrees, numbers.input_agrees)))  # model/ compared them
    for mark, row in zip(marks, body[3:], strict=True):
        mark.next_to(row, RIGHT, buff=0.3)
    block, top = VGroup(body, marks), heading.get_bottom()[1] - 0.2
    block.scale(min(1.0, (top - bottom) / block.height, 12.4 / block.width)).move_to([0, (top + bottom) / 2, 0])
    return VGroup(heading, *body, marks)


def write_rows(card: VGroup) -> Animation:
    """Write a card's rows one after another."""
    return LaggedStart(*(Write(row) for row in card), lag_ratio=0.6)
