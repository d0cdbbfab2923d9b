"""The class folder's layout: hand-outs that give no answer away, keys apart, sheets that open and read back."""

import io
import json
import re

import numpy as np
import pytest
from pypdf import PdfReader

from model.checker import reference_values
from model.variants import make_variants
from render.course.layout import HANDOUT_FILES, KEY_FILES, class_layout, legacy_students, migrate_legacy

TARGETS = ("w00", "a21")
NAMES = ["Ada Lovelace", "José Núñez", "Grace_Hopper & co"]


@pytest.fixture(scope="module")
def klass():
    return make_variants(3, 21, 4, 3, TARGETS, names=NAMES)


@pytest.fixture(scope="module")
def layout(klass):
    return class_layout(klass, 21, ("gradescope", "prairielearn"))


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text().replace("−", "-") for page in PdfReader(io.BytesIO(pdf)).pages]


def _forms(x: float) -> set[str]:
    """Every way the key writes a number, keeping those long enough to mean something (3+ significant digits)."""
    forms = {f"{x:.4f}", f"{x:.5g}", f"{x:#.5g}", f"{x:.6g}", f"{x:.3f}", repr(x), json.dumps(x)}  # key.pdf, answers.md, values.json
    return {f for f in forms if len(re.sub(r"[-.]", "", f).lstrip("0")) >= 3}


def _key_values(klass) -> set[str]:
    forms = set()
    for v in klass:
        for value in reference_values(v.example, list(TARGETS)).values():
            for x in np.ravel(value):
                forms |= _forms(float(x))
    return forms


@pytest.mark.slow
def test_each_student_has_a_handout_and_a_key_and_nothing_else(layout, klass):
    students, class_files = layout
    for v in klass:
        files = students[v.name]
        assert sorted(files) == sorted([f"handout/{v.name}/{f}" for f in HANDOUT_FILES] + [f"key/{v.name}/{f}" for f in KEY_FILES])
        assert not any("media/" in rel for rel in files)
    assert {"key/key.pdf", "gradescope/autograder.zip", "prairielearn/backpropByHand/server.py"} <= set(class_files)


@pytest.mark.slow
def test_a_handout_gives_no_answer_away(layout, klass):
    students, _ = layout
    forms = _key_values(klass)
    key_text = " ".join(_text(layout[1]["key/key.pdf"]))
    assert sum(f in key_text for f in forms) > len(klass) * 20  # the forms are the ones the key really prints
    keys = " ".join(data.decode() for files in students.values() for rel, data in files.items() if rel.startswith("key/"))
    assert sum(f in keys for f in forms) > len(klass) * 40  # answers.md and values.json print them too
    for v in klass:
        for rel, data in students[v.name].items():
            if not rel.startswith("handout/"):
                continue
            texts = _text(data) if rel.endswith(".pdf") else [data.decode("utf-8")]
            for text in texts:
                leaked = sorted(f for f in forms if f in text)
                assert leaked == [], f"{rel} holds key values {leaked[:5]}"
        template = json.loads(students[v.name][f"handout/{v.name}/answers.json"])
        assert all(np.all(np.asarray(x) == 0) for x in template.values())


@pytest.mark.slow
def test_question_sheet_reads_back_with_the_numbers(layout, klass):
    students, _ = layout
    for v in klass:
        pdf = students[v.name][f"handout/{v.name}/question.pdf"]
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1 and "/CreationDate" not in (reader.metadata or {})
        text = _text(pdf)[0]
        ex = v.example
        assert f"Backpropagation by hand: {v.name.split()[0]}" in text.replace("\n", " ")
        tables = re.findall(r"-?\d\.\d", text.split("Your numbers")[1].split("Conv bias")[0])  # a, w (row by row, side by side), v
        assert sorted(float(x) for x in tables) == sorted([*ex.a.ravel(), *ex.w.ravel(), *ex.v])
        for x in [*ex.a.ravel(), *ex.w.ravel(), *ex.v]:
            assert f"{x:g}" in text
        assert f"b = {ex.b:g}" in text and f"label y = {ex.y}" in text


