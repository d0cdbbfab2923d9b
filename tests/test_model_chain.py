"""The checker's chain is model.conv's functions: the links are the same objects, and changing one changes both."""

import numpy as np
import pytest

import model.conv as conv
import model.scene_numbers as scene_numbers_module
from model.chain import CHAIN_KEYS, CORRECT, run_chain
from model.checker import reference_values
from model.conv import load_example
from model.mistakes import MISTAKES
from model.scene_numbers import scene_numbers

LINKS = {"z": "pre_activations", "h": "sigmoid", "s": "head", "y_hat": "sigmoid", "L": "loss", "dL_ds": "error_term", "delta": "delta_map"}


def test_every_correct_link_is_the_model_conv_function():
    for link, name in LINKS.items():
        assert getattr(CORRECT, link) is getattr(conv, name), link
    assert scene_numbers_module.window_sum is conv.window_sum and scene_numbers_module.loss_slope is conv.loss_slope


def test_each_known_mistake_swaps_exactly_one_link():
    for found in MISTAKES.values():
        swapped = CORRECT.replacing(found.link, found.compute)
        changed = [link for link in (*CHAIN_KEYS, "gradient") if getattr(swapped, link) is not getattr(CORRECT, link)]
        assert changed == [found.link], found.name


@pytest.mark.parametrize("name, wrap, changed", [
    ("window_sum", lambda f: lambda a, w, m: f(a, w, m) * 1.5, "z"),
    ("sigmoid_slope", lambda f: lambda x: f(x) * 1.3, "delta"),
    ("softplus", lambda f: lambda x: f(x) + 0.25, "L"),
])  # fmt: skip
def test_changing_a_conv_function_changes_the_checker_and_the_scene_numbers_alike(monkeypatch, name, wrap, changed):
    ex, targets = load_example(None), ["w00", "a21"]
    before = run_chain(ex, targets)
    monkeypatch.setattr(conv, name, wrap(getattr(conv, name)))
    chain, scene, checker = run_chain(ex, targets), scene_numbers(ex), reference_values(ex, targets)
    shown = {"z": scene.fwd.z, "h": scene.fwd.h, "s": scene.fwd.s, "L": scene.fwd.loss, "dL_ds": scene.grads.error,
             "delta": scene.grads.delta, "w00": scene.kernel_grad.value, "a21": scene.input_grad.value}  # fmt: skip
    assert not np.allclose(shown[changed], before[changed])  # the video's number moved...
    for key, value in shown.items():  # ...and the checker's chain and its reference moved with it
        np.testing.assert_allclose(chain[key], value, rtol=1e-12, err_msg=key)
        np.testing.assert_allclose(checker[key], value, rtol=1e-12, err_msg=key)
