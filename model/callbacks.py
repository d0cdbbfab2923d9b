"""Training callbacks shaped like Lightning and Keras: no-op hooks to override."""

import numbers
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from torch import nn

from model.data import Dataset
from model.metrics import EpochMetrics
from model.surface import RESOLUTION, Grid, Snapshot, probability_grid
from model.units import TILE_RESOLUTION, flat_params, unit_activations

__all__ = ["Callback", "EpochMetrics", "History", "SurfaceRecorder", "sample_points"]


class Callback:
    """Base class: override any hook; the defaults do nothing."""

    def on_train_start(self, model: nn.Module, data: Dataset) -> None:
        """Called once before the first epoch."""

    def on_epoch_end(self, model: nn.Module, data: Dataset, metrics: EpochMetrics) -> None:
        """Called after every epoch's optimiser step, with that epoch's metrics."""

    def on_train_end(self, model: nn.Module, data: Dataset) -> None:
        """Called when training stops: after the last epoch, or when the loss diverged."""


class History(Callback):
    """Record every epoch's metrics in the public list `metrics`."""

    def __init__(self) -> None:
        self.metrics: list[EpochMetrics] = []

    def on_epoch_end(self, model, data, metrics):
        self.metrics.append(metrics)


class SurfaceRecorder(Callback):
    """Snapshot the decision surface on a fixed grid every `every` epochs (and the last)."""

    # With `max_points`, snapshots keep the predictions of a fixed random sample of at most that many
    # points (`view` is that sample), so that a huge dataset costs bounded memory per snapshot;
    # `units` and `params` also keep each hidden unit's activations and the flattened weights.
    # With `keep=False` the list `snapshots` stays empty: only `last` is held, and `on_snapshot` (for
    # example a writer streaming them to disk) sees each one, so memory stays flat in epochs.

    def __init__(
        self,
        grid: Grid | None = None,
        every: int = 1,
        resolution: int = RESOLUTION,
        *,
        units: bool = False,
        params: bool = False,
        max_points: int | None = None,
        keep: bool = True,
        on_snapshot: Callable[[Snapshot], None] | None = None,
    ) -> None:
        if isinstance(every, bool) or not isinstance(every, numbers.Integral) or every < 1:
            raise ValueError(f"every must be a positive integer. Got {every!r} instead.")
        self.grid = grid
        self.every = int(every)
        self.resolution = resolution
        self.units, self.params, self.max_points = units, params, max_points
        self.view: Dataset | None = None  # the points snapshots describe (all, or a sample)
        self.start_params: np.ndarray | None = None  # weights before the first epoch, when `params`
        self.keep, self.on_snapshot = keep, on_snapshot
        self.snapshots: list[Snapshot] = []  # every snapshot, when `keep`
        self.last: Snapshot | None = None  # the latest snapshot
        self.count = 0  # snapshots taken
        self._rows: tuple[np.ndarray | None, np.ndarray | None] = (None, None)

    def on_train_start(self, model, data):
        if self.grid is None:  # fixed for the whole run, so frames line up
            self.grid = Grid.around(data.x, resolution=self.resolution)
        self.view, self._rows = data, (None, None)
        if self.max_points is not None and len(data.x) > self.max_points:
            self.view, self._rows = sample_points(data, self.max_points)
        self.start_params = flat_params(model) if self.params else None
        self.snapshots, self.last, self.count = [], None, 0

    def records(self, metrics: EpochMetrics) -> bool:
        """Whether the epoch of `metrics` gets a snapshot."""
        return not (metrics.epoch - 1) % self.every or metrics.epoch == metrics.epochs

    def on_epoch_end(self, model, data, metrics):
        if not self.records(metrics):
            return
        units = None
        if self.units:
            units = unit_activations(model, replace(self.grid, resolution=TILE_RESOLUTION)).astype(np.float16)
        self.last = Snapshot(
            probs=probability_grid(model, self.grid),
            metrics=metrics.sampled(*self._rows),
            units=units,
            params=flat_params(model) if self.params else None,
        )
        self.count += 1
        if self.keep:
            self.snapshots.append(self.last)
        if self.on_snapshot is not None:
            self.on_snapshot(self.last)


def sample_points(data: Dataset, limit: int, seed: int = 0) -> tuple[Dataset, tuple[np.ndarray, np.ndarray]]:
    """A fixed random sample of at most `limit` points, in train/test proportion, and the rows it took."""
    rng = np.random.default_rng(seed)
    n_train = round(limit * len(data.x_train) / len(data.x))
    rows = (
        np.sort(rng.choice(len(data.x_train), size=min(n_train, len(data.x_train)), replace=False)),
        np.sort(rng.choice(len(data.x_test), size=min(limit - n_train, len(data.x_test)), replace=False)),
    )
    view = Dataset(data.name, data.x_train[rows[0]], data.y_train[rows[0]], data.x_test[rows[1]], data.y_test[rows[1]])
    return view, rows
