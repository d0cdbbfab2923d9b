"""The training loop: callbacks, seeding, accuracy, divergence."""

import math
import re

import numpy as np
import pytest
import torch
from torch import nn

from model import Callback, History, SurfaceRecorder, TrainConfig, TrainingDiverged, load_dataset, make_mlp, set_seed, train


class _Calls(Callback):
    def __init__(self):
        self.calls = []

    def on_train_start(self, model, data):
        self.calls.append("start")

    def on_epoch_end(self, model, data, metrics):
        self.calls.append(metrics.epoch)

    def on_train_end(self, model, data):
        self.calls.append("end")


def test_hooks_run_in_order():
    calls = _Calls()
    train(make_mlp((4,)), load_dataset(), TrainConfig(epochs=3), [calls])
    assert calls.calls == ["start", 1, 2, 3, "end"]


def test_default_example_reaches_full_test_accuracy(default_run):
    _, data, history, _ = default_run
    assert len(history.metrics) == 150
    assert history.metrics[-1].test_acc == 1.0 and history.metrics[-1].train_acc == 1.0
    assert history.metrics[-1].train_loss < history.metrics[0].train_loss / 10


def test_mean_test_accuracy_over_seeds_0_to_19():
    torch.set_num_threads(1)
    accs = []
    for seed in range(20):
        data = load_dataset(seed=seed)
        set_seed(seed)
        accs.append(train(make_mlp(), data, TrainConfig(seed=seed))[-1].test_acc)
    assert np.mean(accs) >= 0.98


def test_same_seed_same_weights():
    def run():
        set_seed(7)
        net = make_mlp((6,))
        train(net, load_dataset(seed=7), TrainConfig(epochs=5, seed=7))
        return torch.cat([p.detach().flatten() for p in net.parameters()])

    assert torch.equal(run(), run())


def test_any_module_mapping_points_to_logits_works():
    class Radial(nn.Module):  # not one of ours: a logit from the squared radius
        def __init__(self):
            super().__init__()
            self.scale, self.bias = nn.Parameter(torch.tensor(-1.0)), nn.Parameter(torch.tensor(0.0))

        def forward(self, x):
            return (self.scale * (x**2).sum(dim=1, keepdim=True) + self.bias)

    history = train(Radial(), load_dataset(seed=0), TrainConfig(epochs=200, lr=0.1))
    assert history[-1].test_acc == 1.0


class _Spy(nn.Module):
    """Wraps a model and records the rows of every training forward pass (evaluation passes are not batches)."""

    def __init__(self, inner):
        super().__init__()
        self.inner, self.batches = inner, []

    def forward(self, x):
        if self.training and torch.is_grad_enabled():  # a step's forward pass, not a check or an evaluation
            self.batches.append(x.detach().clone())
        return self.inner(x)


def _row_indices(batch, x_train):
    match = (batch[:, None, :] == torch.as_tensor(x_train, dtype=batch.dtype)[None]).all(-1)  # (b, n)
    assert (match.sum(1) == 1).all(), "a batch row is not exactly one training point"
    return match.float().argmax(1).tolist()


