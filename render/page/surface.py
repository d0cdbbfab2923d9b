"""What the page needs to read the decision surface under the pointer: where it sits in a frame, and its probabilities."""

import base64

import numpy as np

from model.surface import Snapshot
from render.gif.composite import WideFrameRenderer
from render.palette import PALETTE

__all__ = ["PROB_SCALE", "encode_probs", "surface_data"]

PROB_SCALE = 65535  # probabilities travel as uint16 p * PROB_SCALE: 1.5e-5 apart, far below the shown 0.1 %


def encode_probs(probs: np.ndarray) -> str:
    """A snapshot's surface, (res, res) p(class 1) or (k, res, res) per class, as base64 little-endian uint16."""
    q = np.rint(np.clip(probs, 0.0, 1.0) * PROB_SCALE).astype("<u2")
    return base64.b64encode(q.tobytes()).decode("ascii")


def surface_data(renderer: WideFrameRenderer, snaps: list[Snapshot], frame_shape: tuple[int, int]) -> dict:
    """The surface's square inside a frame (pixels), the grid it samples, the class colours and each frame's probabilities."""
    lay, grid = renderer.layout, renderer.layout.grid
    left = (renderer.neurons.width if renderer.neurons is not None else 0) + lay.left
    classes = renderer.classes
    return {
        "left": left, "top": lay.header, "side": lay.plot, "width": int(frame_shape[1]), "height": int(frame_shape[0]),
        "grid": [grid.xmin, grid.xmax, grid.ymin, grid.ymax, grid.resolution],
        "classes": classes, "colours": list(PALETTE.classes(classes)), "scale": PROB_SCALE,
        "probs": [encode_probs(s.probs) for s in snaps],  # two classes: p(class 1) alone, the page takes 1 - p
    }
