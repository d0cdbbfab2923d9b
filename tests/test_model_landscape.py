"""The loss landscape: batched values equal direct evaluation, and its minimum sits where training ended."""

import copy

import numpy as np
import pytest
import torch

from model import Dataset, TrainConfig, load_dataset, make_mlp, set_seed, train
from model.callbacks import SurfaceRecorder
from model.landscape import landscape_directions, loss_at, loss_landscape


def _trained(data, hidden, epochs, lr=0.03):
    set_seed(0)
    model = make_mlp(hidden, classes=data.classes)
    recorder = SurfaceRecorder(params=True)
    train(model, data, TrainConfig(epochs=epochs, lr=lr), [recorder])
    trajectory = np.stack([recorder.start_params, *(s.params for s in recorder.snapshots)])
    return model, trajectory


@pytest.fixture(scope="module")
def noisy():
    """Overlapping classes: the loss has a true minimum, which training reaches."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))
    y = (x[:, 0] + rng.normal(scale=1.0, size=200) > 0).astype(np.int64)
    data = Dataset("noisy", x[:140], y[:140], x[140:], y[140:])
    model, trajectory = _trained(data, (2,), 1500, lr=0.01)
    return model, data, trajectory, loss_landscape(model, data, trajectory)


def _plain_loss(model, data, flat):
    """The training loss at weights `flat`, by hand: a float64 copy of the model, its parameters overwritten, BCE by formula."""
    clone = copy.deepcopy(model).double()
    torch.nn.utils.vector_to_parameters(torch.as_tensor(flat, dtype=torch.float64), clone.parameters())
    with torch.no_grad():
        z = clone(torch.as_tensor(data.x_train, dtype=torch.float64))[:, 0]
        y = torch.as_tensor(data.y_train, dtype=torch.float64)
        return float(torch.mean(torch.clamp(z, min=0) - z * y + torch.log1p(torch.exp(-torch.abs(z)))))


def test_grid_values_match_direct_loss_evaluation(noisy):
    model, data, _, land = noisy
    rng = np.random.default_rng(7)
    for row, col in rng.integers(0, 41, size=(3, 2)):
        flat = land.centre + land.alphas[col] * land.directions[0] + land.betas[row] * land.directions[1]
        assert land.loss[row, col] == pytest.approx(_plain_loss(model, data, flat), abs=1e-6)
        assert loss_at(model, data, flat) == pytest.approx(_plain_loss(model, data, flat), abs=1e-9)


def test_the_minimum_is_at_the_final_weights_within_a_grid_cell(noisy):
    _, _, _, land = noisy
    row, col = np.unravel_index(land.loss.argmin(), land.loss.shape)
    assert abs(row - 20) <= 1 and abs(col - 20) <= 1
    assert land.alphas[20] == 0.0 and land.betas[20] == 0.0  # the centre point is the final weights


def test_the_path_starts_far_and_ends_at_the_centre(noisy):
    _, _, trajectory, land = noisy
    assert land.path.shape == (len(trajectory), 2) and np.allclose(land.path[-1], 0.0)
    d = land.directions
    assert np.allclose(d @ d.T, np.eye(2), atol=1e-9)  # orthonormal
    assert np.linalg.norm(land.path[0]) > 10 * np.linalg.norm(land.path[-2])


def test_many_class_landscape_uses_cross_entropy():
    data = load_dataset("blobs", classes=3, n_samples=90)
    model, trajectory = _trained(data, (4,), 20)
    land = loss_landscape(model, data, trajectory, steps=11)
    flat = land.centre + land.alphas[3] * land.directions[0] + land.betas[8] * land.directions[1]
    assert land.loss[8, 3] == pytest.approx(loss_at(model, data, flat), abs=1e-6)


def test_fewer_than_two_recorded_epochs_is_refused():
    with pytest.raises(ValueError, match="the loss landscape needs at least 2 recorded epochs. Got 1 instead."):
        landscape_directions(np.zeros((2, 10)))


def test_even_or_tiny_steps_are_refused(noisy):
    model, data, trajectory, _ = noisy
    with pytest.raises(ValueError, match="landscape steps must be an odd integer of at least 3. Got 40 instead."):
        loss_landscape(model, data, trajectory, steps=40)


def test_filter_normalised_random_directions(noisy):
    model, data, trajectory, _ = noisy
    land = loss_landscape(model, data, trajectory, steps=11, directions="random")
    centre, d = land.centre, land.directions
    w0 = centre[:4].reshape(2, 2)  # first layer: 2 units x 2 inputs
    assert np.allclose(np.linalg.norm(d[0, :4].reshape(2, 2), axis=1), np.linalg.norm(w0, axis=1))
    assert np.all(d[:, 4:6] == 0.0)  # biases are not moved
    flat = centre + land.alphas[2] * d[0] + land.betas[7] * d[1]
    assert land.loss[7, 2] == pytest.approx(loss_at(model, data, flat), abs=1e-6)
    assert land.loss[5, 5] == pytest.approx(loss_at(model, data, centre), abs=1e-9)
    with pytest.raises(ValueError, match="landscape directions must be 'pca' or 'random'. Got 'pcb' instead."):
        loss_landscape(model, data, trajectory, directions="pcb")