def test_minibatches_cover_the_training_set():
    data = load_dataset(seed=0)
    n, batch, epochs = len(data.x_train), 16, 3
    spy = _Spy(make_mlp((8,)))
    history = train(spy, data, TrainConfig(epochs=epochs, batch_size=batch, lr=0.05))
    per_epoch = -(-n // batch)  # 70 points in batches of 16: 16, 16, 16, 16, 6
    assert len(spy.batches) == epochs * per_epoch and len(history) == epochs
    orders = []
    for e in range(epochs):
        chunks = spy.batches[e * per_epoch : (e + 1) * per_epoch]
        assert [len(c) for c in chunks] == [batch] * (n // batch) + [n % batch]
        seen = [i for c in chunks for i in _row_indices(c, data.x_train)]
        assert sorted(seen) == list(range(n))  # every training point exactly once an epoch
        orders.append(seen)
    assert orders[0] != orders[1] != orders[2]  # reshuffled every epoch
    assert orders[0] != list(range(n))


def test_full_batch_trains_on_every_point_each_step():
    data = load_dataset(seed=0)
    spy = _Spy(make_mlp((4,)))
    train(spy, data, TrainConfig(epochs=2))
    assert len(spy.batches) == 2
    for b in spy.batches:
        assert sorted(_row_indices(b, data.x_train)) == list(range(len(data.x_train)))


def test_recorder_snapshots_every_k_and_the_last():
    rec = SurfaceRecorder(every=4, resolution=10)
    train(make_mlp((4,)), load_dataset(), TrainConfig(epochs=10), [rec])
    assert [s.epoch for s in rec.snapshots] == [1, 5, 9, 10]
    assert rec.snapshots[0].probs.shape == (10, 10) and rec.snapshots[0].probs.dtype == np.float32


def test_grid_covers_the_data_with_a_margin():
    data = load_dataset()
    rec = SurfaceRecorder()
    rec.on_train_start(None, data)
    g = rec.grid
    assert g.xmin < data.x[:, 0].min() and g.xmax > data.x[:, 0].max()
    assert g.ymin < data.x[:, 1].min() and g.ymax > data.x[:, 1].max()
    assert g.xmax - g.xmin == pytest.approx(g.ymax - g.ymin)


def test_divergence_names_the_epoch_and_still_ends_callbacks():
    calls, history = _Calls(), History()
    set_seed(0)
    with pytest.raises(TrainingDiverged, match=r"training diverged at epoch 1: train loss .* Try a learning rate smaller than 1e\+06"):
        train(make_mlp(), load_dataset(), TrainConfig(lr=1e6), [calls, history])
    assert calls.calls == ["start", "end"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epochs": -3}, "epochs must be a positive integer. Got -3 instead."),
        ({"epochs": 2.5}, "epochs must be a positive integer. Got 2.5 instead."),
        ({"lr": 0.0}, "learning rate must be a positive finite number. Got 0.0 instead."),
        ({"lr": float("nan")}, "learning rate must be a positive finite number. Got nan instead."),
        ({"batch_size": 0}, "batch size must be a positive integer or None. Got 0 instead."),
    ],
)
def test_bad_config_names_the_value(kwargs, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.").replace("+", r"\+")):
        TrainConfig(**kwargs)


def test_importing_model_pulls_in_neither_matplotlib_nor_manim():
    import subprocess
    import sys

    code = "import sys, model; print(sorted(m for m in ('matplotlib', 'manim', 'PIL', 'imageio') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epochs": 0}, "epochs must be a positive integer. Got 0 instead."),
        ({"epochs": True}, "epochs must be a positive integer. Got True instead."),
        ({"lr": -0.1}, "learning rate must be a positive finite number. Got -0.1 instead."),
        ({"lr": float("inf")}, "learning rate must be a positive finite number. Got inf instead."),
        ({"lr": True}, "learning rate must be a positive finite number. Got True instead."),
        ({"lr": "0.1"}, "learning rate must be a positive finite number. Got '0.1' instead."),
        ({"batch_size": -4}, "batch size must be a positive integer or None. Got -4 instead."),
        ({"batch_size": 2.5}, "batch size must be a positive integer or None. Got 2.5 instead."),
        ({"batch_size": True}, "batch size must be a positive integer or None. Got True instead."),
    ],
)
def test_bad_config_edges_name_the_value(kwargs, message):
    with pytest.raises(ValueError, match="^" + message.replace(".", r"\.") + "$"):
        TrainConfig(**kwargs)


