"""A training callback that turns each epoch's decision surface into a frame of a looping GIF."""

import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import imageio.v3 as iio
import numpy as np

from model.callbacks import Callback, SurfaceRecorder
from render.files.atomic import atomic_path
from render.gif.frames import FrameRenderer, gif_palette
from render.gif.stream import GifStream

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

    # Frames are encoded as they come, straight into the file's temporary (memory stays flat in epochs,
    # and the file appears whole when training stops); `keep_frames` also keeps the
    # palette-indexed arrays in `frames`, for tests. `recorder` and `make_renderer` swap in a recorder
    # that records more (neuron activations, weights) and a renderer that draws it.

    def __init__(
        self,
        path: str | Path,
        every: int = 1,
        size: int = 480,
        frame_ms: int = 60,
        on_frame: Callable[[int], None] | None = None,
        *,
        keep_frames: bool = False,
        recorder: SurfaceRecorder | None = None,
        make_renderer: Callable[..., FrameRenderer] | None = None,
    ) -> None:
        self.path = Path(path)
        self.recorder = recorder or SurfaceRecorder(every=every)
        self.size, self.frame_ms, self.on_frame = size, frame_ms, on_frame
        self.keep_frames, self.make_renderer = keep_frames, make_renderer or FrameRenderer
        self.frames: list[np.ndarray] = []
        self.frame_count = 0
        self._renderer: FrameRenderer | None = None
        self._stream: GifStream | None = None
        self._file = ExitStack()  # the open temporary, moved into place by on_train_end

    def on_train_start(self, model, data):
        self.recorder.on_train_start(model, data)
        self.frames, self.frame_count = [], 0
        self._renderer, self._stream = None, None

    def on_epoch_end(self, model, data, metrics):
        before = self.recorder.count
        self.recorder.on_epoch_end(model, data, metrics)
        if self.recorder.count == before:
            return
        if self._renderer is None:
            self._renderer = self.make_renderer(self.recorder.grid, self.recorder.view, metrics.epochs, self.size)
            self._file = ExitStack()  # a fresh one per run
            handle = self._file.enter_context(self._file.enter_context(atomic_path(self.path)).open("wb"))
            self._stream = GifStream(handle, self._renderer.palette, self.frame_ms)
        frame = self._renderer.render(self.recorder.last)
        try:
            self._stream.add(frame)  # encoded and written now: nothing of it stays in memory
        except BaseException:
            self._file.__exit__(*sys.exc_info())  # drop the temporary, then raise
            raise
        self.frame_count += 1
        if self.keep_frames:
            self.frames.append(frame)
        if self.on_frame is not None:
            self.on_frame(self.frame_count)

    def on_train_end(self, model, data):
        if self.frame_count:  # also after a divergence: the frames so far are worth seeing
            with self._file:  # closes the file, then moves it into place (or drops it if closing failed)
                self._stream.close()
