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


def _train_streamed(path, epochs: int, **recorder):
    """Train the default example with its snapshots streamed to `path`; return (recorder, writer)."""
    from model.callbacks import SurfaceRecorder
    from model.data import load_dataset
    from model.network import make_mlp
    from model.training import TrainConfig, set_seed, train
    from render.files.snapshot_stream import SnapshotWriter

    data = load_dataset("circles", seed=0)
    set_seed(0)
    model = make_mlp()
    writer = SnapshotWriter(path)
    rec = SurfaceRecorder(keep=False, on_snapshot=writer.add, **recorder)
    train(model, data, TrainConfig(epochs=epochs, keep_history=False), [rec])
    return rec, writer


def test_a_streamed_file_holds_what_save_snapshots_writes(default_run, tmp_path):
    _, data, _, kept = default_run
    rec, writer = _train_streamed(tmp_path / "streamed.npz", 150)
    assert rec.snapshots == [] and rec.count == writer.count == 150 and rec.last.epoch == 150  # nothing kept in memory
    spools = sorted(p.name for p in tmp_path.iterdir())
    assert len(spools) == 3 and all(name.startswith(".lesson-tmp-") for name in spools)  # surfaces, both predictions
    with writer:
        writer.write(SnapshotRun(rec.grid, rec.view, [], 150, "circles", (16, 16), "tanh"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["streamed.npz"]  # the spools are gone
    save_snapshots(tmp_path / "saved.npz", SnapshotRun(kept.recorder.grid, data, kept.recorder.snapshots, 150, "circles", (16, 16), "tanh"))
    with np.load(tmp_path / "streamed.npz") as a, np.load(tmp_path / "saved.npz") as b:
        assert sorted(a.files) == sorted(b.files)
        for key in a.files:
            assert a[key].dtype == b[key].dtype and np.array_equal(a[key], b[key]), key
    back = load_snapshots(tmp_path / "streamed.npz")
    assert back.snapshots[41].epoch == 42 and back.snapshots[41].probs.dtype == np.float32


def test_streamed_snapshots_read_back_in_order_with_weights(tmp_path):
    rec, writer = _train_streamed(tmp_path / "s.npz", 12, units=True, params=True)
    with writer:
        snaps = list(writer.snapshots())
        params = writer.params()
    assert [s.epoch for s in snaps] == list(range(1, 13)) and snaps[-1].metrics.epochs == 12
    assert np.array_equal(snaps[-1].probs, rec.last.probs) and np.array_equal(snaps[-1].units, rec.last.units)
    assert params.shape == (12, 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1) and np.array_equal(params[-1], rec.last.params)
    snaps[0].probs[0, 0] = 0.5  # read back as writable arrays
    assert not (tmp_path / "s.npz").exists() and list(tmp_path.iterdir()) == []  # never written: nothing left


def test_streaming_memory_stays_flat_in_epochs(tmp_path):
    import tracemalloc

    peaks = {}
    for epochs in (40, 400):
        tracemalloc.start()
        _, writer = _train_streamed(tmp_path / f"s{epochs}.npz", epochs)
        peaks[epochs] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        writer.close()
    # kept in memory, 360 more surfaces would add 360 * 64 * 64 * 4 bytes = 5.9 MB; streamed, only their numbers stay
    assert peaks[400] - peaks[40] < 360 * 100, peaks