def test_numpy_scalars_in_a_config_become_python_numbers():
    config = TrainConfig(epochs=np.int64(3), lr=np.float32(0.5), batch_size=np.int64(8))
    assert (type(config.epochs), type(config.lr), type(config.batch_size)) == (int, float, int)
    assert (config.epochs, config.lr, config.batch_size) == (3, 0.5, 8)
    assert TrainConfig(epochs=1, lr=1, batch_size=1).batch_size == 1 and TrainConfig().batch_size is None


def test_set_seed_repeats_python_numpy_and_torch():
    import random

    def draws(seed):
        set_seed(seed)
        return random.random(), float(np.random.rand()), float(torch.rand(()))

    first, again, other = draws(3), draws(3), draws(4)
    assert first == again and all(a != b for a, b in zip(first, other))


def test_predict_and_loss_on_hand_made_logits():
    from model.training import loss_fn, predict

    one = torch.tensor([[-2.0], [0.0], [1e-6], [3.0]])
    assert predict(one).tolist() == [0, 0, 1, 1] and predict(one).dtype == torch.int64
    y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    # binary cross-entropy by hand: log(1 + e^z) - y z
    bce = np.mean([np.logaddexp(0, z) - t * z for z, t in zip([-2.0, 0.0, 1e-6, 3.0], [0, 1, 1, 0])])
    assert loss_fn(one, y).item() == pytest.approx(bce, rel=1e-6)
    many = torch.tensor([[1.0, 3.0, 2.0], [5.0, 0.0, 0.0], [0.0, -1.0, 0.5]])
    assert predict(many).tolist() == [1, 0, 2] and predict(many).dtype == torch.int64
    labels = [2, 0, 1]
    ce = np.mean([np.log(np.exp(row).sum()) - row[t] for row, t in zip(many.double().numpy(), labels)])
    assert loss_fn(many, torch.tensor(labels)).item() == pytest.approx(ce, rel=1e-6)


def _reference_metrics(model, data):
    """Losses, accuracies and predictions recomputed with NumPy from the model's logits."""
    with torch.no_grad():
        z = model(torch.as_tensor(data.x, dtype=torch.float32)).double().numpy()
    if z.shape[1] == 1:
        pred = (z[:, 0] > 0).astype(np.int64)
        losses = np.logaddexp(0, z[:, 0]) - data.y * z[:, 0]
    else:
        pred = z.argmax(1)
        losses = np.log(np.exp(z).sum(1)) - z[np.arange(len(z)), data.y]
    n = len(data.x_train)
    return [(losses[rows].mean(), (pred[rows] == data.y[rows]).mean(), pred[rows]) for rows in (slice(0, n), slice(n, None))]


@pytest.mark.parametrize("classes", [2, 3])
def test_every_epoch_reports_the_metrics_of_the_model_as_it_stands(classes):
    data = load_dataset("blobs", seed=1, classes=classes)
    set_seed(1)
    model = make_mlp((4,), classes=classes)
    seen = []

    class _Check(Callback):
        def on_epoch_end(self, model, data, metrics):
            seen.append((metrics, _reference_metrics(model, data)))

    history = train(model, data, TrainConfig(epochs=3, lr=0.05, batch_size=32), [_Check()])
    assert [m.epoch for m in history] == [1, 2, 3] and {m.epochs for m in history} == {3}
    for metrics, ((tr_loss, tr_acc, tr_pred), (te_loss, te_acc, te_pred)) in seen:
        assert metrics.train_loss == pytest.approx(tr_loss, rel=1e-5) and metrics.test_loss == pytest.approx(te_loss, rel=1e-5)
        assert metrics.train_acc == pytest.approx(tr_acc, abs=1e-12) and metrics.test_acc == pytest.approx(te_acc, abs=1e-12)
        assert np.array_equal(metrics.train_pred, tr_pred) and np.array_equal(metrics.test_pred, te_pred)
        assert len(metrics.train_pred) == 70 and len(metrics.test_pred) == 30
    assert seen[-1][0] is history[-1]


