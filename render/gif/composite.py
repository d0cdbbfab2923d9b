"""Frames beyond the binary surface: many classes, neuron tiles at the left, the loss landscape at the right."""

import numpy as np
import torch
from torch.nn import functional

from model.data import Dataset
from model.landscape import Landscape
from model.network import output_count
from model.surface import Grid, Snapshot
from model.units import TILE_RESOLUTION
from render.gif.frames import BOUNDARY, FrameRenderer
from render.gif.landscape_panel import LandscapePanel
from render.gif.wide_palette import CLASS_SHADE, SHADES, class_index, wide_palette
from render.gif.tiles import NeuronPanel

__all__ = ["WideFrameRenderer", "class_indices"]


def class_indices(probs: np.ndarray, size: int) -> np.ndarray:
    """(size, size) palette indices of (k, res, res) probabilities: the winner shaded by its probability, boundaries drawn."""
    grid = torch.as_tensor(np.asarray(probs, dtype=np.float32))
    k = grid.shape[0]
    p = functional.interpolate(grid[None], size=(size, size), mode="bilinear", align_corners=True)[0]
    conf, winner = p.max(dim=0)
    shade = ((conf - 1.0 / k) * (SHADES / (1.0 - 1.0 / k))).clamp_(0, SHADES - 1).to(torch.uint8)  # (size, size)
    w = winner.to(torch.uint8).numpy()
    index = shade.numpy() + w * np.uint8(SHADES) + np.uint8(CLASS_SHADE)
    across, down = w[:, 1:] != w[:, :-1], w[1:, :] != w[:-1, :]
    index[:, 1:][across] = BOUNDARY
    index[:, :-1][across] = BOUNDARY
    index[1:, :][down] = BOUNDARY
    index[:-1, :][down] = BOUNDARY
    return index


class WideFrameRenderer(FrameRenderer):
    """A `FrameRenderer` that also draws k > 2 classes, neuron tiles (`hidden`) and a loss landscape."""

    def __init__(
        self,
        grid: Grid,
        data: Dataset,
        epochs: int,
        size: int = 480,
        *,
        hidden: tuple[int, ...] = (),
        activation: str = "tanh",
        neurons: bool = False,
        landscape: Landscape | None = None,
    ) -> None:
        self.classes = data.classes  # read by _static_points during the base class's set-up
        super().__init__(grid, data, epochs, size)
        self.palette = wide_palette()
        lay = self.layout
        self.neurons = NeuronPanel(hidden, activation, output_count(self.classes), size, lay.header + 14, TILE_RESOLUTION) if neurons else None
        self.landscape = LandscapePanel(landscape, size, lay.header + 14) if landscape is not None else None
        self._count = 0  # frames drawn: the landscape path advances one recorded point per frame

    def _point_colours(self, y: np.ndarray) -> np.ndarray:
        return super()._point_colours(y) if self.classes == 2 else class_index(y)

    def _surface(self, frame: np.ndarray, probs: np.ndarray) -> None:
        if probs.ndim == 2:
            return super()._surface(frame, probs)
        lay = self.layout
        frame[lay.header :, lay.left : lay.left + lay.plot] = class_indices(probs, lay.plot)

    def render(self, snap: Snapshot, path_index: int | None = None) -> np.ndarray:
        """One frame for `snap`: [tiles |] surface [| landscape at path point `path_index`, by default one more per frame]."""
        frame = super().render(snap)
        parts = [frame]
        if self.neurons is not None:
            if snap.units is None or snap.params is None:
                raise ValueError("neuron tiles need snapshots with unit activations and weights. Got a snapshot without them.")
            parts.insert(0, self.neurons.render(snap.units, snap.params))
        if self.landscape is not None:
            self._count += 1
            point = self._count if path_index is None else path_index
            parts.append(self.landscape.render(min(point, len(self.landscape.points) - 1)))
        return np.ascontiguousarray(np.concatenate(parts, axis=1)) if len(parts) > 1 else frame


