"""The tiny CNN's closed-form gradients against torch autograd, finite differences and exact arithmetic."""

import dataclasses
import json
import math
import subprocess
import sys
from decimal import Decimal, localcontext

import numpy as np
import pytest

from model.conv import (
    DEFAULT_EXAMPLE_PATH,
    EXAMPLE_ENV_VAR,
    ConvExample,
    autograd_gradients,
    example_from_dict,
    forward,
    gradient,
    gradients,
    load_example,
    target_names,
    windows_covering,
)

SIZES = [(4, 3), (5, 3), (5, 2), (6, 4)]
SEEDS = range(4)


def _random_example(n: int, k: int, y: int, seed: int) -> ConvExample:
    rng = np.random.default_rng(seed)
    m = n - k + 1
    return ConvExample(
        a=rng.uniform(0.0, 1.0, (n, n)),
        w=rng.uniform(-1.0, 1.0, (k, k)),
        b=float(rng.uniform(-0.5, 0.5)),
        v=rng.uniform(-1.5, 1.5, m * m),
        c=float(rng.uniform(-0.5, 0.5)),
        y=y,
    )


def _examples() -> list[ConvExample]:
    return [load_example(DEFAULT_EXAMPLE_PATH)] + [
        _random_example(n, k, y, seed) for n, k in SIZES for y in (0, 1) for seed in SEEDS
    ]


def _rel(got: np.ndarray, want: np.ndarray) -> float:
    """Largest error relative to the largest entry of the reference."""
    want = np.asarray(want, dtype=np.float64)
    return float(np.max(np.abs(np.asarray(got) - want)) / max(np.max(np.abs(want)), 1e-300))


def _all_fields(grads) -> dict:
    return {"error": grads.error, "delta": grads.delta, "dw": grads.dw, "da": grads.da, "dv": grads.dv, "db": grads.db, "dc": grads.dc}


@pytest.fixture(scope="module")
def default_example() -> ConvExample:
    return load_example(DEFAULT_EXAMPLE_PATH)


@pytest.mark.parametrize("ex", _examples(), ids=lambda ex: f"n{ex.n}k{ex.k}y{ex.y}")
def test_closed_form_matches_autograd(ex):
    mine, torch_ = _all_fields(gradients(ex)), _all_fields(autograd_gradients(ex))
    for key in mine:
        assert _rel(mine[key], torch_[key]) <= 1e-12, key


def _loss_at(ex: ConvExample, field: str, index: tuple, value: float) -> float:
    data = {"a": ex.a.copy(), "w": ex.w.copy(), "v": ex.v.copy(), "b": ex.b, "c": ex.c}
    if field in ("b", "c"):
        data[field] = value
    else:
        data[field][index] = value
    return forward(dataclasses.replace(ex, **data)).loss


@pytest.mark.parametrize("ex", _examples(), ids=lambda ex: f"n{ex.n}k{ex.k}y{ex.y}")
def test_closed_form_matches_central_differences(ex):
    grads, step = gradients(ex), 1e-5
    for field, analytic in (("a", grads.da), ("w", grads.dw), ("v", grads.dv), ("b", grads.db), ("c", grads.dc)):
        base = np.asarray(getattr(ex, field), dtype=np.float64)
        numeric = np.zeros_like(base)
        for index in np.ndindex(base.shape):
            x = float(base[index])
            up, down = _loss_at(ex, field, index, x + step), _loss_at(ex, field, index, x - step)
            numeric[index] = (up - down) / (2 * step)
        np.testing.assert_allclose(numeric, analytic, rtol=1e-6, atol=1e-9, err_msg=field)


