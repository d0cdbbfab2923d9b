"""The training loop: callbacks, seeding, accuracy, divergence."""

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
