"""Neuron tiles and the loss landscape beside the training replay, drawn by render/ from the recorded numbers."""

import numpy as np
from manim import RIGHT, Group, ImageMobject

from model.units import TILE_RESOLUTION
from render.landscape_panel import LandscapePanel
from render.snapshots import SnapshotRun
from render.tiles import MAX_LAYERS, MAX_UNITS, NeuronPanel

__all__ = ["ReplayPanels"]


def _rgba(indices: np.ndarray, palette: np.ndarray) -> np.ndarray:
    out = np.empty((*indices.shape, 4), dtype=np.uint8)
    out[..., :3] = palette[indices]
    out[..., 3] = 255
    return out


class ReplayPanels(Group):
    """The run's neuron tiles (by layer, edges by weight) and loss landscape (path so far); `show(k)` moves to snapshot k."""

    def __init__(self, run: SnapshotRun, height: float = 2.6, pixels: int = 320) -> None:
        from render.playground_palette import playground_palette

        super().__init__()
        self.run, self._index = run, 0
        self._palette = np.frombuffer(playground_palette(), dtype=np.uint8).reshape(-1, 3)
        top = max(16, round(pixels * 0.08))
        outputs = 1 if run.data.classes == 2 else run.data.classes
        self.tiles = self.landscape = None
        self._tiles = NeuronPanel(run.hidden, run.activation or "tanh", outputs, pixels, top, TILE_RESOLUTION) if self.has_tiles(run) else None
        self._landscape = LandscapePanel(run.landscape, pixels, top) if run.landscape is not None else None
        if self._tiles is not None:
            self.tiles = ImageMobject(self._tile_pixels(0))
            self.tiles.height = height
            self.add(self.tiles)
        if self._landscape is not None:
            self.landscape = ImageMobject(_rgba(self._landscape.render(1), self._palette))
            self.landscape.height = height
            self.add(self.landscape)
        self.arrange(RIGHT, buff=0.25)

    @staticmethod
    def has_tiles(run: SnapshotRun) -> bool:
        """Whether the run recorded unit activations and weights of a network narrow enough to tile."""
        snap = run.snapshots[0] if run.snapshots else None
        narrow = bool(run.hidden) and len(run.hidden) <= MAX_LAYERS and max(run.hidden) <= MAX_UNITS
        return narrow and snap is not None and snap.units is not None and snap.params is not None

    @classmethod
    def available(cls, run: SnapshotRun) -> bool:
        """Whether the run has anything for the panels to show."""
        return cls.has_tiles(run) or run.landscape is not None

    def _tile_pixels(self, index: int) -> np.ndarray:
        snap = self.run.snapshots[index]
        return _rgba(self._tiles.render(snap.units, snap.params), self._palette)

    def show(self, index: int) -> None:
        """Display snapshot `index`: its tiles, and the landscape path up to it."""
        if index == self._index:
            return
        self._index = index
        if self.tiles is not None:
            self.tiles.pixel_array = self._tile_pixels(index)
        if self.landscape is not None:
            self.landscape.pixel_array = _rgba(self._landscape.render(index + 1), self._palette)
