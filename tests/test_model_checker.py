"""The answer checker: right answers pass, every known mistake is named, noise is pinned to its item, bad files say where."""

import json
import math
import re
import subprocess
import sys

import numpy as np
import pytest

from model.answers import answers_from_dict, read_answers
from model.chain import CHAIN_KEYS, run_chain, step_from
from model.checker import Tolerance, check_answers, check_files, reference_values
from model.conv import autograd_gradients, load_example
from model.mistakes import MISTAKES, mistake, mistaken_values
from model.variants import make_variants
from render.text.derivation import DEFAULT_TARGETS

FIRST_STEP = {"z": "z", "s": "s", "dL_ds": "dL_ds", "delta": "delta"}  # link -> first item it changes


@pytest.fixture(scope="module")
def class_4x4():
    return make_variants(40, 2, 4, 3, DEFAULT_TARGETS)


@pytest.fixture(scope="module")
def class_5x5():
    return make_variants(20, 4, 5, 3, ("w12", "a11"))


def _all_items(values: dict, targets) -> dict:
    return {key: values[key] for key in (*CHAIN_KEYS, *targets)}


def _rounded(values: dict, digits: int) -> dict:
    """What a careful student writes: every number rounded to `digits` significant digits."""
    fmt = lambda x: float(f"{x:.{digits - 1}e}")  # noqa: E731
    return {k: (np.vectorize(fmt)(v) if np.ndim(v) else fmt(v)) for k, v in values.items()}


def test_exact_and_hand_rounded_answers_are_all_right(class_4x4, class_5x5):
    for v in [*class_4x4, *class_5x5]:
        exact = _all_items(run_chain(v.example, v.targets), v.targets)
        for answers in (exact, _rounded(exact, 4), _rounded(exact, 3)):
            report = check_answers(v.example, answers)
            assert report.all_right and report.first_wrong is None and report.mistake is None
            assert [item.key for item in report.items] == list(answers)


def test_reference_values_equal_torch_autograd(class_4x4):
    for v in class_4x4[:10]:
        ref, auto = reference_values(v.example, list(v.targets)), autograd_gradients(v.example)
        np.testing.assert_allclose(ref["delta"], auto.delta, rtol=1e-12)
        assert ref["dL_ds"] == pytest.approx(auto.error, rel=1e-12)
        assert ref["w00"] == pytest.approx(auto.dw[0, 0], rel=1e-12) and ref["a21"] == pytest.approx(auto.da[2, 1], rel=1e-12)


def _shows(ex, targets, name) -> bool:
    """Does the mistake change anything for these targets (w00 has no 1-based or swapped twin)?"""
    right, wrong = run_chain(ex, targets), mistaken_values(ex, targets, name)
    return any(not np.array_equal(right[k], wrong[k]) for k in (*CHAIN_KEYS, *targets))


@pytest.mark.parametrize("name", list(MISTAKES))
def test_every_known_mistake_is_named(name, class_4x4, class_5x5):
    shown = 0
    for v in [*class_4x4, *class_5x5]:
        if not _shows(v.example, v.targets, name):
            continue
        shown += 1
        wrong = mistaken_values(v.example, v.targets, name)
        for answers in (_all_items(wrong, v.targets), _rounded(_all_items(wrong, v.targets), 4), {t: wrong[t] for t in v.targets}):
            report = check_answers(v.example, answers)
            assert not report.all_right and report.mistake == name, (v.name, report.mistake)
            assert report.mistake_description == MISTAKES[name].description
        first = check_answers(v.example, _all_items(wrong, v.targets)).first_wrong.key
        assert first == FIRST_STEP.get(MISTAKES[name].link, first) and (first in v.targets) == (MISTAKES[name].link == "gradient")
    assert shown >= 20  # each mistake shows in most variants


def test_later_items_done_rightly_on_wrong_numbers_are_carried(class_4x4):
    for v in class_4x4[:10]:
        wrong = mistaken_values(v.example, v.targets, "bias_in_every_product")
        report = check_answers(v.example, _rounded(_all_items(wrong, v.targets), 4))
        first, *later = report.items
        assert first.key == "z" and not first.right and not first.carried
        assert all(i.right or i.carried for i in later) and sum(i.carried for i in later) >= 3
        answers = _all_items(run_chain(v.example, v.targets), v.targets)
        answers["delta"] = answers["delta"] * 2  # a slip in delta, then the right gradients: not carried
        assert [i.carried for i in check_answers(v.example, answers).items if not i.right] == [False]


