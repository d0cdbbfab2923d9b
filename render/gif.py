"""A training callback that turns each epoch's decision surface into a frame of a looping GIF."""

from collections.abc import Callable
from pathlib import Path

import imageio.v3 as iio
import numpy as np

from model.callbacks import Callback, SurfaceRecorder
from render.atomic import atomic_path
from render.frames import FrameRenderer, gif_palette

__all__ = ["GifWriter", "write_gif"]


def write_gif(path: str | Path, frames: list[np.ndarray], frame_ms: int = 60, hold_ms: int = 1500) -> None:
    """Encode palette-indexed frames (size, size) uint8 into a looping GIF, atomically."""
    if not frames:
        raise ValueError("a GIF needs at least one frame. Got none instead.")
    durations = [frame_ms] * (len(frames) - 1) + [max(frame_ms, hold_ms)]  # linger on the result
    if len(frames) == 1:  # Pillow takes a list of durations only for several frames
        durations = durations[0]
    # Encode in memory, then write: a full disk fails at our write, not inside imageio, whose clean-up re-encodes.
    encoded = iio.imwrite("<bytes>", np.stack(frames), extension=".gif", palette=gif_palette(),
                          duration=durations, loop=0, optimize=True)
    with atomic_path(path) as tmp:
        tmp.write_bytes(encoded)


class GifWriter(Callback):
    """Snapshot the surface every `every` epochs, draw a frame of it, and write the GIF when training stops."""

    def __init__(
        self,
        path: str | Path,
        every: int = 1,
        size: int = 480,
        frame_ms: int = 60,
        on_frame: Callable[[int], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.recorder = SurfaceRecorder(every=every)
        self.size, self.frame_ms, self.on_frame = size, frame_ms, on_frame
        self.frames: list[np.ndarray] = []
        self._renderer: FrameRenderer | None = None

    def on_train_start(self, model, data):
        self.recorder.on_train_start(model, data)
        self.frames = []
        self._renderer = None

    def on_epoch_end(self, model, data, metrics):
        before = len(self.recorder.snapshots)
        self.recorder.on_epoch_end(model, data, metrics)
        if len(self.recorder.snapshots) == before:
            return
        if self._renderer is None:
            self._renderer = FrameRenderer(self.recorder.grid, data, metrics.epochs, self.size)
        self.frames.append(self._renderer.render(self.recorder.snapshots[-1]))
        if self.on_frame is not None:
            self.on_frame(len(self.frames))

    def on_train_end(self, model, data):
        if self.frames:  # also after a divergence: the frames so far are worth seeing
            write_gif(self.path, self.frames, self.frame_ms)
