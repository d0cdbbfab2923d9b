"""The nudge: a real forward pass with one entry moved by eps, against the closed-form gradient and torch."""

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from model.conv import forward, gradients, load_example, windows_covering
from model.nudge import NUDGE_EPS, nudge, nudged_example
from model.scene_numbers import scene_numbers


@pytest.fixture(scope="module")
def example():
    return load_example(None)


def _torch_loss(ex) -> float:
    """An independent forward pass in torch float64."""
    a, w, v = (torch.tensor(x, dtype=torch.float64) for x in (ex.a, ex.w, ex.v))
    z = F.conv2d(a[None, None], w[None, None])[0, 0] + ex.b
    s = torch.dot(v, torch.sigmoid(z).reshape(-1)) + ex.c
    return float(-(ex.y * F.logsigmoid(s) + (1 - ex.y) * F.logsigmoid(-s)))


@pytest.mark.parametrize("target", ["w00", "a21", "w12", "a00"])
def test_the_nudged_loss_is_a_real_forward_pass_torch_agrees_with(example, target):
    moved = nudge(example, target)
    assert moved.eps == NUDGE_EPS == 0.01
    assert moved.loss_after == pytest.approx(_torch_loss(nudged_example(example, target, NUDGE_EPS)), rel=1e-12)
    assert moved.loss_before == pytest.approx(_torch_loss(example), rel=1e-12)


def test_kernel_nudge_moves_each_z_by_the_input_under_it(example):
    moved = nudge(example, "w00")
    np.testing.assert_allclose(moved.dz, example.a[:2, :2] * 0.01, atol=1e-15)
    assert moved.dloss == pytest.approx(0.00028824611145, abs=1e-13)
    assert moved.predicted == pytest.approx(0.0288096578813571 * 0.01, rel=1e-12)


def test_input_nudge_moves_only_the_covering_windows_each_by_its_own_weight(example):
    moved = nudge(example, "a21")
    expected = np.zeros((2, 2))
    for i, j in windows_covering(example, 2, 1):
        expected[i, j] = example.w[2 - i, 1 - j] * 0.01
    np.testing.assert_allclose(moved.dz, expected, atol=1e-15)
    np.testing.assert_allclose(moved.dz, [[-0.002, 0.003], [0.006, -0.004]], atol=1e-15)
    assert moved.dloss == pytest.approx(-0.00029444665018, abs=1e-13)


@pytest.mark.parametrize("target", ["w00", "w21", "a21", "a33", "a12"])
def test_finite_differences_match_the_closed_form(example, target):
    grads = gradients(example)
    exact = nudge(example, target).gradient
    letter, (r, c) = target[0], (int(target[1]), int(target[2]))
    assert exact == float((grads.dw if letter == "w" else grads.da)[r, c])
    h = 1e-6
    central = (nudge(example, target, h).loss_after - nudge(example, target, -h).loss_after) / (2 * h)
    assert central == pytest.approx(exact, rel=1e-6, abs=1e-10)
    small = nudge(example, target)  # eps = 0.01: the forward difference is off only by a term in eps squared
    assert small.dloss == pytest.approx(small.predicted, rel=0.02, abs=1e-7)


def test_nudge_on_a_five_by_five_example(tmp_path):
    data = {"a": (np.arange(25).reshape(5, 5) / 25).tolist(), "w": [[0.5, -0.3], [-0.4, 0.6]], "b": 0.1, "c": 0.2, "y": 0,
            "v": [0.1 * (k % 5) - 0.2 for k in range(16)]}  # fmt: skip
    path = tmp_path / "five.json"
    path.write_text(json.dumps(data))
    ex = load_example(path)
    moved = nudge(ex, "a21")
    assert moved.dz.shape == (4, 4) and np.count_nonzero(moved.dz) == 4
    assert moved.loss_after == pytest.approx(_torch_loss(nudged_example(ex, "a21", 0.01)), rel=1e-12)
    assert moved.z_before.tolist() == forward(ex).z.tolist()


@pytest.mark.parametrize(("target", "eps", "match"), [("v1", 0.01, "kernel entry"), ("w00", 0.0, "eps must be"),
                                                      ("w00", float("nan"), "eps must be")])  # fmt: skip
def test_bad_nudges_are_refused(example, target, eps, match):
    with pytest.raises(ValueError, match=match):
        nudge(example, target, eps)


def test_the_scene_numbers_carry_both_nudges(example):
    numbers = scene_numbers(example)
    assert numbers.kernel_nudge.target == "w00" and numbers.input_nudge.target == "a21"
    assert numbers.kernel_nudge.loss_after == pytest.approx(nudge(example, "w00").loss_after, rel=1e-15)
