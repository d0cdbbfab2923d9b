"""A seeded, full-batch training loop for any (n, 2) -> (n, 1) logit model."""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from model.adam import FusedAdam
from model.callbacks import Callback
from model.data import Dataset
from model.metrics import EpochMetrics

__all__ = ["TrainConfig", "TrainingDiverged", "set_seed", "train"]


class TrainingDiverged(RuntimeError):
    """Raised when the loss stops being a finite number."""

    def __init__(self, epoch: int, loss: float, start_loss: float, lr: float) -> None:
        self.epoch, self.loss, self.lr = epoch, loss, lr
        why = f"is {loss}" if not math.isfinite(loss) else f"{loss:.3g} is far above its starting value {start_loss:.3g}"
        super().__init__(f"training diverged at epoch {epoch}: train loss {why}. Try a learning rate smaller than {lr:g}.")


@dataclass(frozen=True)
class TrainConfig:
    """How to train; validated on creation."""

    epochs: int = 150  # full passes over the training set
    lr: float = 0.03  # Adam learning rate
    batch_size: int | None = None  # None: the whole training set in one batch
    seed: int = 0  # seeds shuffling (and, via set_seed, weight initialisation)
    diverge_factor: float = 1000.0  # stop once the train loss exceeds this multiple of the starting loss

    def __post_init__(self) -> None:
        if isinstance(self.epochs, bool) or not isinstance(self.epochs, int) or self.epochs <= 0:
            raise ValueError(f"epochs must be a positive integer. Got {self.epochs!r} instead.")
        lr_ok = isinstance(self.lr, float | int) and not isinstance(self.lr, bool)
        if not lr_ok or not math.isfinite(self.lr) or self.lr <= 0:
            raise ValueError(f"learning rate must be a positive finite number. Got {self.lr!r} instead.")
        if self.batch_size is not None and (not isinstance(self.batch_size, int) or self.batch_size <= 0):
            raise ValueError(f"batch size must be a positive integer or None. Got {self.batch_size!r} instead.")


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and torch so that a run repeats exactly."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _tensors(x: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(y, dtype=torch.float32).reshape(-1, 1)


@torch.inference_mode()
def _evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, n_train: int) -> tuple[tuple, tuple]:
    """(loss, accuracy, predictions) of the first n_train rows, then of the rest: one forward pass for both."""
    logits = model(x)
    pred = (logits > 0).reshape(-1).to(torch.int64)
    hits = pred == y.reshape(-1).to(torch.int64)
    parts = []
    for rows in (slice(0, n_train), slice(n_train, None)):
        loss = nn.functional.binary_cross_entropy_with_logits(logits[rows], y[rows]).item()
        parts.append((loss, hits[rows].double().mean().item(), pred[rows].numpy()))
    return parts[0], parts[1]


def train(
    model: nn.Module,
    data: Dataset,
    config: TrainConfig | None = None,
    callbacks: Sequence[Callback] = (),
) -> list[EpochMetrics]:
    """Train `model` with Adam on binary cross-entropy with logits; return every epoch's metrics."""
    config = config or TrainConfig()
    n_train = len(data.x_train)
    x_all, y_all = _tensors(data.x, data.y)  # train rows first, then test
    x_tr, y_tr = x_all[:n_train], y_all[:n_train]
    optimiser = FusedAdam(model.parameters(), lr=config.lr)  # torch.optim.Adam(fused=True)'s kernel, no dynamo import
    shuffler = torch.Generator().manual_seed(config.seed)
    batch = min(config.batch_size or n_train, n_train)
    history: list[EpochMetrics] = []
    start_loss = _evaluate(model, x_all, y_all, n_train)[0][0]
    limit = config.diverge_factor * max(start_loss, 1e-3)
    for cb in callbacks:
        cb.on_train_start(model, data)
    try:
        for epoch in range(1, config.epochs + 1):
            model.train()
            order = torch.randperm(n_train, generator=shuffler) if batch < n_train else None
            for start in range(0, n_train, batch):
                idx = slice(None) if order is None else order[start : start + batch]  # full batch: no copy
                optimiser.zero_grad(set_to_none=True)
                loss = nn.functional.binary_cross_entropy_with_logits(model(x_tr[idx]), y_tr[idx])
                loss.backward()
                optimiser.step()
            model.eval()
            (train_loss, train_acc, train_pred), (test_loss, test_acc, test_pred) = _evaluate(model, x_all, y_all, n_train)
            if not (math.isfinite(loss.item()) and math.isfinite(train_loss) and train_loss <= limit):
                raise TrainingDiverged(epoch, train_loss if math.isfinite(train_loss) else loss.item(), start_loss, config.lr)
            metrics = EpochMetrics(epoch, config.epochs, train_loss, test_loss, train_acc, test_acc, train_pred, test_pred)
            history.append(metrics)
            for cb in callbacks:
                cb.on_epoch_end(model, data, metrics)
    except TrainingDiverged:
        for cb in callbacks:
            cb.on_train_end(model, data)
        raise
    for cb in callbacks:
        cb.on_train_end(model, data)
    return history
