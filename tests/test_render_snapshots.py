"""Snapshots survive the round trip through their .npz file."""

import numpy as np
import pytest

from render.snapshots import SnapshotRun, load_snapshots, save_snapshots


def test_round_trip_keeps_every_array_and_the_network(default_run, tmp_path):
    _, data, _, writer = default_run
    run = SnapshotRun(writer.recorder.grid, data, writer.recorder.snapshots, 150, "circles", (16, 16), "tanh")
    save_snapshots(tmp_path / "s.npz", run)
    back = load_snapshots(tmp_path / "s.npz")
    assert back.grid == run.grid and back.epochs == 150 and back.hidden == (16, 16) and back.activation == "tanh"
    assert np.array_equal(back.data.x_test, data.x_test) and np.array_equal(back.data.y_train, data.y_train)
    assert len(back.snapshots) == 150
    a, b = run.snapshots[9], back.snapshots[9]
    assert a.epoch == b.epoch == 10 and np.array_equal(a.probs, b.probs) and a.test_loss == b.test_loss
    assert np.array_equal(a.train_pred, b.train_pred)


def test_missing_file_names_the_command_that_makes_it(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"snapshots file '.*nope.npz' does not exist. Make it with: make demo"):
        load_snapshots(tmp_path / "nope.npz")
