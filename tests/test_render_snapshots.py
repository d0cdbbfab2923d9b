"""Snapshots survive the round trip through their .npz file."""

import numpy as np
import pytest

from render.files.snapshots import SnapshotRun, load_snapshots, save_snapshots


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


def test_round_trip_keeps_units_weights_landscape_and_title(tmp_path):
    from click.testing import CliRunner

    from cli.main import cli

    args = ["train", "--epochs", "6", "--hidden", "3", "--neurons", "--landscape", "--dataset", "moons", "--quiet",
            "--gif", str(tmp_path / "t.gif"), "--figure", str(tmp_path / "f.png"), "--snapshots", str(tmp_path / "s.npz")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    run = load_snapshots(tmp_path / "s.npz")
    assert run.title == "make_moons(n_samples=100, noise=0.1)"  # the registry's caption, never "circles"
    snap = run.snapshots[-1]
    assert snap.units.shape == (3, 32, 32) and snap.units.dtype == np.float16
    assert snap.params.shape == (2 * 3 + 3 + 3 + 1,) and run.start_params.shape == snap.params.shape
    assert run.landscape.loss.shape == (41, 41) and run.landscape.path.shape == (7, 2) and run.landscape.kind == "pca"
    assert snap.metrics.epoch == snap.epoch == 6 and snap.metrics.epochs == 6
    with pytest.raises(AttributeError):
        run.epochs = 3  # the run record is frozen


def test_a_landscape_saved_without_its_plane_kind_reads_as_pca(tmp_path):
    from click.testing import CliRunner

    from cli.main import cli

    args = ["train", "--epochs", "4", "--hidden", "3", "--directions", "random", "--quiet",
            "--gif", str(tmp_path / "t.gif"), "--figure", str(tmp_path / "f.png"), "--snapshots", str(tmp_path / "s.npz")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert load_snapshots(tmp_path / "s.npz").landscape.kind == "random"
    with np.load(tmp_path / "s.npz") as npz:
        arrays = {k: npz[k] for k in npz.files if k != "landscape_kind"}
    np.savez(tmp_path / "old.npz", **arrays)  # as files written before the kind was recorded
    assert load_snapshots(tmp_path / "old.npz").landscape.kind == "pca"
