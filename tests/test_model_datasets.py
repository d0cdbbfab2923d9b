"""The dataset registry, many-class data, and the CSV and argument cases that must fail in our words."""

import numpy as np
import pytest
import torch

from model import DATASET_SPECS, TrainConfig, dataset_title, load_dataset, make_mlp, read_csv_points, set_seed, train


def _csv(tmp_path, text: str | bytes, name: str = "in.csv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_registry_titles_name_the_dataset_that_was_made():
    assert dataset_title("circles", 100) == "make_circles(n_samples=100, factor=0.1, noise=0.1)"
    assert dataset_title("moons", 100).startswith("make_moons(") and "circles" not in dataset_title("moons", 100)
    assert dataset_title("blobs", 90, 3) == "make_blobs(n_samples=90, centers=3)"
    assert dataset_title("spiral", 90, 3) == "3-arm spiral, 90 points"
    assert set(DATASET_SPECS) == {"circles", "moons", "xor", "blobs", "spiral", "csv"}


@pytest.mark.parametrize("name, k", [("blobs", 3), ("blobs", 4), ("blobs", 5), ("spiral", 3)])
def test_many_class_datasets_have_labels_zero_to_k_minus_one(name, k):
    data = load_dataset(name, classes=k, n_samples=150, seed=2)
    assert data.classes == k
    assert sorted(np.unique(data.y_train).tolist()) == list(range(k)) == sorted(np.unique(data.y_test).tolist())
    assert np.bincount(data.y).max() - np.bincount(data.y).min() <= 1  # balanced


def test_three_class_blobs_train_with_softmax_to_high_accuracy():
    data = load_dataset("blobs", classes=3, n_samples=150, seed=0)
    set_seed(0)
    model = make_mlp((8,), "tanh", classes=3)
    assert model[-1].out_features == 3
    history = train(model, data, TrainConfig(epochs=60))
    last = history[-1]
    assert last.test_acc >= 0.95 and set(np.unique(last.train_pred)) == {0, 1, 2}
    with torch.no_grad():  # the reported loss is softmax cross-entropy
        logits = model(torch.as_tensor(data.x_train, dtype=torch.float32))
        expect = torch.nn.functional.cross_entropy(logits, torch.as_tensor(data.y_train)).item()
    assert last.train_loss == pytest.approx(expect, abs=1e-6)


def test_a_model_with_the_wrong_number_of_logits_is_refused():
    with pytest.raises(ValueError, match="a 3-class dataset needs a model with 3 logits. Got 1 output"):
        train(make_mlp((4,)), load_dataset("blobs", classes=3, n_samples=60), TrainConfig(epochs=1))


def test_keep_history_false_returns_only_the_last_epoch():
    set_seed(0)
    history = train(make_mlp((4,)), load_dataset(), TrainConfig(epochs=5, keep_history=False))
    assert [m.epoch for m in history] == [5]


def test_csv_with_k_labels_and_a_byte_order_mark(tmp_path):
    rows = "".join(f"{i % 7},{i // 7},{i % 3}\n" for i in range(30))
    path = _csv(tmp_path, b"\xef\xbb\xbf" + ("x1,x2,label\n" + rows).encode())  # a spreadsheet's "CSV UTF-8"
    x, y = read_csv_points(path)
    assert x.shape == (30, 2) and np.bincount(y).tolist() == [10, 10, 10]
    assert load_dataset("csv", csv_path=path).classes == 3


@pytest.mark.parametrize(
    "content, message",
    [
        ("x1,x2,label\n1,2,caf\xe9\n".encode("latin-1"), r"CSV '.*in.csv' must be UTF-8 text. Got byte 0xe9 at offset 19"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"CSV '.*in.csv' must be"),
        (b"x1,x2,label\n1,2,0\x00\n", r"CSV '.*in.csv' line 2 must hold numbers"),
    ],
)
def test_undecodable_csv_names_the_file(tmp_path, content, message):
    with pytest.raises(ValueError, match=message):
        read_csv_points(_csv(tmp_path, content))


@pytest.mark.parametrize(
    "rows, fraction, message",
    [
        ("1,2,0\n3,4,1\n", 0.3, "every class needs at least 2 points to appear in train and test. Got 1 point"),
        ("1,2,0\n3,4,1\n5,6,0\n7,8,1\n", 0.01, r"test fraction must leave at least one point per class \(2\) in train and in test. Got 0.01 of 4 points: 3 train, 1 test"),
        ("1,2,0\n3,4,1\n5,6,0\n7,8,1\n", 0.99, r"Got 0.99 of 4 points: 0 train, 4 test"),
    ],
)
def test_tiny_csv_and_extreme_fractions_are_our_own_messages(tmp_path, rows, fraction, message):
    path = _csv(tmp_path, "x1,x2,label\n" + rows)
    with pytest.raises(ValueError, match=message):
        load_dataset("csv", csv_path=path, test_fraction=fraction)


def test_extreme_fraction_on_a_named_dataset():
    with pytest.raises(ValueError, match=r"Got 0.001 of 100 points: 99 train, 1 test"):
        load_dataset("circles", test_fraction=0.001)


def test_numpy_scalars_are_accepted():
    data = load_dataset("circles", test_fraction=np.float32(0.3), n_samples=np.int64(100), seed=np.int64(1))
    assert len(data.x_test) == 30
    config = TrainConfig(epochs=np.int64(3), lr=np.float32(0.03), batch_size=np.int32(16))
    assert (config.epochs, type(config.epochs), type(config.lr), config.batch_size) == (3, int, float, 16)
    assert len(train(make_mlp((np.int64(4),)), data, config)) == 3
    from model import SurfaceRecorder

    assert SurfaceRecorder(every=np.int64(2)).every == 2


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "moons", "csv_path": "x.csv"}, "a CSV path needs dataset 'csv'. Got dataset 'moons' instead"),
        ({"name": "moons", "classes": 3}, "dataset 'moons' offers 2 classes. Got 3 instead"),
        ({"name": "blobs", "classes": 9}, "dataset 'blobs' offers 2, 3, 4, 5 classes. Got 9 instead"),
        ({"test_fraction": True}, "test fraction must lie strictly between 0 and 1. Got True instead"),
    ],
)
def test_bad_dataset_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_dataset(**kwargs)
