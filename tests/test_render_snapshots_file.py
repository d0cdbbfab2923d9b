"""The snapshots file against arrays written by hand: every field read back, every malformed file refused by name."""

import numpy as np
import pytest

from model.data import Dataset
from model.landscape import Landscape
from model.metrics import EpochMetrics
from model.surface import Grid, Snapshot
from render.files.snapshots import SnapshotRun, load_snapshots, save_snapshots

AGAIN = "Make it again with: make demo (or: lesson train)"


def _arrays() -> dict[str, np.ndarray]:
    """Two frames of a 4 x 4 grid, three training points and two test points, every value distinct."""
    return {
        "grid": np.array([-1.5, 1.5, -2.0, 2.0, 4.0]),
        "epoch": np.array([5, 10]),
        "probs": np.arange(32, dtype=np.float32).reshape(2, 4, 4) / 32,
        "train_pred": np.array([[0, 1, 1], [1, 1, 0]]),
        "test_pred": np.array([[0, 0], [1, 0]]),
        "x_train": np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]),
        "y_train": np.array([0, 1, 1]),
        "x_test": np.array([[6.0, 7.0], [8.0, 9.0]]),
        "y_test": np.array([1, 0]),
        "meta": np.array(["moons", "10", "moons, hidden 3-2 tanh", "tanh"]),
        "hidden": np.array([3, 2]),
        "title": np.array("make_moons(n_samples=5)"),
        "train_loss": np.array([0.7, 0.5]),
        "test_loss": np.array([0.8, 0.6]),
        "train_acc": np.array([0.5, 0.75]),
        "test_acc": np.array([0.25, 1.0]),
    }


def _write(path, arrays) -> str:
    np.savez(path, **arrays)
    return str(path)


def test_a_hand_written_file_reads_back_field_by_field(tmp_path):
    run = load_snapshots(_write(tmp_path / "s.npz", _arrays()))
    assert run.grid == Grid(-1.5, 1.5, -2.0, 2.0, 4) and type(run.grid.resolution) is int
    assert [type(v) for v in (run.grid.xmin, run.grid.xmax, run.grid.ymin, run.grid.ymax)] == [float] * 4
    assert run.data.name == "moons" and run.epochs == 10 and type(run.epochs) is int
    assert run.description == "moons, hidden 3-2 tanh" and run.activation == "tanh"
    assert run.hidden == (3, 2) and all(type(h) is int for h in run.hidden)
    assert run.title == "make_moons(n_samples=5)"
    assert run.data.x_train.tolist() == [[0, 1], [2, 3], [4, 5]] and run.data.y_train.tolist() == [0, 1, 1]
    assert run.data.x_test.tolist() == [[6, 7], [8, 9]] and run.data.y_test.tolist() == [1, 0]
    assert run.start_params is None and run.landscape is None
    assert len(run.snapshots) == 2
    first, second = run.snapshots
    assert (first.epoch, first.metrics.epochs, first.train_loss, first.test_loss, first.train_acc, first.test_acc) == (5, 10, 0.7, 0.8, 0.5, 0.25)
    assert (second.epoch, second.metrics.epochs, second.train_loss, second.test_loss, second.train_acc, second.test_acc) == (10, 10, 0.5, 0.6, 0.75, 1.0)
    assert type(first.epoch) is int and type(first.metrics.epochs) is int
    assert first.probs[0, 1] == 1 / 32 and second.probs[3, 3] == 31 / 32 and first.probs.shape == (4, 4)
    assert first.train_pred.tolist() == [0, 1, 1] and second.train_pred.tolist() == [1, 1, 0]
    assert first.test_pred.tolist() == [0, 0] and second.test_pred.tolist() == [1, 0]
    assert first.units is None and first.params is None


def test_units_weights_and_landscape_read_back(tmp_path):
    arrays = _arrays()
    units = np.arange(96).reshape(2, 3, 4, 4).astype(np.float16)
    params = np.arange(14, dtype=np.float32).reshape(2, 7)
    land = {"alphas": np.array([-1.0, 0.0, 1.0]), "betas": np.array([-2.0, 0.0, 2.0]), "loss": np.arange(9.0).reshape(3, 3),
            "path": np.array([[0.5, 0.25], [0.0, 0.0]]), "directions": np.ones((2, 7)), "centre": np.full(7, 3.0)}
    arrays.update(units=units, params=params, start_params=np.full(7, -1.0, dtype=np.float32),
                  landscape_kind=np.array("random"), **{f"landscape_{k}": v for k, v in land.items()})
    run = load_snapshots(_write(tmp_path / "s.npz", arrays))
    assert run.snapshots[0].units.tolist() == units[0].tolist() and run.snapshots[1].units[2, 3, 3] == 95
    assert run.snapshots[0].params.tolist() == list(range(7)) and run.snapshots[1].params.tolist() == list(range(7, 14))
    assert run.start_params.tolist() == [-1.0] * 7
    assert run.landscape.kind == "random"
    for key, value in land.items():
        assert np.array_equal(getattr(run.landscape, key), value), key
    del arrays["landscape_kind"], arrays["title"]  # a file from before the plane's kind and the caption were recorded
    old = load_snapshots(_write(tmp_path / "old.npz", arrays))
    assert old.landscape.kind == "pca" and old.title == ""


