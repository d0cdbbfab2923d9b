"""What the `train` command adds for the playground views: recorders, renderers and the landscape pass."""

from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
from torch import nn

from model.callbacks import SurfaceRecorder
from model.data import Dataset
from model.landscape import Landscape, landscape_directions, loss_landscape
from model.surface import Snapshot
from render.files.atomic import atomic_path
from render.gif.frames import FrameRenderer
from render.gif.stream import GifStream
from render.gif.composite import PlaygroundRenderer
from render.gif.tiles import check_tileable

__all__ = ["AUTO_BATCH", "AUTO_BATCH_ABOVE", "MAX_DRAWN_POINTS", "check_views", "make_recorder", "make_renderer", "recorded_epochs", "run_landscape", "write_replay_gif"]

MAX_DRAWN_POINTS = 2000  # points drawn in a frame (a fixed sample of bigger datasets)
AUTO_BATCH_ABOVE = 10_000  # training sets larger than this train in mini-batches by default
AUTO_BATCH = 1024


def recorded_epochs(epochs: int, every: int) -> int:
    """How many epochs a `SurfaceRecorder(every=every)` snapshots in a run of `epochs`."""
    return len({e for e in range(1, epochs + 1) if not (e - 1) % every or e == epochs})


def check_views(hidden: tuple[int, ...], neurons: bool, landscape: bool, epochs: int, every: int) -> None:
    """Refuse, before training, views that cannot be drawn."""
    if neurons:
        check_tileable(hidden)
    if landscape and recorded_epochs(epochs, every) < 2:
        raise ValueError(f"the loss landscape needs at least 2 recorded epochs. Got {recorded_epochs(epochs, every)} instead.")


def make_recorder(every: int, neurons: bool, landscape: bool, on_snapshot: Callable[[Snapshot], None] | None = None) -> SurfaceRecorder:
    """A recorder of what the chosen views draw, on a bounded sample of the points; it keeps only the last, `on_snapshot` sees each."""
    return SurfaceRecorder(every=every, units=neurons, params=neurons or landscape, max_points=MAX_DRAWN_POINTS,
                           keep=False, on_snapshot=on_snapshot)


def make_renderer(
    classes: int, hidden: tuple[int, ...], activation: str, neurons: bool, landscape: Landscape | None = None
) -> Callable[..., FrameRenderer]:
    """The renderer factory `GifWriter` calls: the plain one for binary runs, else the playground one."""
    if classes == 2 and not neurons and landscape is None:
        return FrameRenderer  # binary runs stay exactly as they always were
    return partial(PlaygroundRenderer, hidden=hidden, activation=activation, neurons=neurons, landscape=landscape)


def run_landscape(model: nn.Module, data: Dataset, start: np.ndarray, params: np.ndarray, directions: str = "pca") -> Landscape:
    """The loss landscape of the recorded path (`start` weights, then each snapshot's `params` row) on a `directions` plane."""
    trajectory = np.concatenate([np.asarray(start)[None], params])
    landscape_directions(trajectory)  # raises the clear error for a too-short path
    return loss_landscape(model, data, trajectory, directions=directions)


def write_replay_gif(
    path: str | Path, renderer: FrameRenderer, snapshots, frame_ms: int = 60, on_frame: Callable[[int], None] | None = None
) -> int:
    """Render `snapshots` in order and stream them into the GIF at `path`, written whole or not at all; return the frame count."""
    with atomic_path(path) as tmp, tmp.open("wb") as handle:
        stream = GifStream(handle, renderer.palette, frame_ms)
        for k, snap in enumerate(snapshots, start=1):
            stream.add(renderer.render(snap))
            if on_frame is not None:
                on_frame(k)
        stream.close()
    return stream.count
