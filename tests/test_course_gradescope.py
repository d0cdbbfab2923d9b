"""The emitted Gradescope autograder: run_autograder in a temporary root, results.json read back."""

import io
import json
import os
import subprocess
import zipfile

import numpy as np
import pytest

from model.checker import reference_values
from model.mistakes import MISTAKES, mistaken_values
from model.variants import make_variants
from render.course.gradescope import autograder_zip

TARGETS = ("w00", "a21")
TEST_FIELDS = {"score", "max_score", "name", "name_format", "number", "output", "output_format", "tags", "visibility",
               "status", "extra_data"}  # a test's documented fields
TOP_FIELDS = {"score", "execution_time", "output", "output_format", "visibility", "stdout_visibility", "extra_data", "tests",
              "leaderboard"}


@pytest.fixture(scope="module")
def klass():
    return make_variants(3, 5, 4, 3, TARGETS, names=["Ada Lovelace", "Alan Turing", "Grace Hopper"])


@pytest.fixture(scope="module")
def archive(klass):
    return autograder_zip(klass, {"Ada Lovelace": "ada@uni.edu", "Alan Turing": "alan@uni.edu"})


def _plain(values, keys):
    return {key: np.asarray(values[key]).tolist() if np.ndim(values[key]) else float(values[key]) for key in keys}


def _grade(tmp_path, archive, answers_text: str | None, user: dict) -> dict:
    """Lay out a Gradescope root as its harness does, run run_autograder, read results.json."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        zf.extractall(root / "source")
    (root / "submission").mkdir()
    if answers_text is not None:
        (root / "submission" / "answers.json").write_text(answers_text, encoding="utf-8")
    metadata = {"id": 1, "created_at": "2026-12-01T10:00:00-07:00", "assignment": {"id": 2, "title": "Backprop"},
                "submission_method": "upload", "users": [user], "previous_submissions": []}
    (root / "submission_metadata.json").write_text(json.dumps(metadata))
    run = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=os.environ | {"AUTOGRADER_ROOT": str(root)},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert set(results) <= TOP_FIELDS and isinstance(results["tests"], list)
    for test in results["tests"]:
        assert set(test) <= TEST_FIELDS
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float) and 0 <= test["score"] <= test["max_score"]
        assert isinstance(test["name"], str) and isinstance(test["output"], str) and test["status"] in ("passed", "failed")
    return results


def test_zip_has_setup_and_run_autograder_at_its_root_and_same_bytes(klass, archive):
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        names = zf.namelist()
        assert {"setup.sh", "run_autograder", "grading.py", "gradescope_main.py", "key.json"} == set(names)
        assert zf.getinfo("run_autograder").external_attr >> 16 & 0o777 == 0o755
        key = json.loads(zf.read("key.json"))
    assert autograder_zip(klass, {"Ada Lovelace": "ada@uni.edu", "Alan Turing": "alan@uni.edu"}) == archive
    assert [s["email"] for s in key["students"]] == ["ada@uni.edu", "alan@uni.edu", ""]
    right = reference_values(klass[1].example, list(TARGETS))
    assert key["students"][1]["right"]["w00"] == pytest.approx(right["w00"], abs=1e-12)


def test_right_answers_score_full_marks_by_email(tmp_path, klass, archive):
    values = reference_values(klass[0].example, list(TARGETS))
    answers = json.dumps(_plain(values, ["z", "h", "s", "y_hat", "L", "dL_ds", "delta", *TARGETS]))
    answers = answers[:-1] + ', "v2": 0.1}'  # a gradient nobody asked for is said, not graded
    results = _grade(tmp_path, archive, answers, {"email": "ADA@uni.edu ", "id": 7, "name": "Someone Else"})
    assert len(results["tests"]) == 9
    assert results["score"] == 9.0 and all(t["score"] == t["max_score"] == 1.0 for t in results["tests"])
    assert results["output"] == "Ada Lovelace: 9 of 9 points. Every item is right. Not graded, not asked for: v2."


def test_a_known_mistake_gets_partial_credit_and_its_name(tmp_path, klass, archive):
    ex = klass[2].example  # found by name: Grace has no email in the roster
    world = mistaken_values(ex, list(TARGETS), "sigmoid_derivative_left_out")
    results = _grade(tmp_path, archive, json.dumps(_plain(world, ["s", "dL_ds", "delta", *TARGETS])),
                     {"email": "grace@navy.mil", "id": 9, "name": "Grace  Hopper"})
    by_key = {t["name"].rsplit("(", 1)[-1].rstrip(")"): t for t in results["tests"]}
    assert by_key["delta"]["score"] == 0.0 and "sigmoid_derivative_left_out" in by_key["delta"]["output"]
    assert MISTAKES["sigmoid_derivative_left_out"].description in results["output"]
    assert by_key["w00"]["score"] == by_key["a21"]["score"] == 1.0 and "earlier numbers" in by_key["w00"]["output"]
    assert by_key["z"]["score"] == 0.0 and "missing" in by_key["z"]["output"]  # z, h, y_hat, L left out
    assert results["score"] == 4.0  # s, dL_ds right; w00 and a21 carried


def test_malformed_json_scores_zero_with_one_line(tmp_path, archive):
    results = _grade(tmp_path, archive, '{"s": 0.5,,}', {"email": "alan@uni.edu", "id": 3, "name": "Alan Turing"})
    assert results["score"] == 0.0 and "\n" not in results["output"]
    assert results["output"].startswith("answers.json must be valid JSON. Got an error instead: Expecting property name")
    assert len(results["tests"]) == 9 and all(t["score"] == 0.0 for t in results["tests"])


def test_unknown_submitter_and_missing_file_are_said_not_crashed(tmp_path, archive):
    results = _grade(tmp_path / "a", archive, "{}", {"email": "eve@x", "id": 4, "name": "Eve"})
    assert results["score"] == 0.0 and "not on the class roster" in results["output"]
    results = _grade(tmp_path / "b", archive, None, {"email": "ada@uni.edu", "id": 1, "name": "Ada"})
    assert results["score"] == 0.0 and "must hold answers.json" in results["output"]


def test_check_format_gradescope_prints_the_same_structure(tmp_path, klass):
    from click.testing import CliRunner

    from cli.main import cli
    from render.course.layout import example_json

    folder = tmp_path / "Ada Lovelace"
    folder.mkdir()
    (folder / "example.json").write_text(example_json(klass[0]))
    world = mistaken_values(klass[0].example, list(TARGETS), "error_sign_flipped")
    world["h"] = world["h"] + 0.25  # a slip no known mistake explains: s is then right only from these numbers
    world["s"] = float(np.dot(klass[0].example.v, world["h"].reshape(-1)) + klass[0].example.c)
    (tmp_path / "answers.json").write_text(json.dumps(_plain(world, ["h", "s", "dL_ds", *TARGETS])))
    result = CliRunner().invoke(cli, ["check", "--example", str(folder / "example.json"), "--answers",
                                      str(tmp_path / "answers.json"), "--format", "gradescope"])
    assert result.exit_code == 1
    results = json.loads(result.stdout)
    by_key = {t["name"].rsplit("(", 1)[-1].rstrip(")"): t for t in results["tests"]}
    assert set(by_key) == {"z", "h", "s", "y_hat", "L", "dL_ds", "delta", "w00", "a21"}
    assert by_key["h"]["score"] == 0.0 and by_key["s"]["score"] == 1.0 and "earlier numbers" in by_key["s"]["output"]
    assert results["output"].startswith("Ada Lovelace: ") and set(results) == {"score", "output", "tests"}