@pytest.mark.parametrize("ex", _examples(), ids=lambda ex: f"n{ex.n}k{ex.k}y{ex.y}")
def test_every_target_sums_its_terms_and_matches_autograd(ex):
    check = autograd_gradients(ex)
    scale = {"w": np.abs(check.dw).max(), "a": np.abs(check.da).max(), "v": np.abs(check.dv).max()}
    for name in target_names(ex):
        grad = gradient(ex, name)
        assert grad.target == name
        assert math.isclose(math.fsum(t.value for t in grad.terms), grad.value, rel_tol=1e-12, abs_tol=1e-16)
        for term in grad.terms:
            assert term.value == pytest.approx(term.delta * term.factor, rel=1e-15, abs=1e-300)
        if name in ("b", "c"):
            want = check.db if name == "b" else check.dc
            assert grad.value == pytest.approx(want, rel=1e-12, abs=1e-15)
            continue
        letter, digits = name[0], name[1:]
        index = (int(digits),) if letter == "v" else (int(digits[0]), int(digits[1]))
        want = {"w": check.dw, "a": check.da, "v": check.dv}[letter][index]
        assert abs(grad.value - want) <= 1e-12 * scale[letter]


def test_default_example_numbers(default_example):
    ex = default_example
    assert (ex.n, ex.k, ex.m, ex.y) == (4, 3, 2, 1)
    for values in (ex.a, ex.w, ex.v, [ex.b, ex.c]):
        assert np.allclose(np.round(np.asarray(values) * 10), np.asarray(values) * 10)  # one decimal
    assert ex.a.min() >= 0 and ex.a.max() <= 1 and np.abs(ex.w).max() <= 1
    assert (ex.w < 0).any() and (ex.v < 0).any()
    assert abs(gradient(ex, "w00").value) > 1e-2 and abs(gradient(ex, "a21").value) > 1e-2
    fwd = forward(ex)
    assert fwd.y_hat == pytest.approx(1 / (1 + math.exp(-fwd.s)), rel=1e-15)
    assert fwd.loss == pytest.approx(-math.log(fwd.y_hat), rel=1e-14)


def test_w_terms_cover_every_position_in_row_major_order(default_example):
    grad = gradient(default_example, "w12")
    assert [(t.i, t.j) for t in grad.terms] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [t.factor_name for t in grad.terms] == ["a12", "a13", "a22", "a23"]
    assert [t.factor for t in grad.terms] == [default_example.a[1 + t.i, 2 + t.j] for t in grad.terms]


def test_a21_terms_are_the_four_windows_with_flipped_kernel_weights(default_example):
    ex = default_example
    grad = gradient(ex, "a21")
    assert windows_covering(ex, 2, 1) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [(t.i, t.j) for t in grad.terms] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [t.factor_name for t in grad.terms] == ["w21", "w20", "w11", "w10"]
    delta = gradients(ex).delta
    for t in grad.terms:
        assert t.factor == ex.w[2 - t.i, 1 - t.j] and t.delta == delta[t.i, t.j]


def test_corner_inputs_have_one_window(default_example):
    assert windows_covering(default_example, 0, 0) == [(0, 0)]
    assert windows_covering(default_example, 3, 3) == [(1, 1)]
    assert windows_covering(default_example, 0, 3) == [(0, 1)]
    assert len(gradient(default_example, "a30").terms) == 1


def test_head_and_bias_terms(default_example):
    ex, grads = default_example, gradients(default_example)
    (v3,) = gradient(ex, "v3").terms
    assert (v3.i, v3.j, v3.factor_name, v3.delta, v3.factor) == (1, 1, "h3", grads.error, forward(ex).h_flat[3])
    assert [t.factor for t in gradient(ex, "b").terms] == [1.0] * 4
    (c,) = gradient(ex, "c").terms
    assert (c.delta, c.factor, c.value) == (grads.error, 1.0, grads.error)
    assert grads.error == pytest.approx(forward(ex).y_hat - ex.y, rel=1e-15)  # -sigma(-s) for y = 1


