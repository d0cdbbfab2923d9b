"""A seeded training loop for (n, 2) -> (n, 1) logit models (two classes) or (n, k) logits (k classes)."""

import math
import numbers
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
from model.network import output_count

__all__ = ["TrainConfig", "TrainingDiverged", "loss_fn", "predict", "set_seed", "train"]


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
    keep_history: bool = True  # False: `train` returns only the last epoch's metrics (memory flat in epochs)

    def __post_init__(self) -> None:
        def integral(v) -> bool:
            return isinstance(v, numbers.Integral) and not isinstance(v, bool)

        if not integral(self.epochs) or self.epochs <= 0:
            raise ValueError(f"epochs must be a positive integer. Got {self.epochs!r} instead.")
        lr_ok = isinstance(self.lr, numbers.Real) and not isinstance(self.lr, bool)
        if not lr_ok or not math.isfinite(self.lr) or self.lr <= 0:
            raise ValueError(f"learning rate must be a positive finite number. Got {self.lr!r} instead.")
        if self.batch_size is not None and (not integral(self.batch_size) or self.batch_size <= 0):
            raise ValueError(f"batch size must be a positive integer or None. Got {self.batch_size!r} instead.")
        # NumPy scalars (np.int64 epochs, np.float32 rates) become plain Python numbers
        object.__setattr__(self, "epochs", int(self.epochs))
        object.__setattr__(self, "lr", float(self.lr))
        if self.batch_size is not None:
            object.__setattr__(self, "batch_size", int(self.batch_size))


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and torch so that a run repeats exactly."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _tensors(x: np.ndarray, y: np.ndarray, classes: int) -> tuple[torch.Tensor, torch.Tensor]:
    if classes > 2:  # cross-entropy takes class indices
        return torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)
    return torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(y, dtype=torch.float32).reshape(-1, 1)


def loss_fn(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Binary cross-entropy on one logit (n, 1); softmax cross-entropy on k logits (n, k)."""
    if logits.shape[1] == 1:
        return nn.functional.binary_cross_entropy_with_logits(logits, y)
    return nn.functional.cross_entropy(logits, y)


def predict(logits: torch.Tensor) -> torch.Tensor:
    """Predicted class (n,) int64 from one logit (n, 1) or k logits (n, k)."""
    if logits.shape[1] == 1:
        return (logits > 0).reshape(-1).to(torch.int64)
    return logits.argmax(dim=1)


@torch.inference_mode()
def _evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, n_train: int) -> tuple[tuple, tuple]:
    """(loss, accuracy, predictions) of the first n_train rows, then of the rest: one forward pass for both."""
    logits = model(x)
    pred = predict(logits)
    hits = pred == y.reshape(-1).to(torch.int64)
    parts = []
    for rows in (slice(0, n_train), slice(n_train, None)):
        loss = loss_fn(logits[rows], y[rows]).item()
        parts.append((loss, hits[rows].double().mean().item(), pred[rows].numpy()))
    return parts[0], parts[1]


def _check_outputs(model: nn.Module, data: Dataset) -> None:
    with torch.inference_mode():
        width = model(torch.zeros(1, 2)).shape[1]
    if width != output_count(data.classes):
        want = "1 logit" if data.classes == 2 else f"{data.classes} logits"
        raise ValueError(f"a {data.classes}-class dataset needs a model with {want}. Got {width} output(s) instead.")


def train(
    model: nn.Module,
    data: Dataset,
    config: TrainConfig | None = None,
    callbacks: Sequence[Callback] = (),
) -> list[EpochMetrics]:
    """Train `model` with Adam on (binary or softmax) cross-entropy; return every epoch's metrics."""
    config = config or TrainConfig()
    _check_outputs(model, data)
    n_train = len(data.x_train)
    x_all, y_all = _tensors(data.x, data.y, data.classes)  # train rows first, then test
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
                loss = loss_fn(model(x_tr[idx]), y_tr[idx])
                loss.backward()
                optimiser.step()
            model.eval()
            (train_loss, train_acc, train_pred), (test_loss, test_acc, test_pred) = _evaluate(model, x_all, y_all, n_train)
            if not (math.isfinite(train_loss) and train_loss <= limit):
                raise TrainingDiverged(epoch, train_loss, start_loss, config.lr)
            if not math.isfinite(loss.item()):  # the last minibatch overflowed, though the model still evaluates
                raise TrainingDiverged(epoch, loss.item(), start_loss, config.lr)
            metrics = EpochMetrics(epoch, config.epochs, train_loss, test_loss, train_acc, test_acc, train_pred, test_pred)
            if not config.keep_history:
                history.clear()
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