def test_without_history_only_the_last_epoch_is_returned_but_callbacks_see_all():
    calls = _Calls()
    history = train(make_mlp((4,)), load_dataset(), TrainConfig(epochs=4, keep_history=False), [calls])
    assert [m.epoch for m in history] == [4] and calls.calls == ["start", 1, 2, 3, 4, "end"]


def test_no_config_means_the_default_150_epochs():
    history = train(make_mlp((2,)), load_dataset())
    assert [m.epoch for m in history] == list(range(1, 151))


@pytest.mark.parametrize(
    "classes, outputs, message",
    [
        (2, 3, "a 2-class dataset needs a model with 1 logit. Got 3 output(s) instead."),
        (3, 1, "a 3-class dataset needs a model with 3 logits. Got 1 output(s) instead."),
    ],
)
def test_a_model_with_the_wrong_number_of_outputs_is_refused(classes, outputs, message):
    model = nn.Linear(2, outputs)
    before = [p.detach().clone() for p in model.parameters()]
    with pytest.raises(ValueError, match="^" + message.replace(".", r"\.").replace("(", r"\(").replace(")", r"\)") + "$"):
        train(model, load_dataset("blobs", classes=classes), TrainConfig(epochs=1))
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))


def test_a_batch_larger_than_the_training_set_is_one_batch_in_order():
    data = load_dataset(seed=0)
    for size in (None, len(data.x_train), 1000):
        spy = _Spy(make_mlp((4,)))
        train(spy, data, TrainConfig(epochs=2, batch_size=size))
        assert len(spy.batches) == 2
        for b in spy.batches:  # the training rows as given, not shuffled
            assert _row_indices(b, data.x_train) == list(range(len(data.x_train)))


def _line_data() -> "Dataset":
    from model.data import Dataset

    x = np.array([[-2.0, 0.0], [-1.0, 1.0], [1.0, -1.0], [2.0, 0.5], [-0.5, 0.3], [0.7, 0.2]])
    y = (x[:, 0] > 0).astype(np.int64)
    return Dataset("line", x[:4], y[:4], x[4:], y[4:])


class _Bump(nn.Module):
    """logit = ±(8 + s − 9 s²) on the side of x1 = 0: sure and right at s = 0 (loss 3.35e-4), undecided at s = 1 (ln 2)."""

    def __init__(self, shape=lambda s: 8 + s - 9 * s**2):
        super().__init__()
        self.s, self.shape = nn.Parameter(torch.tensor(0.0)), shape

    def forward(self, x):
        return torch.where(x[:, :1] > 0, 1.0, -1.0) * self.shape(self.s)


def test_divergence_is_measured_against_the_starting_loss_floored_at_a_thousandth():
    # Adam's first step moves s by lr: to s = 1, where the loss is ln 2 (2000 times the start)
    with pytest.raises(TrainingDiverged) as info:
        train(_Bump(), _line_data(), TrainConfig(epochs=3, lr=1.0, diverge_factor=10))
    assert re.fullmatch(r"training diverged at epoch 1: train loss 0\.693 is far above its starting value 0\.00033[56]\. "
                        r"Try a learning rate smaller than 1\.", str(info.value))  # 3.35e-4 in float32
    assert (info.value.epoch, info.value.lr) == (1, 1.0) and info.value.loss == pytest.approx(np.log(2), abs=1e-3)
    # the default factor, 1000, times the floor 1e-3 allows a loss of 1: ln 2 is not divergence
    history = train(_Bump(), _line_data(), TrainConfig(epochs=1, lr=1.0))
    assert history[0].train_loss == pytest.approx(np.log(2), abs=1e-3)


def test_a_loss_equal_to_the_limit_is_not_divergence():
    model = _Bump(shape=lambda s: 0 * s)  # the loss never moves from ln 2
    history = train(model, _line_data(), TrainConfig(epochs=2, diverge_factor=1.0))
    assert [m.train_loss for m in history] == pytest.approx([np.log(2)] * 2, rel=1e-6)