def _exact_gradients(ex: ConvExample) -> dict:
    """The gradients in 60-digit decimal arithmetic, as the reference for saturated sigmoids."""
    with localcontext() as ctx:
        ctx.prec = 60
        one = Decimal(1)
        sig = lambda x: one / (one + (-x).exp())  # noqa: E731
        a, w = ([[Decimal(float(x)) for x in row] for row in array] for array in (ex.a, ex.w))
        v = [Decimal(float(x)) for x in ex.v]
        m, k = ex.m, ex.k
        z = [[sum(w[p][q] * a[i + p][j + q] for p in range(k) for q in range(k)) + Decimal(ex.b) for j in range(m)] for i in range(m)]
        h = [sig(z[i][j]) for i in range(m) for j in range(m)]
        s = sum(vk * hk for vk, hk in zip(v, h)) + Decimal(ex.c)
        y_hat = sig(s)
        loss = -(y_hat.ln() if ex.y == 1 else (one - y_hat).ln())
        error = y_hat - ex.y
        delta = [[error * v[i * m + j] * sig(z[i][j]) * sig(-z[i][j]) for j in range(m)] for i in range(m)]
        dw = [[sum(delta[i][j] * a[i + p][j + q] for i in range(m) for j in range(m)) for q in range(k)] for p in range(k)]
        return {"loss": float(loss), "error": float(error), "delta": np.array(delta, dtype=float), "dw": np.array(dw, dtype=float)}


@pytest.mark.parametrize("y", [0, 1])
@pytest.mark.parametrize("z_sign", [1.0, -1.0])
@pytest.mark.parametrize("s_sign", [1.0, -1.0])
def test_saturated_sigmoids_stay_finite_and_exact(y, z_sign, s_sign):
    a = np.full((4, 4), 1.0)
    a[0, 0] = 0.5
    ex = ConvExample(a=a, w=np.full((3, 3), 3.6 * z_sign), b=0.0, v=np.full(4, 10.0 * s_sign), c=0.0, y=y)
    ex = dataclasses.replace(ex, c=32.0 * s_sign - forward(ex).s)  # puts s at +-32 whatever h is
    fwd, grads, exact = forward(ex), gradients(ex), _exact_gradients(ex)
    assert 30 <= np.abs(fwd.z).min() and np.abs(fwd.z).max() <= 40 and abs(abs(fwd.s) - 32) < 1e-9
    assert math.isfinite(fwd.loss) and fwd.loss > 0
    assert fwd.loss == pytest.approx(exact["loss"], rel=1e-12)
    assert grads.error == pytest.approx(exact["error"], rel=1e-12)
    assert grads.error != 0.0
    np.testing.assert_allclose(grads.delta, exact["delta"], rtol=1e-12)
    np.testing.assert_allclose(grads.dw, exact["dw"], rtol=1e-12)
    check = autograd_gradients(ex)
    np.testing.assert_allclose(check.delta, exact["delta"], rtol=1e-12)
    assert all(np.all(np.isfinite(x)) for x in _all_fields(grads).values())


GOOD = {"a": [[0.1] * 4] * 4, "w": [[0.1] * 3] * 3, "b": 0.0, "v": [0.1] * 4, "c": 0.0, "y": 1}


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"w": [[0.1] * 4] * 4}, r"key 'w' must be a 3x3 list of numbers\. Got a 4x4 list instead\."),
        ({"w": [[0.1] * 3] * 2}, r"key 'w' must be a 3x3 list of numbers\. Got a 2x3 list instead\."),
        ({"a": [[0.1] * 4] * 3}, r"key 'a' must be a square NxN list of numbers \(N >= 2\)\. Got a 3x4 list instead\."),
        ({"a": [[0.1, "x"], [0.1, 0.2]]}, r"key 'a' must be a square"),
        ({"v": [0.1] * 3}, r"key 'v' must be a list of 4 numbers \(M\*M, M=2\)\. Got a list of 3 items instead\."),
        ({"v": [0.1] * 3, "w": [[0.1] * 3] * 3}, r"key 'v'"),
        ({"b": "one"}, r"key 'b' must be a finite number\. Got the string 'one' instead\."),
        ({"c": float("nan")}, r"key 'c' must be a finite number"),
        ({"y": 2}, r"key 'y' \(the label\) must be 0 or 1\. Got the number 2 instead\."),
        ({"y": True}, r"key 'y' \(the label\) must be 0 or 1\. Got the boolean true instead\."),
    ],
)
def test_example_from_dict_names_the_bad_key(change, match):
    with pytest.raises(ValueError, match=match):
        example_from_dict({**GOOD, **change})


