"""Per-epoch metrics shared by the trainer and its callbacks."""

from dataclasses import dataclass

import numpy as np

__all__ = ["EpochMetrics"]


@dataclass(frozen=True)
class EpochMetrics:
    """Losses and accuracies of the model as it stands after one epoch."""

    epoch: int  # 1-based
    epochs: int  # total planned
    train_loss: float
    test_loss: float
    train_acc: float
    test_acc: float
    train_pred: np.ndarray  # (n_train,) predicted class
    test_pred: np.ndarray  # (n_test,) predicted class