def test_a_loss_that_is_not_a_number_is_named():
    model = _Bump(shape=lambda s: 8 + 2 * s + torch.log(1 - s))  # s = 2 after one step: log of -1
    with pytest.raises(TrainingDiverged, match=r"^training diverged at epoch 1: train loss is nan\. Try a learning rate smaller than 2\.$") as info:
        train(model, _line_data(), TrainConfig(epochs=2, lr=2.0))
    assert math.isnan(info.value.loss)


def test_a_minibatch_loss_that_overflows_is_named():
    class _Overflow(_Bump):  # huge logits while training only: two losses of 3e38 sum past float32, gradients stay finite
        def forward(self, x):
            return super().forward(x) + (3e38 if self.training and torch.is_grad_enabled() else 0.0)

    with pytest.raises(TrainingDiverged, match=r"^training diverged at epoch 1: train loss is inf\. Try a learning rate smaller than 0\.01\.$"):
        train(_Overflow(), _line_data(), TrainConfig(epochs=2, lr=0.01))


def test_labels_of_any_integer_type_train_alike():
    from model.data import Dataset

    data = load_dataset("blobs", seed=2, classes=3)
    narrow = Dataset(data.name, data.x_train, data.y_train.astype(np.int32), data.x_test, data.y_test.astype(np.uint8))
    runs = []
    for d in (data, narrow):
        set_seed(2)
        runs.append([(m.train_loss, m.test_acc) for m in train(make_mlp((4,), classes=3), d, TrainConfig(epochs=3, lr=0.05))])
    assert runs[0] == runs[1]


class _Seen(Callback):
    """Records which model, data and metrics every hook was handed."""

    def __init__(self):
        self.seen = []

    def on_train_start(self, model, data):
        self.seen.append(("start", model, data, None))

    def on_epoch_end(self, model, data, metrics):
        self.seen.append(("epoch", model, data, metrics))

    def on_train_end(self, model, data):
        self.seen.append(("end", model, data, None))


def test_hooks_are_handed_the_model_the_data_and_the_returned_metrics():
    model, data, seen = make_mlp((4,)), load_dataset(), _Seen()
    history = train(model, data, TrainConfig(epochs=2), [seen])
    assert [(s[0], s[1] is model, s[2] is data) for s in seen.seen] == [("start", True, True), ("epoch", True, True), ("epoch", True, True), ("end", True, True)]
    assert [s[3] for s in seen.seen[1:3]] == history
    model, data, seen = _Bump(), _line_data(), _Seen()
    with pytest.raises(TrainingDiverged):
        train(model, data, TrainConfig(epochs=3, lr=1.0, diverge_factor=10), [seen])
    assert [(s[0], s[1] is model, s[2] is data) for s in seen.seen] == [("start", True, True), ("end", True, True)]


def test_the_shuffle_depends_on_the_config_seed_only():
    data = load_dataset(seed=0)

    def order(seed, global_seed):
        torch.manual_seed(global_seed)  # the weights' and torch's global generator: not the shuffle
        spy = _Spy(make_mlp((4,)))
        train(spy, data, TrainConfig(epochs=1, batch_size=35, seed=seed))
        return [i for b in spy.batches for i in _row_indices(b, data.x_train)]

    assert order(5, 0) == order(5, 1) and order(5, 0) != order(6, 0)


def test_the_starting_value_in_a_divergence_is_the_untrained_train_loss():
    data = load_dataset()
    set_seed(0)
    model = make_mlp()
    start = _reference_metrics(model, data)[0][0]
    assert f"{start:.3g}" != f"{_reference_metrics(model, data)[1][0]:.3g}"  # the test rows' loss reads differently
    with pytest.raises(TrainingDiverged) as info:
        train(model, data, TrainConfig(lr=1e6))
    assert str(info.value).endswith(f"is far above its starting value {start:.3g}. Try a learning rate smaller than 1e+06.")