def test_example_from_dict_reports_missing_key_and_non_object():
    with pytest.raises(ValueError, match=r"key 'v' is missing"):
        example_from_dict({k: v for k, v in GOOD.items() if k != "v"})
    with pytest.raises(ValueError, match=r"must be a JSON object .* Got a list of 2 items instead"):
        example_from_dict([1, 2])


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"w": np.zeros((4, 4))}, r"K < N\)\. Got K=4, N=4 instead\."),
        ({"a": np.zeros((4, 3))}, r"input a must be a square N x N array with N >= 2\. Got shape \(4, 3\) instead\."),
        ({"w": np.zeros((3, 2))}, r"kernel w must be a square K x K array\. Got shape \(3, 2\) instead\."),
        ({"v": np.zeros(5)}, r"head weights v must hold M\*M = 4 values\. Got 5 instead\."),
        ({"y": 2}, r"label y must be 0 or 1\. Got 2 instead\."),
    ],
)
def test_conv_example_validates_direct_construction(fields, match):
    base = dict(a=np.zeros((4, 4)), w=np.zeros((3, 3)), b=0.0, v=np.zeros(4), c=0.0, y=1)
    with pytest.raises(ValueError, match=match):
        ConvExample(**{**base, **fields})


@pytest.mark.parametrize(
    ("target", "match"),
    [
        ("w33", r"target 'w33' is outside the 3x3 kernel\. Got row 3, column 3\."),
        ("a40", r"target 'a40' is outside the 4x4 input\. Got row 4, column 0\."),
        ("v4", r"target 'v4' is outside the 4 head weights v0\.\.v3\. Got index 4\."),
        ("x00", r"target must be one of w<m><n>, a<p><q>, v<k>, b, c\. Got 'x00' instead\."),
        ("w0", r"Got 'w0' instead"),
        ("", r"Got '' instead"),
    ],
)
def test_gradient_rejects_bad_target_names(default_example, target, match):
    with pytest.raises(ValueError, match=match):
        gradient(default_example, target)


def test_windows_covering_rejects_positions_outside_the_input(default_example):
    with pytest.raises(ValueError, match=r"inside the 4x4 input\. Got row 4, column 0 instead\."):
        windows_covering(default_example, 4, 0)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("{not json", r"must be valid JSON"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "w"}), r"key 'w' is missing"),
        (json.dumps({**GOOD, "w": [[0.1] * 3] * 2}), r"key 'w' must be a 3x3 list of numbers\. Got a 2x3 list instead\."),
        (json.dumps({**GOOD, "b": None}), r"key 'b' must be a finite number\. Got null instead\."),
        (json.dumps({**GOOD, "y": 0.5}), r"key 'y' \(the label\) must be 0 or 1"),
        ("[1, 2]", r"must be a JSON object"),
    ],
)
def test_malformed_files_name_the_file_and_the_key(tmp_path, text, match):
    path = tmp_path / "x.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=rf"backprop example '.*x\.json'.*{match}"):
        load_example(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"backprop example file must exist\. Got '.*nope\.json' instead\."):
        load_example(tmp_path / "nope.json")


def test_env_var_names_another_example(tmp_path, monkeypatch):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({**GOOD, "y": 0}))
    monkeypatch.setenv(EXAMPLE_ENV_VAR, str(path))
    assert load_example().y == 0
    monkeypatch.delenv(EXAMPLE_ENV_VAR)
    assert load_example().to_dict() == load_example(DEFAULT_EXAMPLE_PATH).to_dict()


def test_model_conv_imports_neither_matplotlib_nor_manim():
    code = "import sys, model.conv; print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'manim')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
