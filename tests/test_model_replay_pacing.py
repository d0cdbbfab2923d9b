"""The replay's pacing: time goes where the surface moves."""

import numpy as np
import pytest

from model.replay_pacing import change_schedule, epochs_per_second, snapshot_at


def _surfaces() -> np.ndarray:
    """Ten frames of a 4x4 surface: big changes over the first three, nothing after."""
    frames = np.zeros((10, 4, 4))
    for k, level in enumerate([0.0, 0.4, 0.7, 0.8]):
        frames[k] = level
    frames[4:] = 0.8
    return frames


def test_the_moving_epochs_get_the_time():
    schedule = change_schedule(_surfaces(), floor=0.0)
    assert schedule[0] == 0.0 and schedule[-1] == pytest.approx(1.0)
    assert np.diff(schedule)[:3] == pytest.approx([0.5, 0.375, 0.125])  # 0.4, 0.3, 0.1 of 0.8 of change
    assert np.diff(schedule)[3:] == pytest.approx(np.zeros(6))


def test_a_floor_keeps_still_epochs_visible_and_every_snapshot_is_shown_in_order():
    schedule = change_schedule(_surfaces(), floor=0.18)
    assert np.diff(schedule)[3:] == pytest.approx(np.full(6, 0.02))
    shown = [snapshot_at(schedule, t) for t in np.linspace(0, 1, 1001)]
    assert shown == sorted(shown) and set(shown) == set(range(10))


def test_the_counter_runs_fast_where_nothing_moves():
    schedule = change_schedule(_surfaces(), floor=0.18)
    rate = epochs_per_second(schedule, np.arange(1, 11), 10.0)
    assert rate[1] == pytest.approx(1 / (0.82 * 0.5 + 0.02) / 10) and rate[-1] == pytest.approx(1 / 0.02 / 10)
    assert rate[-1] > 10 * rate[1]


def test_a_still_run_is_paced_evenly_and_bad_input_is_named():
    assert change_schedule(np.ones((5, 3, 3))) == pytest.approx([0, 0.25, 0.5, 0.75, 1.0])
    with pytest.raises(ValueError, match=r"floor must be between 0 and 1. Got 2 instead."):
        change_schedule(np.ones((5, 3, 3)), floor=2)
    with pytest.raises(ValueError, match=r"probs must be \(frames, ...\)"):
        change_schedule(np.ones(5))
