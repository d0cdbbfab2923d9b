"""Per-student variants: every one fair for 200 seeds, the answer key equal to model.conv and autograd, repeatable."""

import re
import subprocess
import sys

import numpy as np
import pytest

from model.chain import CHAIN_KEYS, run_chain
from model.conv import autograd_gradients, forward, gradient, gradients
from model.variants import FairnessRules, draw_example, fairness_problems, make_variant, make_variants
from render.text.derivation import DEFAULT_TARGETS, derivation_markdown

SEEDS = range(200)


@pytest.fixture(scope="module")
def classes():
    """Two students per seed, so each class has both labels."""
    return {seed: make_variants(2, seed, 4, 3, DEFAULT_TARGETS) for seed in SEEDS}


def _is_tenths(array) -> bool:
    scaled = np.asarray(array, dtype=np.float64) * 10
    return bool(np.all(np.abs(scaled - np.round(scaled)) < 1e-9))


def test_every_variant_of_200_seeds_passes_the_fairness_rules(classes):
    for seed, class_ in classes.items():
        assert sorted(v.example.y for v in class_) == [0, 1], seed
        for v in class_:
            ex = v.example
            assert all(_is_tenths(x) for x in (ex.a, ex.w, ex.b, ex.v, ex.c)), seed
            fwd, grads = forward(ex), gradients(ex)
            assert np.abs(fwd.z).max() <= 2.5 and abs(fwd.s) <= 2.5, seed  # no sigmoid saturates
            assert np.round(np.abs(grads.delta), 4).min() >= 1e-4, seed  # no delta rounds to 0
            for name in v.targets:
                grad = gradient(ex, name)
                assert min(round(abs(t.value), 4) for t in grad.terms) >= 1e-4, (seed, name)
                assert abs(grad.value) >= 1e-2, (seed, name)
            assert fairness_problems(ex, v.targets) == [], seed


def _table_row(text: str, latex_target: str) -> tuple[float, float]:
    """The closed-form and autograd numbers of the answer key's check table for one target."""
    row = re.search(rf"\| \$\\frac{{\\partial L}}{{\\partial {re.escape(latex_target)}}}\$ \| \$(.*?)\$ \| \$(.*?)\$ \|", text)
    parse = lambda s: float(s.replace(r" \times 10^{", "e").rstrip("}"))  # noqa: E731
    return parse(row.group(1)), parse(row.group(2))


def test_answer_key_numbers_equal_model_conv_and_autograd(classes):
    for seed in SEEDS:
        for v in classes[seed]:
            ex, text = v.example, derivation_markdown(v.example, v.targets)
            auto = autograd_gradients(ex)
            for name, latex, exact in (("w00", "w_{00}", auto.dw[0, 0]), ("a21", "a_{21}", auto.da[2, 1])):
                closed, from_torch = _table_row(text, latex)
                assert closed == pytest.approx(gradient(ex, name).value, rel=1e-4), (seed, name)
                assert from_torch == pytest.approx(float(exact), rel=1e-4), (seed, name)
                assert gradient(ex, name).value == pytest.approx(float(exact), rel=1e-10), (seed, name)
            assert f"y = {ex.y}" in text


def test_the_chain_used_for_mistakes_equals_model_conv():
    for v in make_variants(10, 3, 5, 3, ("w12", "a11", "v4", "b", "c")):
        ex, values = v.example, run_chain(v.example, v.targets)
        fwd, grads = forward(ex), gradients(ex)
        want = {"z": fwd.z, "h": fwd.h, "s": fwd.s, "y_hat": fwd.y_hat, "L": fwd.loss, "dL_ds": grads.error, "delta": grads.delta}
        for key in CHAIN_KEYS:
            np.testing.assert_allclose(values[key], want[key], rtol=1e-12, atol=1e-15, err_msg=key)
        for name in v.targets:
            assert values[name] == pytest.approx(gradient(ex, name).value, rel=1e-12, abs=1e-15), name


def test_same_seed_same_class_in_a_fresh_process():
    here = [v.example.to_dict() for v in make_variants(3, 11, 4, 3, DEFAULT_TARGETS)]
    code = ("from model.variants import make_variants;"
            "print([v.example.to_dict() for v in make_variants(3, 11, 4, 3, ('w00', 'a21'))])")
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert there.strip() == str(here)
    assert here != [v.example.to_dict() for v in make_variants(3, 12, 4, 3, DEFAULT_TARGETS)]


def test_seed_zero_gives_these_numbers_on_every_machine():
    ex = make_variants(2, 0, 4, 3, DEFAULT_TARGETS)[0].example
    assert ex.to_dict() == {
        "a": [[0.7, 0.5, 0.6, 0.3], [0.6, 0.7, 0.4, 0.5], [0.9, 0.8, 0.9, 0.4], [0.7, 0.9, 0.6, 0.8]],
        "w": [[-0.7, -0.7, -0.4], [-0.8, 0.2, 0.6], [-0.7, 0.8, 0.5]],
        "b": 0.2,
        "v": [0.6, 0.3, -0.3, 0.7],
        "c": -0.1,
        "y": 1,
    }


def test_five_by_five_with_w12_and_a11():
    class_ = make_variants(6, 5, 5, 3, ("w12", "a11"))
    assert [v.targets for v in class_] == [("w12", "a11")] * 6
    for v in class_:
        assert v.example.a.shape == (5, 5) and v.example.v.shape == (9,)
        assert fairness_problems(v.example, v.targets) == []
        assert abs(gradient(v.example, "a11").value) >= 1e-2


@pytest.mark.parametrize("n, k", [(3, 2), (5, 2), (6, 3), (6, 4), (8, 3)])
def test_other_sizes_are_fair_too(n, k):
    for v in make_variants(3, 1, n, k, DEFAULT_TARGETS):
        assert v.example.n == n and v.example.k == k and fairness_problems(v.example, v.targets) == []


@pytest.mark.parametrize(
    "args, message",
    [
        ((0, 1, 4, 3), "count must be a positive integer. Got 0 instead."),
        ((-2, 1, 4, 3), "count must be a positive integer. Got -2 instead."),
        ((2, -1, 4, 3), "seed must be a non-negative integer. Got -1 instead."),
        ((2, 1.5, 4, 3), "seed must be a non-negative integer. Got 1.5 instead."),
        ((2, 1, 4, 4), "kernel size must be smaller than the input size (4). Got 4 instead."),
        ((2, 1, 4, 5), "kernel size must be smaller than the input size (4). Got 5 instead."),
        ((2, 1, 9, 3), "input size must be between 2 and 8. Got 9 instead."),
        ((2, 1, 4, 0), "kernel size must be a positive integer. Got 0 instead."),
    ],
)
def test_bad_class_options_name_the_value(args, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        make_variants(*args, DEFAULT_TARGETS)


def test_target_outside_the_example_is_refused():
    with pytest.raises(ValueError, match="target 'a44' is outside the 4x4 input"):
        make_variants(2, 1, 4, 3, ("a44",))


def test_an_unfair_draw_is_reported_and_a_fair_one_is_kept():
    rng = np.random.default_rng(5)
    draws = [draw_example(rng, 4, 3, 1) for _ in range(200)]
    unfair = [ex for ex in draws if fairness_problems(ex, DEFAULT_TARGETS)]
    assert 0 < len(unfair) < len(draws)  # the rules do reject some draws, and accept most
    strict = FairnessRules(min_gradient=10.0)
    with pytest.raises(ValueError, match="no fair example found in 5 draws"):
        make_variant(0, 0, 1, 4, 3, DEFAULT_TARGETS, rules=strict, max_draws=5)
