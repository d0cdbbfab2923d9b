"""Play the backprop lesson without drawing a frame and record, at the end of every beat, the text on screen."""

import copy
from pathlib import Path

import numpy as np
from manim import Mobject, Text, VMobject, tempconfig

from scenes.backprop import Backprop

FRAME_X, FRAME_Y = 14.222222222222221 / 2, 4.0  # manim's frame, in units
MARGIN = 0.15  # the safe area keeps this far from the left, right and top edges
SUBTITLE_BAND = 0.12 * 2 * FRAME_Y  # the bottom 12% of the frame is left to the player's subtitles


def is_text(mob: Mobject) -> bool:
    """A piece of text or a formula the lesson placed (the kit marks them)."""
    return isinstance(mob, Text) or getattr(mob, "is_text", False)


def visible(mob: Mobject) -> bool:
    """Some part of `mob` is drawn with non-zero opacity."""
    return any(
        isinstance(m, VMobject) and m.has_points() and (m.get_fill_opacity() > 0.01 or m.get_stroke_opacity() > 0.01)
        for m in mob.get_family()
    )


def texts_on_screen(scene) -> list[Mobject]:
    """The outermost text mobjects on screen, each once."""
    found: list[Mobject] = []
    inside: set[int] = set()
    for mob in scene.get_mobject_family_members():
        if id(mob) in inside or not is_text(mob):
            continue
        inside.update(id(m) for m in mob.get_family())
        if visible(mob):
            found.append(mob)
    return found


def outside_safe_area(mob: Mobject) -> bool:
    """True when `mob` reaches the frame's margin or the subtitle band."""
    (x0, y0, _), (x1, y1, _) = mob.get_corner([-1, -1, 0]), mob.get_corner([1, 1, 0])
    return x0 < -FRAME_X + MARGIN or x1 > FRAME_X - MARGIN or y1 > FRAME_Y - MARGIN or y0 < -FRAME_Y + SUBTITLE_BAND


def _holds(outer: Mobject, inner: Mobject) -> bool:
    """`outer` (a graph node's ring or box) holds `inner` (its label or value) on purpose."""
    held = getattr(outer, "holds", None)
    held = held if isinstance(held, (list, tuple)) else [held]
    return any(inner is h or any(inner is m for m in h.get_family()) for h in held if h is not None)


def overlapping(texts: list[Mobject], tolerance: float = 0.02) -> list[tuple[Mobject, Mobject]]:
    """Pairs of text mobjects whose bounding boxes overlap by more than `tolerance` in both directions."""
    boxes = [(m.get_corner([-1, -1, 0])[:2], m.get_corner([1, 1, 0])[:2]) for m in texts]
    pairs = []
    for a in range(len(texts)):
        for b in range(a + 1, len(texts)):
            (lo1, hi1), (lo2, hi2) = boxes[a], boxes[b]
            depth = np.minimum(hi1, hi2) - np.maximum(lo1, lo2)
            held = _holds(texts[a], texts[b]) or _holds(texts[b], texts[a])
            if np.all(depth > tolerance) and not held:  # a graph node's ring or box holds its label or value on purpose
                pairs.append((texts[a], texts[b]))
    return pairs


def beat_end_states(media: Path, example: str | None = None, kernel: str = "w00", inputs: str = "a21") -> dict:
    """Run the whole scene with animations skipped; return {beat: (copies of the texts on screen, scene time)}."""
    states: dict[str, tuple[list[Mobject], float]] = {}

    class Probe(Backprop):
        example_path, kernel_target, input_target = example, kernel, inputs

        def show(self, name: str) -> None:
            super().show(name)
            states[name] = (copy.deepcopy(texts_on_screen(self)), self.time)  # as they are now: later beats move them

    settings = {"dry_run": True, "media_dir": str(media), "disable_caching": True, "progress_bar": "none", "verbosity": "WARNING"}
    with tempconfig(settings):
        Probe(skip_animations=True).render()
    return states
