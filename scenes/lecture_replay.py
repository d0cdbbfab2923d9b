"""The lecture's training chapter: the replay paced by how much the surface moves, kept above the subtitles; the bridge to part two."""

import re
from collections.abc import Iterator

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Circumscribe, Group, Indicate, UpdateFromAlphaFunc, VGroup, config

from model.replay_pacing import change_schedule, epochs_per_second, snapshot_at
from render.palette import PALETTE
from scenes.kit import Step, appear, tex_group, text, vanish
from scenes.phrases import PHRASE_GAP
from scenes.training_beats import ReplayBeats
from scenes.voice import phrase_seconds

__all__ = ["SAFE_BOTTOM", "bridge_steps", "fit_above_subtitles", "paced_replay_steps", "sentences"]

SAFE_BOTTOM = -config.frame_height / 2 + 1.25  # scene y below which the player's subtitles sit (two lines and a margin)
_SPLITS = (0.0, 0.35, 0.75, 1.0)  # where, in surface change, the replay's three phrases begin and end


def sentences(words: str) -> tuple[str, ...]:
    """A caption cut into its sentences: each is one phrase."""
    return tuple(part for part in re.split(r"(?<=[.!?])\s+", " ".join(words.split())) if part)


def fit_above_subtitles(group, top: float = config.frame_height / 2 - 0.15) -> None:
    """Shrink `group` about its top edge (never enlarge it) so it stays between `top` and SAFE_BOTTOM."""
    shift = min(0.0, top - group.get_top()[1])
    group.shift(UP * shift)
    if group.get_bottom()[1] < SAFE_BOTTOM:
        group.scale((top - SAFE_BOTTOM) / group.height, about_point=[group.get_x(), top, 0])


class PaceTag(VGroup):
    """A note beside the epoch counter saying how fast it runs: slow where the surface moves, fast where it rests."""

    def __init__(self, rates: np.ndarray, font_size: float = 28) -> None:
        super().__init__()
        self.labels = {}
        for rate in np.unique(self._bucket(rates)):
            words = f"{rate:g} epochs a second" + (": the surface is changing" if rate <= 10 else ": little changes")
            self.labels[float(rate)] = text(words, font_size, PALETTE.highlight if rate <= 10 else PALETTE.muted)
            self.add(self.labels[float(rate)])
        self.rates = self._bucket(rates)
        for label in self.labels.values():  # all in one place; only the current one is opaque
            label.align_to(self, LEFT).set_y(self.get_y())
        self.show(0)

    @staticmethod
    def _bucket(rates: np.ndarray) -> np.ndarray:
        """Rates rounded to a few readable values (1, 2, 5, 10, 20, 50, ...), so the tag changes rarely."""
        steps = np.array([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], dtype=float)
        return steps[np.clip(np.searchsorted(steps, np.maximum(rates, 1.0) * 0.999), 0, len(steps) - 1)]

    def show(self, index: int) -> None:
        """Show the tag for the pace into snapshot `index`."""
        current = float(self.rates[index])
        for rate, label in self.labels.items():
            label.set_fill(opacity=1.0 if rate == current else 0.0)


def paced_replay_steps(replay: ReplayBeats, phrases: tuple[str, ...]) -> Iterator[Step]:
    """The replay in three phrases; each part of the run lasts its phrase, each part holds a share of the change."""
    board, run = replay.board, replay.run
    schedule = change_schedule(np.stack([snap.probs for snap in run.snapshots]))  # (frames,)
    seconds = [phrase_seconds(p) + PHRASE_GAP for p in phrases]
    epochs = np.array([snap.epoch for snap in run.snapshots])
    # seconds per unit of the schedule differ per part: the counter's pace follows from them
    rates = np.zeros(len(epochs))
    for (lo, hi), spent in zip(zip(_SPLITS, _SPLITS[1:]), seconds, strict=True):
        part = (schedule >= lo) & (schedule <= hi)
        rates[part] = epochs_per_second(schedule, epochs, spent / max(hi - lo, 1e-6))[part]
    tag = PaceTag(rates).move_to(replay.title, aligned_edge=LEFT)  # in the title's place: the chapter card named the run
    yield Step((vanish(replay.title), appear(tag)), 0.4)
    moving = Group(board.moving(), tag)
    for (lo, hi), phrase, spent in zip(zip(_SPLITS, _SPLITS[1:]), phrases, seconds, strict=True):

        def update(_group, alpha: float, lo: float = lo, hi: float = hi) -> None:
            index = snapshot_at(schedule, lo + alpha * (hi - lo))
            board.show(index)
            tag.show(index)

        yield Step((UpdateFromAlphaFunc(moving, update, rate_func=lambda t: t),), spent - PHRASE_GAP, say=phrase, fill=True)


def bridge_steps(epochs: int, phrases: tuple[str, ...], on_screen: list) -> Iterator[Step]:
    """From part one to part two: the gradient Adam used every epoch is what part two computes by hand."""
    if on_screen:
        yield Step((vanish(Group(*on_screen)),), 0.6)
    update, slope, rest, one = _bridge_formulas(epochs)
    top = VGroup(update, slope, rest).arrange(RIGHT, buff=0.15).move_to(UP * 1.8)
    one.move_to(DOWN * 1.2)
    yield Step((appear(update), appear(slope), appear(rest)), 1.2, say=phrases[0])
    yield Step((Indicate(rest, color=PALETTE.highlight, scale_factor=1.05),), 1.6)
    yield Step((Indicate(slope, color=PALETTE.highlight, scale_factor=1.15),), 1.2, say=phrases[1])
    derivation = _chain(top)
    yield Step((appear(derivation),), 1.0, say=phrases[2])
    yield Step((appear(one), Circumscribe(one, color=PALETTE.highlight)), 1.4, say=phrases[3])


def _bridge_formulas(epochs: int) -> list[VGroup]:
    return tex_group([
        r"w \;\leftarrow\; w - \text{Adam step}\Big(",
        r"\frac{\partial L}{\partial w}",
        r"\Big) \quad \text{for every weight, " + str(epochs) + r" times}",
        r"\text{part two, by hand, for one weight:}\quad \frac{\partial L}{\partial w_{00}} \;=\; ?",
    ], 44)


def _chain(above: VGroup) -> VGroup:
    chain = tex_group([r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial \hat y}\,\frac{\partial \hat y}{\partial s}\,"
                       r"\frac{\partial s}{\partial h}\cdots\frac{\partial z}{\partial w}"], 44)[0]
    return chain.next_to(above, DOWN, buff=0.7)