@pytest.mark.slow
def test_key_has_a_page_per_student_with_every_value(layout, klass):
    text = _text(layout[1]["key/key.pdf"])
    assert len(text) == len(klass)
    for page, v in zip(text, klass):
        assert page.startswith(f"Key: {v.name.split()[0]}")
        values = reference_values(v.example, list(TARGETS))
        for key, value in values.items():
            for x in np.ravel(value):
                assert f"{x:.4f}" in page, (v.name, key, x)


@pytest.mark.slow
def test_same_seed_same_bytes(layout, klass):
    again = class_layout(make_variants(3, 21, 4, 3, TARGETS, names=NAMES), 21, ("gradescope", "prairielearn"))
    assert again == layout


def test_an_earlier_class_folder_is_migrated_in_place(tmp_path):
    out = tmp_path / "class"
    for name in ("student-01", "student-02"):
        (out / name / "media" / "Tex").mkdir(parents=True)
        for rel in ("example.json", "question.md", "answers.md", "backprop.mp4"):
            (out / name / rel).write_text(f"{name} {rel}")
    (out / "class.json").write_text(json.dumps({"seed": 1, "students": [{"name": n, "folder": n, "label": 0}
                                                                         for n in ("student-01", "student-02")]}))
    assert legacy_students(out) == ["student-01", "student-02"]
    line = migrate_legacy(out)
    assert line.startswith(f"moved the class in {out} to the hand-out/key layout: 2 hand-outs") and "\n" not in line
    assert sorted(p.name for p in out.iterdir()) == ["class.json", "handout", "key"]
    assert sorted(p.name for p in (out / "handout" / "student-02").iterdir()) == ["example.json", "question.md"]
    assert sorted(p.name for p in (out / "key" / "student-02").iterdir()) == ["answers.md", "backprop.mp4"]  # the video says the answers
    assert (out / "key" / "student-02" / "answers.md").read_text() == "student-02 answers.md"
    assert json.loads((out / "class.json").read_text())["students"][0]["folder"] == "handout/student-01"
    assert legacy_students(out) == [] and migrate_legacy(out) == ""


@pytest.mark.slow
def test_variants_emits_both_platforms_and_migrates_an_earlier_folder(tmp_path):
    from click.testing import CliRunner

    from cli.main import cli

    out = tmp_path / "class"
    (out / "student-01" / "media").mkdir(parents=True)
    for rel in ("example.json", "question.md", "answers.md"):
        (out / "student-01" / rel).write_text("earlier")
    (out / "class.json").write_text(json.dumps({"seed": 2, "students": [{"name": "student-01", "folder": "student-01", "label": 0}]}))
    args = ["variants", "--count", "1", "--seed", "2", "--out", str(out), "--emit", "gradescope", "--emit", "prairielearn", "--replace"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("note: the roster has no email column, so the Gradescope grader knows students by name only")
    assert lines[1].startswith(f"moved the class in {out} to the hand-out/key layout: 1 hand-outs")
    assert sorted(p.name for p in out.iterdir()) == ["class.json", "gradescope", "handout", "key", "prairielearn"]
    assert (out / "gradescope" / "autograder.zip").stat().st_size > 1000
    assert json.loads((out / "prairielearn" / "backpropByHand" / "info.json").read_text())["type"] == "v3"
    assert not any(p.name == "media" for p in out.rglob("*"))


@pytest.mark.slow
def test_an_eight_by_eight_key_still_fits_a_page_per_student():
    from render.course.sheets import key_tex, typeset

    variants = make_variants(2, 2, 8, 2, ("w00", "a11", "v0", "b"))
    pages = _text(typeset(key_tex(variants)))
    assert len(pages) == 2 and all(page.startswith(f"Key: {v.name}") for page, v in zip(pages, variants))
    grad = reference_values(variants[1].example, ["b"])["b"]
    assert f"{grad:.4f}" in pages[1].replace("\n", "")