def test_surfaces_per_class_and_integer_points_are_accepted(tmp_path):
    arrays = _arrays()
    arrays["probs"] = np.full((2, 3, 4, 4), 1 / 3, dtype=np.float32)
    arrays["x_test"] = np.array([[6, 7], [8, 9]], dtype=np.uint8)
    arrays["grid"] = np.array([-2, 2, -2, 2, 4])
    run = load_snapshots(_write(tmp_path / "s.npz", arrays))
    assert run.snapshots[1].probs.shape == (3, 4, 4) and run.data.x_test.tolist() == [[6, 7], [8, 9]]
    assert run.grid == Grid(-2.0, 2.0, -2.0, 2.0, 4)


def test_save_writes_the_arrays_a_hand_written_file_holds(tmp_path):
    a = _arrays()
    data = Dataset("moons", a["x_train"], a["y_train"], a["x_test"], a["y_test"])
    snaps = [Snapshot(a["probs"][k], EpochMetrics(int(a["epoch"][k]), 10, a["train_loss"][k], a["test_loss"][k], a["train_acc"][k],
                                                  a["test_acc"][k], a["train_pred"][k], a["test_pred"][k])) for k in range(2)]
    run = SnapshotRun(Grid(-1.5, 1.5, -2.0, 2.0, 4), data, snaps, 10, "moons, hidden 3-2 tanh", (3, 2), "tanh", "make_moons(n_samples=5)")
    save_snapshots(tmp_path / "s.npz", run)
    with np.load(tmp_path / "s.npz") as npz:
        assert sorted(npz.files) == sorted(a)
        for key, value in a.items():
            assert np.array_equal(npz[key], value), key
    assert [p.name for p in tmp_path.iterdir()] == ["s.npz"]


def test_saving_no_snapshots_is_refused_and_writes_nothing(tmp_path):
    run = SnapshotRun(Grid(-1.0, 1.0, -1.0, 1.0, 4), Dataset("moons", np.zeros((1, 2)), np.zeros(1), np.zeros((1, 2)), np.zeros(1)), [], 3, "x")
    with pytest.raises(ValueError) as err:
        save_snapshots(tmp_path / "s.npz", run)
    assert str(err.value) == "a snapshots file needs at least one snapshot. Got none instead."
    assert list(tmp_path.iterdir()) == []


def test_hidden_widths_become_plain_ints_and_the_record_is_frozen():
    run = SnapshotRun(Grid(-1.0, 1.0, -1.0, 1.0, 4), None, [], 3, "x", (np.int64(16), 8.0))
    assert run.hidden == (16, 8) and [type(h) for h in run.hidden] == [int, int]
    with pytest.raises(AttributeError):
        run.hidden = ()