def test_step_from_the_right_values_gives_the_right_value(class_5x5):
    for v in class_5x5[:5]:
        right = run_chain(v.example, v.targets)
        assert step_from(v.example, "z", right) is None
        for key in (*CHAIN_KEYS[1:], *v.targets):
            np.testing.assert_allclose(step_from(v.example, key, right), right[key], rtol=1e-12, err_msg=key)


def test_a_new_mistake_is_one_function():
    @mistake("forgot_the_bias_of_the_head", "s", "the head bias c was left out of s")
    def _no_head_bias(ex, h):
        return float(np.dot(ex.v, h.reshape(-1)))

    try:
        v = make_variants(3, 9, 4, 3, DEFAULT_TARGETS)
        ex = next(x.example for x in v if x.example.c != 0)
        report = check_answers(ex, {"s": mistaken_values(ex, DEFAULT_TARGETS, "forgot_the_bias_of_the_head")["s"]})
        assert report.mistake == "forgot_the_bias_of_the_head"
    finally:
        del MISTAKES["forgot_the_bias_of_the_head"]


@pytest.mark.parametrize("key", [*CHAIN_KEYS, "w00", "a21"])
def test_noise_in_one_item_flags_that_item_and_nothing_before_it(key, class_4x4):
    rng = np.random.default_rng(7)
    for v in class_4x4[:15]:
        answers = _all_items(run_chain(v.example, v.targets), v.targets)
        noisy = dict(answers)
        size = np.shape(answers[key])
        noise = rng.uniform(0.03, 0.3, size) * rng.choice([-1, 1], size) * np.maximum(np.abs(answers[key]), 0.1)
        if size:  # a map: noise in one entry only
            mask = np.zeros(size, dtype=bool)
            mask[tuple(rng.integers(0, s) for s in size)] = True
            noise = np.where(mask, noise, 0.0)
        noisy[key] = answers[key] + noise
        report = check_answers(v.example, noisy)
        assert report.first_wrong.key == key
        assert [item.key for item in report.items if not item.right] == [key]
        assert report.right_before == tuple(list(answers)[: list(answers).index(key)])


def test_tolerance_is_half_a_percent_or_five_ten_thousandths():
    tol = Tolerance()
    assert tol.close(1.004, 1.0) and not tol.close(1.006, 1.0)
    assert tol.close(-0.0104, -0.0106) and not tol.close(-0.0100, -0.0106)  # 4e-4 in, 6e-4 out
    assert not tol.close(0.01, -0.01)


def test_first_wrong_cell_of_a_map_is_named(class_4x4):
    v = class_4x4[0]
    answers = _all_items(run_chain(v.example, v.targets), v.targets)
    answers["delta"] = answers["delta"].copy()
    answers["delta"][1, 0] *= 2
    item = next(i for i in check_answers(v.example, answers).items if i.key == "delta")
    assert not item.right and item.cell == (1, 0)


@pytest.fixture(scope="module")
def example():
    return make_variants(1, 0, 4, 3, DEFAULT_TARGETS)[0].example


MALFORMED = [
    ("[1, 2]", "must be a JSON object like {\"s\": 0.5, \"w00\": 0.03}. Got a list of 2 items instead."),
    ("{}", "must give at least one item"),
    ('{"s": "0.5"}', "item 's' must be a number. Got the string '0.5' instead."),
    ('{"s": NaN}', "item 's' must be a finite number. Got nan instead."),
    ('{"L": Infinity}', "item 'L' must be a finite number. Got inf instead."),
    ('{"w00": true}', "item 'w00' must be a number. Got the boolean true instead."),
    ('{"delta": [[1, 2, 3], [1, 2, 3], [1, 2, 3]]}', "item 'delta' must be a 2x2 list of numbers (the M x M map). Got a 3x3 list instead."),
    ('{"z": [[1, 2], [1]]}', "item 'z' must be a 2x2 list of numbers (the M x M map). Got a ragged list of 2 rows instead."),
    ('{"h": [[1, 2], [1, null]]}', "item 'h' must hold finite numbers. Got null at row 1, column 1 instead."),
    ('{"dw": 0.1}', "key 'dw' is not one of z, h, s, y_hat, L, dL_ds, delta or a gradient of this example (w00..w22, a00..a33, v0..v3, b, c)."),
    ('{"w33": 0.1}', "key 'w33' is not one of"),
]


