"""Where a training replay spends its time: on the epochs where the decision surface moves, not where it rests."""

import numpy as np

__all__ = ["PACE_FLOOR", "change_schedule", "epochs_per_second", "snapshot_at"]

PACE_FLOOR = 0.15  # share of the replay's time spread evenly, so a still stretch still shows its epochs ticking by


def change_schedule(probs: np.ndarray, floor: float = PACE_FLOOR) -> np.ndarray:
    """Fraction of the replay's time at which each snapshot is reached, (frames,) from 0 to 1.

    The time between two snapshots is shared out by how much the surface moved between them (the mean
    absolute change of its probabilities), plus an even `floor` share.
    """
    probs = np.asarray(probs, dtype=float)
    if probs.ndim < 2 or len(probs) < 1:
        raise ValueError(f"probs must be (frames, ...) with at least one frame. Got shape {probs.shape} instead.")
    if not 0.0 <= floor <= 1.0:
        raise ValueError(f"floor must be between 0 and 1. Got {floor!r} instead.")
    if len(probs) == 1:
        return np.zeros(1)
    moved = np.abs(np.diff(probs, axis=0)).reshape(len(probs) - 1, -1).mean(axis=1)  # (frames - 1,)
    share = moved / moved.sum() if moved.sum() > 0 else np.full(len(moved), 1.0 / len(moved))
    weights = (1.0 - floor) * share + floor / len(moved)
    schedule = np.concatenate([[0.0], np.cumsum(weights) / weights.sum()])
    schedule[-1] = 1.0  # exactly, so the last snapshot is reached at the replay's end
    return schedule


def snapshot_at(schedule: np.ndarray, progress: float) -> int:
    """Index of the snapshot shown at `progress` in [0, 1] of the replay: the last one reached."""
    return int(np.searchsorted(schedule, min(max(progress, 0.0), 1.0), side="right") - 1)


def epochs_per_second(schedule: np.ndarray, epochs: np.ndarray, seconds: float) -> np.ndarray:
    """How fast the epoch counter runs into each snapshot, (frames,) epochs a second (the first repeats the second)."""
    if len(schedule) < 2:
        return np.zeros(len(schedule))
    rate = np.diff(np.asarray(epochs, dtype=float)) / np.maximum(np.diff(schedule) * seconds, 1e-9)
    return np.concatenate([rate[:1], rate])
