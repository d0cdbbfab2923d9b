"""The emitted PrairieLearn question: info.json, question.html, and server.py called as PrairieLearn calls it."""

import importlib.util
import json
import re

import numpy as np
import pytest

from model.checker import reference_values
from model.conv import forward, gradient, gradients
from model.mistakes import mistaken_values
from model.variants import fairness_problems, make_variants
from render.course.prairielearn import QUESTION, question_files

TARGETS = ("w00", "a21")


@pytest.fixture(scope="module")
def klass():
    return make_variants(4, 11, 4, 3, TARGETS)


@pytest.fixture(scope="module")
def question(klass, tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    for rel, data in question_files(klass, 11).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    folder = root / QUESTION
    spec = importlib.util.spec_from_file_location("pl_server", folder / "server.py")
    server = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(server)
    return folder, server


def _data(folder, seed):
    """The dict PrairieLearn hands generate(): params and correct_answers to fill, options, variant_seed."""
    return {"params": {}, "correct_answers": {}, "variant_seed": seed, "options": {"question_path": str(folder)}}


def _submit(data, answers: dict) -> dict:
    """grade()'s dict: what generate() set, the parsed submission, empty scores and feedback."""
    return data | {"submitted_answers": answers, "raw_submitted_answers": {k: str(v) for k, v in answers.items()},
                   "format_errors": {}, "partial_scores": {}, "score": 0, "feedback": {}}


def _cells(values, keys):
    out = {}
    for key in keys:
        value = np.asarray(values[key])
        if value.ndim:
            out |= {f"{key}_{i}_{j}": float(value[i, j]) for i in range(value.shape[0]) for j in range(value.shape[1])}
        else:
            out[key] = float(value)
    return out


def test_info_and_html(question, klass):
    folder, _ = question
    info = json.loads((folder / "info.json").read_text())
    assert info["type"] == "v3" and info["topic"] == "Backpropagation" and info["title"].startswith("Backpropagation by hand")
    assert info["uuid"] == json.loads(question_files(klass, 11)[f"{QUESTION}/info.json"])["uuid"]  # fixed
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", info["uuid"])
    html = (folder / "question.html").read_text()
    names = re.findall(r'<pl-number-input answers-name="([^"]+)"', html)
    assert len(names) == len(set(names)) == 4 + 4 + 4 + 4 + 2  # z, h, delta cells; s, y_hat, L, dL_ds; w00, a21
    assert "{{#params.a_rows}}" in html and "{{feedback.mistake}}" in html
    opened, closed = re.findall(r"\{\{#([\w.]+)\}\}", html), re.findall(r"\{\{/([\w.]+)\}\}", html)
    assert sorted(opened) == sorted(closed) and len(opened) == 7  # a and w rows with their cells, v twice, the mistake
    imports = re.findall(r"^(?:from|import) (\w+)", (folder / "server.py").read_text(), flags=re.M)
    assert set(imports) <= {"json", "math", "os"}  # standard library only, nothing beside it to import


def test_every_bank_variant_is_fair_and_matches_model_conv(question, klass):
    folder, _ = question
    bank = json.loads((folder / "serverFilesQuestion" / "bank.json").read_text())
    assert len(bank["variants"]) == len(klass)
    for entry, variant in zip(bank["variants"], klass):
        assert fairness_problems(variant.example, TARGETS) == []
        shown = [[float(x) for x in row["cells"]] for row in entry["params"]["a_rows"]]
        assert np.array_equal(shown, variant.example.a)
        ex, right = variant.example, entry["record"]["right"]
        fwd, grads = forward(ex), gradients(ex)
        conv = {"z": fwd.z, "h": fwd.h, "s": fwd.s, "y_hat": fwd.y_hat, "L": fwd.loss, "dL_ds": grads.error, "delta": grads.delta,
                "w00": gradient(ex, "w00").value, "a21": gradient(ex, "a21").value}
        assert list(right) == list(conv)
        for key, value in conv.items():
            np.testing.assert_allclose(right[key], value, rtol=0, atol=1e-12)


def test_generate_then_grade_three_students(question, klass):
    folder, server = question
    data = _data(folder, 6)
    server.generate(data)
    index = data["params"]["index"]
    assert index == 6 % len(klass)
    ex = klass[index].example
    right = reference_values(ex, list(TARGETS))
    keys = ["z", "h", "s", "y_hat", "L", "dL_ds", "delta", *TARGETS]
    assert data["correct_answers"] == pytest.approx(_cells(right, keys), abs=1e-12)

    done = _submit(data, _cells(right, keys))  # right answers
    server.grade(done)
    assert done["score"] == pytest.approx(1.0) and all(p["score"] == 1.0 for p in done["partial_scores"].values())

    world = mistaken_values(ex, list(TARGETS), "error_sign_flipped")  # a known mistake
    done = _submit(data, _cells(world, keys))
    server.grade(done)
    assert done["partial_scores"]["dL_ds"]["score"] == 0.0 and done["partial_scores"]["delta_0_0"]["score"] == 1.0
    assert "error_sign_flipped" in done["feedback"]["mistake"] and "sign flipped" in done["feedback"]["mistake"]
    assert done["score"] == pytest.approx(8 / 9)  # ∂L/∂s wrong; δ and the gradients carried from it

    done = _submit(data, {"s": None, "w00": "0.5"})  # what PrairieLearn passes for blanks and unparsed input
    server.grade(done)
    assert done["score"] == 0.0 and "missing" in done["partial_scores"]["s"]["feedback"]