@pytest.mark.parametrize("text, message", MALFORMED)
def test_malformed_answers_name_the_item(tmp_path, example, text, message):
    path = tmp_path / "answers.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        read_answers(path, example)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_not_json_and_missing_file(tmp_path, example):
    path = tmp_path / "answers.json"
    path.write_text("w00 = 0.03")
    with pytest.raises(ValueError, match="must be valid JSON. Got an error instead: Expecting value: line 1 column 1"):
        read_answers(path, example)
    with pytest.raises(ValueError, match="answers file must exist"):
        read_answers(tmp_path / "none.json", example)


def test_answers_come_back_in_chain_order_with_canonical_names(example):
    answers = answers_from_dict({"a21": 1.0, "w00": 2.0, "delta": [[1, 2], [3, 4]], "s": 0.5}, example)
    assert list(answers) == ["s", "delta", "w00", "a21"]


def test_check_files_on_the_bundled_example(tmp_path):
    ex = load_example()
    values = run_chain(ex, ["w00", "a21"])
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"y_hat": round(values["y_hat"], 4), "w00": 0.0288, "a21": -0.0295}))
    report = check_files(None, path)
    assert report.all_right and math.isclose(report.items[1].expected, 0.028809657881357115, rel_tol=1e-12)


def test_the_course_modules_import_no_drawing_library():
    code = ("import sys, model.checker, model.variants, model.answers;"
            "print(sorted(m for m in ('matplotlib', 'manim', 'imageio') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_tolerance_edges_are_inside_and_the_larger_bound_wins():
    assert Tolerance().close(5e-4, 0.0) and Tolerance().close(-5e-4, 0.0) and not Tolerance().close(5.001e-4, 0.0)
    half = Tolerance(relative=0.5, absolute=0.25)
    assert half.close(3.0, 2.0) and half.close(1.0, 2.0) and not half.close(3.0625, 2.0)  # max(1, 0.25), not their sum
    assert half.close(0.25, 0.0) and not half.close(0.375, 0.0)
    np.testing.assert_array_equal(Tolerance().close([[1.0, 2.0], [0.0, -3.0]], [[1.004, 2.02], [4e-4, -3.0]]), [[True, False], [True, True]])


def test_a_given_tolerance_is_used_and_reported(tmp_path):
    ex = load_example()
    right = run_chain(ex, ["w00"])
    answers = {"s": right["s"] * 1.1, "w00": right["w00"] * 0.9}  # both 10% off
    loose = Tolerance(relative=0.2, absolute=0.0)
    assert not check_answers(ex, answers).all_right
    report = check_answers(ex, answers, loose)
    assert report.all_right and report.tolerance is loose and report.mistake is None
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    assert check_files(None, path, loose).all_right and not check_files(None, path).all_right
    assert check_files(None, path).tolerance == Tolerance()


def test_items_carry_plain_numbers_and_the_first_wrong_cell_only_for_maps(class_4x4):
    v = class_4x4[3]
    right = _all_items(run_chain(v.example, v.targets), v.targets)
    answers = dict(right, s=right["s"] + 1.0)
    items = {i.key: i for i in check_answers(v.example, answers).items}
    assert items["z"].right and items["z"].cell is None and items["z"].given == right["z"].tolist() == items["z"].expected
    assert all(i.mistakes == () and not i.carried for i in items.values() if i.right)
    assert type(items["s"].given) is float and items["s"].given == right["s"] + 1.0 and items["s"].expected == right["s"]
    assert not items["s"].right and items["s"].cell is None and items["s"].mistakes == () and not items["s"].carried
    assert type(items["w00"].expected) is float and items["w00"].expected == right["w00"]


def test_the_mistakes_named_for_an_item_are_exactly_those_whose_chain_gives_it(class_4x4, class_5x5):
    # with students 25 and 31 of the 4x4 class and 17 of the 5x5 class, where two mistakes give the same number
    for v in [*class_4x4[:6], class_4x4[24], class_4x4[30], *class_5x5[14:18]]:
        right = run_chain(v.example, v.targets)
        worlds = {name: mistaken_values(v.example, v.targets, name) for name in MISTAKES}
        for name, wrong in worlds.items():
            report = check_answers(v.example, _all_items(wrong, v.targets))
            first = report.first_wrong
            if first is None:
                continue
            key, named = first.key, set(first.mistakes)

            def giving(given_close, right_close):  # the mistakes whose chain gives the student's number there, not the right one
                return {n for n, w in worlds.items() if given_close(w[key], wrong[key]) and not right_close(w[key], right[key])}

            exact = lambda a, b: np.allclose(a, b, rtol=1e-9, atol=0)  # noqa: E731
            loose = lambda a, b: np.allclose(a, b, rtol=5e-3, atol=5e-4)  # noqa: E731  (a little wider than the tolerance)
            surely, at_most = giving(exact, loose), giving(loose, exact)
            assert surely <= named <= at_most, (v.name, name, key)
            assert list(first.mistakes) == [n for n in MISTAKES if n in named]  # once each, in registry order
            assert all(i.mistakes == () for i in report.items if i.right)


def test_check_files_reads_the_example_it_is_given(tmp_path, class_5x5):
    ex = class_5x5[2].example
    example = tmp_path / "example.json"
    example.write_text(json.dumps({"a": ex.a.tolist(), "w": ex.w.tolist(), "b": ex.b, "v": ex.v.tolist(), "c": ex.c, "y": ex.y, "eta": ex.eta}))
    values = run_chain(ex, ["w12"])
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"s": values["s"], "delta": values["delta"].tolist(), "w12": values["w12"]}))
    report = check_files(example, answers)
    assert report.all_right and [i.key for i in report.items] == ["s", "delta", "w12"]
    assert report.items[1].expected == values["delta"].tolist() and report.items[2].expected == values["w12"]