def test_a_folder_is_not_a_snapshots_file(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        load_snapshots(tmp_path)
    assert str(err.value) == f"snapshots file {str(tmp_path)!r} does not exist. Make it with: make demo (or: lesson train)"


def _zero_frames(a):
    a.update(epoch=np.zeros(0, int), probs=np.zeros((0, 4, 4)), train_pred=np.zeros((0, 3)), test_pred=np.zeros((0, 2)),
             **{f: np.zeros(0) for f in ("train_loss", "test_loss", "train_acc", "test_acc")})


def _set(**arrays):
    return lambda a: a.update(arrays)


def _drop(*keys):
    return lambda a: [a.pop(k) for k in keys]


def _nan_at(key, index, value):
    def change(a):
        a[key] = a[key].astype(float)
        a[key].reshape(-1)[index] = value
    return change


SQUARE = "must hold square surfaces (frames, [classes,] n, n) matching its grid. Got probs of shape {} instead."
POINTS = "has {} points of shape {}, labels {} and predictions {} that do not match."
LENGTH = "has metrics or a run record of the wrong length for 2 frames."


@pytest.mark.parametrize(("change", "says"), [
    (_drop("hidden", "test_acc"), f"lacks hidden, test_acc. {AGAIN}"),
    (_drop("epoch"), f"lacks epoch. {AGAIN}"),
    (_zero_frames, "holds no snapshots. Got 0 frames instead of at least 1."),
    (_set(probs=np.zeros((2, 4, 3))), SQUARE.format("(2, 4, 3)")),
    (_set(probs=np.zeros((2, 4, 3)), grid=np.array([-1.5, 1.5, -2.0, 2.0, 3.0])), SQUARE.format("(2, 4, 3)")),
    (_set(probs=np.zeros((2, 3, 4))), SQUARE.format("(2, 3, 4)")),
    (_set(probs=np.zeros((3, 4, 4))), SQUARE.format("(3, 4, 4)")),
    (_set(probs=np.zeros((2, 5, 5))), SQUARE.format("(2, 5, 5)")),
    (_set(probs=np.zeros((2, 1, 1, 4, 4))), SQUARE.format("(2, 1, 1, 4, 4)")),
    (_set(probs=np.zeros((2, 4))), SQUARE.format("(2, 4)")),
    (_set(grid=np.array([-1.5, 1.5, -2.0, 2.0, 4.0, 4.0])), SQUARE.format("(2, 4, 4)")),
    (_set(x_train=np.zeros(3)), POINTS.format("train", "(3,)", "(3,)", "(2, 3)")),
    (_set(x_train=np.zeros((3, 3))), POINTS.format("train", "(3, 3)", "(3,)", "(2, 3)")),
    (_set(y_train=np.zeros(2)), POINTS.format("train", "(3, 2)", "(2,)", "(2, 3)")),
    (_set(train_pred=np.zeros((2, 2))), POINTS.format("train", "(3, 2)", "(3,)", "(2, 2)")),
    (_set(train_pred=np.zeros((3, 3))), POINTS.format("train", "(3, 2)", "(3,)", "(3, 3)")),
    (_set(x_test=np.zeros((2, 1))), POINTS.format("test", "(2, 1)", "(2,)", "(2, 2)")),
    (_set(y_test=np.zeros((2, 1))), POINTS.format("test", "(2, 2)", "(2, 1)", "(2, 2)")),
    (_set(test_pred=np.zeros((2, 3))), POINTS.format("test", "(2, 2)", "(2,)", "(2, 3)")),
    (_set(train_loss=np.zeros(3)), LENGTH),
    (_set(test_acc=np.zeros(1)), LENGTH),
    (_set(meta=np.array(["moons", "10", "tanh"])), LENGTH),
    (_set(x_train=np.array([["a", "b"]] * 3)), f"must hold finite numbers in 'x_train'. Got not numbers instead. {AGAIN}"),
    (_set(x_test=np.ones((2, 2), dtype=bool)), f"must hold finite numbers in 'x_test'. Got not numbers instead. {AGAIN}"),
    (_nan_at("probs", 5, np.nan), f"must hold finite numbers in 'probs'. Got nan at index 5 instead. {AGAIN}"),
    (_nan_at("test_loss", 1, np.inf), f"must hold finite numbers in 'test_loss'. Got inf at index 1 instead. {AGAIN}"),
    (_nan_at("grid", 2, -np.inf), f"must hold finite numbers in 'grid'. Got -inf at index 2 instead. {AGAIN}"),
    (_nan_at("x_test", 3, np.nan), f"must hold finite numbers in 'x_test'. Got nan at index 3 instead. {AGAIN}"),
    (_nan_at("train_acc", 0, np.nan), f"must hold finite numbers in 'train_acc'. Got nan at index 0 instead. {AGAIN}"),
    (_nan_at("x_train", 4, np.nan), f"must hold finite numbers in 'x_train'. Got nan at index 4 instead. {AGAIN}"),
])
def test_a_malformed_file_is_refused_by_name(tmp_path, change, says):
    arrays = _arrays()
    change(arrays)
    path = _write(tmp_path / "bad.npz", arrays)
    with pytest.raises(ValueError) as err:
        load_snapshots(path)
    assert str(err.value) == f"snapshots file {path!r} {says}"


def test_an_empty_file_is_refused_by_name(tmp_path):
    (tmp_path / "s.npz").write_bytes(b"")
    with pytest.raises(ValueError) as err:
        load_snapshots(tmp_path / "s.npz")
    assert str(err.value) == f"snapshots file {str(tmp_path / 's.npz')!r} is empty. {AGAIN}"


@pytest.mark.parametrize(("content", "reason"), [
    (b"PK\x03\x04 a zip cut short", "zip"),
    (b"not an array at all", "pickled"),
    ("pickled", "allow_pickle=False"),
])
def test_a_file_that_is_not_one_is_refused_with_the_reason(tmp_path, content, reason):
    path = tmp_path / "s.npz"
    if content == "pickled":  # a run record of Python objects: never unpickled
        arrays = _arrays()
        arrays["meta"] = np.array(["moons", "10", "x", "tanh"], dtype=object)
        np.savez(path, **arrays)
    else:
        path.write_bytes(content)
    with pytest.raises(ValueError) as err:
        load_snapshots(path)
    said = str(err.value)
    assert said.startswith(f"snapshots file {str(path)!r} is not a snapshots file (") and said.endswith(f"). {AGAIN}")
    assert reason in said.split("(", 1)[1] and "\n" not in said
