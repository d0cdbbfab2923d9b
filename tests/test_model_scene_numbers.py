"""The lesson's numbers: one forward pass, sigma', the cancellation, the full convolution, the check, one step."""

import dataclasses
import json

import numpy as np
import pytest

import model.scene_numbers as scene_numbers_module
from model.conv_example import DEFAULT_LEARNING_RATE
from model.conv import autograd_gradients, forward, gradient, gradients, load_example
from model.scene_numbers import AGREEMENT_RTOL, agrees, full_convolution, scene_numbers


@pytest.fixture(scope="module")
def example():
    return load_example(None)


@pytest.fixture(scope="module")
def numbers(example):
    return scene_numbers(example)


def test_forward_and_gradients_are_model_values(example, numbers):
    fwd, grads, auto = forward(example), gradients(example), autograd_gradients(example)
    for name in ("z", "h", "h_flat", "sigma_prime"):
        np.testing.assert_array_equal(getattr(numbers.fwd, name), getattr(fwd, name))
    assert (numbers.fwd.s, numbers.fwd.y_hat, numbers.fwd.loss) == (fwd.s, fwd.y_hat, fwd.loss)
    np.testing.assert_array_equal(numbers.grads.delta, grads.delta)
    assert numbers.kernel_grad == gradient(example, "w00") and numbers.input_grad == gradient(example, "a21")
    assert (numbers.kernel_pos, numbers.input_pos) == ((0, 0), (2, 1))
    assert numbers.input_windows == ((0, 0), (0, 1), (1, 0), (1, 1))
    assert numbers.kernel_torch == float(auto.dw[0, 0]) and numbers.input_torch == float(auto.da[2, 1])


def test_the_example_values_the_lesson_shows(numbers):
    assert numbers.fwd.loss == pytest.approx(0.6649100766366103, abs=1e-12)
    np.testing.assert_allclose(numbers.fwd.sigma_prime, [[0.24549854, 0.23929122], [0.22878424, 0.24481656]], atol=1e-8)
    np.testing.assert_allclose(numbers.grads.delta, [[-0.09538703, 0.06973141], [-0.04444639, 0.1070123]], atol=1e-8)
    assert numbers.kernel_grad.value == pytest.approx(0.028809657881357115, abs=1e-15)
    assert numbers.input_grad.value == pytest.approx(-0.029476, abs=5e-7)


def test_sigma_prime_is_h_times_one_minus_h(numbers):
    h = numbers.fwd.h
    np.testing.assert_allclose(numbers.fwd.sigma_prime, h * (1 - h), rtol=1e-12)


def test_output_slopes_cancel_to_the_error(numbers):
    y_hat = numbers.fwd.y_hat
    assert numbers.dl_dyhat == pytest.approx(-1 / y_hat, rel=1e-12)  # y = 1
    assert numbers.dyhat_ds == pytest.approx(y_hat * (1 - y_hat), rel=1e-12)
    assert numbers.dl_dyhat * numbers.dyhat_ds == pytest.approx(numbers.grads.error, rel=1e-12)
    assert numbers.grads.error == pytest.approx(y_hat - 1, rel=1e-12)


def test_full_convolution_with_the_rotated_kernel_is_the_input_gradient(example, numbers):
    np.testing.assert_array_equal(numbers.w_rotated, example.w[::-1, ::-1])
    assert numbers.delta_padded.shape == (6, 6)
    np.testing.assert_array_equal(numbers.delta_padded[2:4, 2:4], numbers.grads.delta)
    assert np.count_nonzero(numbers.delta_padded) == 4
    np.testing.assert_allclose(numbers.da_full, numbers.grads.da, rtol=0, atol=1e-15)
    np.testing.assert_allclose(numbers.da_full, autograd_gradients(example).da, rtol=1e-12, atol=1e-15)


def test_full_convolution_of_a_one_hot_map_places_the_rotated_kernel():
    w = np.arange(9.0).reshape(3, 3)
    _, rotated, da = full_convolution(np.array([[1.0, 0.0], [0.0, 0.0]]), w)
    np.testing.assert_array_equal(rotated, [[8, 7, 6], [5, 4, 3], [2, 1, 0]])
    np.testing.assert_array_equal(da[:3, :3], w)  # delta_00 = 1 sends w back onto the window it came from
    assert da[3].sum() == 0 and da[:, 3].sum() == 0


def test_agreement_is_a_comparison_that_can_fail(numbers):
    assert numbers.kernel_agrees and numbers.input_agrees
    assert agrees(1.0, 1.0 + 0.5 * AGREEMENT_RTOL) and not agrees(1.0, 1.0 + 2 * AGREEMENT_RTOL)
    off = dataclasses.replace(numbers, kernel_torch=numbers.kernel_torch * (1 + 1e-6))
    assert not off.kernel_agrees and off.input_agrees


def test_one_step_lowers_the_loss_with_the_default_rate(example, numbers):
    assert example.eta == DEFAULT_LEARNING_RATE == 0.5
    grads = gradients(example)
    np.testing.assert_allclose(numbers.stepped.w, example.w - 0.5 * grads.dw, rtol=0, atol=1e-15)
    np.testing.assert_allclose(numbers.stepped.v, example.v - 0.5 * grads.dv, rtol=0, atol=1e-15)
    assert numbers.stepped.b == pytest.approx(example.b - 0.5 * grads.db, abs=1e-15)
    np.testing.assert_array_equal(numbers.stepped.a, example.a)
    assert numbers.loss_after == pytest.approx(0.4432979206990527, abs=1e-12)
    assert numbers.loss_after < numbers.fwd.loss


def test_eta_comes_from_the_example_file(tmp_path, example):
    path = tmp_path / "eta.json"
    path.write_text(json.dumps({**example.to_dict(), "eta": 0.1}))
    stepped = scene_numbers(load_example(path))
    assert stepped.example.eta == 0.1 and stepped.example.to_dict()["eta"] == 0.1
    assert "eta" not in example.to_dict()
    assert stepped.loss_after == pytest.approx(0.6144521517940156, abs=1e-12)


@pytest.mark.parametrize("eta", [0, -1, "fast", None, True])
def test_bad_eta_names_the_key(tmp_path, example, eta):
    path = tmp_path / "eta.json"
    path.write_text(json.dumps({**example.to_dict(), "eta": eta}))
    with pytest.raises(ValueError, match="key 'eta' \\(the learning rate\\) must be a positive number. Got"):
        load_example(path)


def test_forward_runs_once(example, monkeypatch):
    calls = []
    original = scene_numbers_module.forward
    monkeypatch.setattr(scene_numbers_module, "forward", lambda ex: calls.append(ex) or original(ex))
    scene_numbers(example)
    assert len(calls) == 2  # the example, then the stepped example for the new loss


@pytest.mark.parametrize(("kernel", "inputs", "match"), [("a21", "a21", "kernel entry like 'w00'"), ("w00", "v1", "input entry")])
def test_targets_must_be_a_kernel_entry_and_an_input_entry(example, kernel, inputs, match):
    with pytest.raises(ValueError, match=match):
        scene_numbers(example, kernel, inputs)
