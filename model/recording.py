"""What a training run records for its pictures: the batch size it trains with, the recorder, the landscape of its path."""

import numpy as np
from torch import nn

from collections.abc import Callable

from model.callbacks import SurfaceRecorder
from model.data import Dataset
from model.landscape import Landscape, landscape_directions, loss_landscape
from model.surface import Snapshot

__all__ = ["AUTO_BATCH", "AUTO_BATCH_ABOVE", "MAX_DRAWN_POINTS", "auto_batch_size", "make_recorder", "path_landscape", "recorded_epochs"]

MAX_DRAWN_POINTS = 2000  # points drawn in a frame (a fixed sample of bigger datasets)
AUTO_BATCH_ABOVE = 10_000  # training sets larger than this train in mini-batches by default
AUTO_BATCH = 1024


def auto_batch_size(train_points: int, asked: int | None) -> int | None:
    """The batch size to train with: the one asked for, else full batch (None) up to AUTO_BATCH_ABOVE points."""
    if asked is not None:
        return asked
    return AUTO_BATCH if train_points > AUTO_BATCH_ABOVE else None


def recorded_epochs(epochs: int, every: int) -> int:
    """How many epochs a `SurfaceRecorder(every=every)` snapshots in a run of `epochs`."""
    return len({e for e in range(1, epochs + 1) if not (e - 1) % every or e == epochs})


def make_recorder(every: int, neurons: bool, landscape: bool, on_snapshot: Callable[[Snapshot], None] | None = None) -> SurfaceRecorder:
    """A recorder of what the chosen views draw, on a bounded sample of the points; it keeps only the last, `on_snapshot` sees each."""
    return SurfaceRecorder(every=every, units=neurons, params=neurons or landscape, max_points=MAX_DRAWN_POINTS,
                           keep=False, on_snapshot=on_snapshot)


def path_landscape(model: nn.Module, data: Dataset, start: np.ndarray, params: np.ndarray, directions: str = "pca") -> Landscape:
    """The loss landscape of the recorded path (`start` weights, then each snapshot's `params` row) on a `directions` plane."""
    trajectory = np.concatenate([np.asarray(start)[None], params])
    landscape_directions(trajectory)  # raises the clear error for a too-short path
    return loss_landscape(model, data, trajectory, directions=directions)