def test_a_given_tolerance_is_reported_with_the_mistake_it_names(class_4x4):
    v = class_4x4[1]
    wrong = mistaken_values(v.example, v.targets, "error_sign_flipped")
    strict = Tolerance(relative=1e-4, absolute=1e-6)
    report = check_answers(v.example, _all_items(wrong, v.targets), strict)
    assert report.mistake == "error_sign_flipped" and report.tolerance is strict
    assert report.first_wrong.key == "dL_ds" and report.right_before == ("z", "h", "s", "y_hat", "L")


def test_a_slip_is_not_blamed_on_a_mistake_that_does_not_show_in_the_example(class_4x4):
    v = class_4x4[3]  # here the column-wise flattening moves a21 by 4.4e-4, inside the 5e-4 tolerance: it does not show
    right, flattened = run_chain(v.example, v.targets)["a21"], mistaken_values(v.example, v.targets, "map_flattened_by_column")["a21"]
    assert 4e-4 < right - flattened < 5e-4
    slip = right - 6e-4  # 1.2 tolerances off the right value, 1.6e-4 from the flattened one
    (item,) = check_answers(v.example, {"a21": slip}).items
    assert not item.right and item.mistakes == () and not item.carried


def test_a_step_that_is_right_on_the_students_numbers_and_on_the_right_ones_is_not_carried(class_4x4):
    v = class_4x4[3]
    right = run_chain(v.example, v.targets)
    tol = max(5e-3 * abs(right["w00"]), 5e-4)
    moved = step_from(v.example, "w00", dict(right, delta=right["delta"] + 1e-4)) - right["w00"]
    nudge = 1e-4 * 0.8 * tol / abs(moved)  # delta nudged inside its tolerance moves w00's step by 0.8 tolerances
    assert nudge < 5e-4
    answers = {"delta": right["delta"] + nudge, "w00": right["w00"] + 1.2 * tol * np.sign(moved)}
    step = step_from(v.example, "w00", dict(right, **answers))
    assert abs(step - answers["w00"]) < tol and abs(step - right["w00"]) < tol  # close to both
    delta, w00 = check_answers(v.example, answers).items
    assert delta.right and not w00.right and not w00.carried
