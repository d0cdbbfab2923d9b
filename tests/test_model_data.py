"""Datasets: the homework's circles, the Playground family, and user CSV files."""

import numpy as np
import pytest

from model import DATASETS, load_dataset, read_csv_points


def test_circles_matches_sklearn_and_splits_70_30_stratified():
    from sklearn.datasets import make_circles

    data = load_dataset("circles", seed=3)
    x, y = make_circles(n_samples=100, factor=0.1, noise=0.1, random_state=3)
    assert len(data.x_train) == 70 and len(data.x_test) == 30
    assert np.bincount(data.y_train).tolist() == [35, 35] and np.bincount(data.y_test).tolist() == [15, 15]
    got = {tuple(p) for p in np.round(data.x, 12)}
    assert got == {tuple(p) for p in np.round(x, 12)}


def test_inner_circle_is_class_one():
    data = load_dataset("circles", seed=0)
    radius = np.hypot(*data.x.T)
    assert radius[data.y == 1].max() < 0.5 < radius[data.y == 0].min()


@pytest.mark.parametrize("name", [n for n in DATASETS if n != "csv"])
def test_every_named_dataset_has_the_same_interface(name):
    data = load_dataset(name, seed=1)
    assert data.x_train.shape == (70, 2) and data.x_test.shape == (30, 2)
    assert set(np.unique(data.y)) == {0, 1} and data.y.dtype == np.int64
    assert np.isfinite(data.x).all()


def test_same_seed_same_data_other_seed_other_data():
    a, b, c = load_dataset(seed=5), load_dataset(seed=5), load_dataset(seed=6)
    assert np.array_equal(a.x_train, b.x_train) and not np.array_equal(a.x_train, c.x_train)


def test_csv_round_trip_maps_labels_to_zero_one(tmp_path):
    path = tmp_path / "points.csv"
    rows = ["x1,x2,label"] + [f"{i / 10},{-i / 10},{'-1' if i % 2 else '1'}" for i in range(20)]
    path.write_text("\n".join(rows) + "\n")
    x, y = read_csv_points(path)
    assert x.shape == (20, 2) and x[3].tolist() == [0.3, -0.3]
    assert y.tolist() == [1, 0] * 10  # the larger label becomes class 1
    data = load_dataset("csv", csv_path=path, test_fraction=0.25)
    assert len(data.x_test) == 5


@pytest.mark.parametrize(
    "text, message",
    [
        ("x1,label\n1,0\n2,1\n", "Missing x2"),
        ("x1,x2,label\n1,abc,0\n2,3,1\n", "line 2 must hold numbers"),
        ("x1,x2,label\n1,2,0\n2,3,1\n4,5,3\n", r"labels must be the integers 0..2. Got 0, 1, 3 instead"),
        ("x1,x2,label\n1,2,0\n2,3,0\n", "at least two labels. Got 1"),
        ("x1,x2,label\n" + "".join(f"{i},{i},{i}\n" for i in range(9)), "at most 8 classes. Got 9 labels instead"),
        ("x1,x2,label\n", "must have rows of points under its header. Got only the header instead"),
        ("", "must have a header x1,x2,label. Got an empty file instead"),
    ],
)
def test_bad_csv_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        read_csv_points(path)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "swirl"}, "dataset must be one of .* Got 'swirl' instead"),
        ({"test_fraction": 0.0}, "test fraction must lie strictly between 0 and 1. Got 0.0 instead"),
        ({"test_fraction": 1.5}, "Got 1.5 instead"),
        ({"name": "csv"}, "needs a CSV path"),
    ],
)
def test_bad_arguments_name_the_value(kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_dataset(**kwargs)
