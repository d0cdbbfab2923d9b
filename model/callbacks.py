"""Training callbacks shaped like Lightning and Keras: no-op hooks to override."""

import numpy as np
from torch import nn

from model.data import Dataset
from model.metrics import EpochMetrics
from model.surface import RESOLUTION, Grid, Snapshot, probability_grid

__all__ = ["Callback", "EpochMetrics", "History", "SurfaceRecorder"]


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

    def __init__(self, grid: Grid | None = None, every: int = 1, resolution: int = RESOLUTION) -> None:
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(f"every must be a positive integer. Got {every!r} instead.")
        self.grid = grid
        self.every = every
        self.resolution = resolution
        self.snapshots: list[Snapshot] = []

    def on_train_start(self, model, data):
        if self.grid is None:  # fixed for the whole run, so frames line up
            self.grid = Grid.around(data.x, resolution=self.resolution)
        self.snapshots = []

    def on_epoch_end(self, model, data, metrics):
        if (metrics.epoch - 1) % self.every and metrics.epoch != metrics.epochs:
            return
        self.snapshots.append(
            Snapshot(
                epoch=metrics.epoch,
                probs=probability_grid(model, self.grid),
                train_loss=metrics.train_loss,
                test_loss=metrics.test_loss,
                train_acc=metrics.train_acc,
                test_acc=metrics.test_acc,
                train_pred=np.asarray(metrics.train_pred),
                test_pred=np.asarray(metrics.test_pred),
            )
        )
