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

    def sampled(self, train_rows: np.ndarray | None, test_rows: np.ndarray | None) -> "EpochMetrics":
        """The same metrics with the predictions of only the given rows (None: all of them)."""
        if train_rows is None and test_rows is None:
            return self
        train = self.train_pred if train_rows is None else self.train_pred[train_rows]
        test = self.test_pred if test_rows is None else self.test_pred[test_rows]
        return EpochMetrics(self.epoch, self.epochs, self.train_loss, self.test_loss, self.train_acc, self.test_acc, train, test)
