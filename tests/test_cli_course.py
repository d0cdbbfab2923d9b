"""`lesson variants` and `check`: the class folders, all or nothing, and the checker's exit statuses."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

import render.course.layout as layout
from model.chain import CHAIN_KEYS, run_chain
from model.conv import load_example
from model.mistakes import mistaken_values
from model.variants import make_variants
from render.course.class_folder import student_folders
from cli.main import cli
from render.text.derivation import derivation_markdown


def _run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def _tree(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_variants_writes_a_folder_per_student(tmp_path):
    out = tmp_path / "class"
    result = _run(["variants", "--count", "4", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"wrote 4 students in {out} (hand-outs in {out / 'handout'}, keys in {out / 'key'}")
    students = student_folders(out)
    assert [s.name for s in students] == ["student-01", "student-02", "student-03", "student-04"]
    assert sorted(s.label for s in students) == [0, 0, 1, 1]
    expected = make_variants(4, 3, 4, 3, ("w00", "a21"))
    for student, variant in zip(students, expected):
        assert student.folder == out / "handout" / student.name
        assert sorted(p.name for p in student.folder.iterdir()) == ["answers.json", "example.json", "question.md", "question.pdf"]
        assert sorted(p.name for p in (out / "key" / student.name).iterdir()) == ["answers.md", "values.json"]
        ex = load_example(student.example)
        assert ex.to_dict() == variant.example.to_dict()
        assert (out / "key" / student.name / "answers.md").read_text() == derivation_markdown(ex, ("w00", "a21"))
        question = (student.folder / "question.md").read_text()
        assert f"# Backpropagation by hand: {student.name}" in question
        row = "| **row 1** | " + " | ".join(f"{x:g}" for x in ex.a[1]) + " |"
        assert row in question and f"label `y = {ex.y}`" in question and f"`b = {ex.b:g}`" in question
        assert '"delta": [[0.0, 0.0], [0.0, 0.0]]' in question and '"a21": 0.0' in question
    manifest = json.loads((out / "class.json").read_text())
    assert manifest["seed"] == 3 and manifest["targets"] == ["w00", "a21"] and manifest["size"] == 4


def test_same_seed_same_bytes_and_unchanged_folders_keep_their_extra_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert _run(["variants", "--count", "3", "--seed", "8", "--out", str(out)]).exit_code == 0
    assert _tree(a) == _tree(b)
    assert all((a / p).read_bytes() == (b / p).read_bytes() for p in _tree(a) if (a / p).is_file())
    (a / "handout" / "student-02" / "backprop.mp4").write_bytes(b"video")
    assert _run(["variants", "--count", "3", "--seed", "8", "--out", str(a)]).exit_code == 0
    assert (a / "handout" / "student-02" / "backprop.mp4").read_bytes() == b"video"
    assert _run(["variants", "--count", "3", "--seed", "9", "--out", str(a)]).exit_code == 2  # new numbers: refused
    (a / "handout" / "student-02" / "backprop.mp4").unlink()  # not written by variants: a changed student would lose it
    assert _run(["variants", "--count", "3", "--seed", "9", "--out", str(a), "--replace"]).exit_code == 0
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("a.old-")]
    assert len(backups) == 1 and json.loads((backups[0] / "class.json").read_text())["seed"] == 8
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a", "b", backups[0].name])
    assert not any(p.name.startswith(".") for p in a.iterdir())


def test_roster_names_the_folders(tmp_path):
    roster = tmp_path / "names.csv"
    roster.write_text("name,email\nAda Lovelace,ada@x\n\nAlan Turing,alan@x\nGrace\n")
    out = tmp_path / "class"
    assert _run(["variants", "--roster", str(roster), "--seed", "1", "--out", str(out)]).exit_code == 0
    assert [s.name for s in student_folders(out)] == ["Ada Lovelace", "Alan Turing", "Grace"]
    assert "# Backpropagation by hand: Alan Turing" in (out / "handout" / "Alan Turing" / "question.md").read_text()


def test_five_by_five_with_w12_and_a11(tmp_path):
    out = tmp_path / "c"
    args = ["variants", "--count", "2", "--seed", "4", "--out", str(out), "--size", "5", "--target", "w12", "--target", "a11"]
    assert _run(args).exit_code == 0
    ex = load_example(out / "handout" / "student-01" / "example.json")
    assert ex.n == 5 and ex.k == 3
    answers = (out / "key" / "student-01" / "answers.md").read_text()
    assert "## The gradient with respect to $w_{12}$" in answers and "## The gradient with respect to $a_{11}$" in answers
    assert '"w12": 0.0' in (out / "handout" / "student-01" / "question.md").read_text()


def _roster(tmp_path, text):
    path = tmp_path / "r.csv"
    path.write_text(text)
    return str(path)


BAD = [
    (["--count", "0"], "count must be a positive integer. Got '0' instead."),
    (["--count", "-3"], "count must be a positive integer. Got '-3' instead."),
    (["--count", "many"], "count must be a positive integer. Got 'many' instead."),
    (["--count", "2", "--seed", "1.5"], "seed must be a non-negative integer. Got '1.5' instead."),
    (["--count", "2", "--seed", "abc"], "seed must be a non-negative integer. Got 'abc' instead."),
    (["--count", "2", "--kernel", "4"], "kernel size must be smaller than the input size (4). Got 4 instead."),
    (["--count", "2", "--size", "3", "--kernel", "5"], "kernel size must be smaller than the input size (3). Got 5 instead."),
    (["--count", "2", "--size", "0"], "input size must be a positive integer. Got '0' instead."),
    (["--count", "2", "--target", "w33"], "target 'w33' is outside the 3x3 kernel. Got row 3, column 3."),
    ([], "count must be given when there is no roster. Got neither --count nor --roster."),
    (["--roster", "{d}/none.csv"], "roster file must exist. Got '{d}/none.csv' instead."),
    (["--roster", "ROSTER:Ann\nBob\nann\n"], "roster '{d}/r.csv' line 3: the name 'ann' is a duplicate of line 1."),
    (["--roster", "ROSTER:Ann\n  \nBob\n"], "roster '{d}/r.csv' line 2: the name is empty."),
    (["--roster", "ROSTER:Ann\n../evil\n"], "roster '{d}/r.csv' line 2: the name '../evil' is not a safe folder name (no path separators or .., no leading dot)."),
    (["--roster", "ROSTER:a/b\n"], "roster '{d}/r.csv' line 1: the name 'a/b' is not a safe folder name (no path separators or .., no leading dot)."),
    (["--roster", "ROSTER:..\n"], "roster '{d}/r.csv' line 1: the name '..' is not a safe folder name (no path separators or .., no leading dot)."),
    (["--roster", "ROSTER:.hidden\n"], "roster '{d}/r.csv' line 1: the name '.hidden' is not a safe folder name (no path separators or .., no leading dot)."),
    (["--roster", "ROSTER:name\n"], "roster '{d}/r.csv' must list at least one name. Got none."),
    (["--roster", "ROSTER:Ann\nBob\n", "--count", "3"], "count must match the roster's 2 names. Got 3 instead."),
]


@pytest.mark.parametrize("args, message", BAD)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, args, message):
    args = [_roster(tmp_path, a[len("ROSTER:"):]) if a.startswith("ROSTER:") else a.format(d=tmp_path) for a in args]
    before = _tree(tmp_path)
    result = _run(["variants", *args, "--out", str(tmp_path / "class")])
    assert result.exit_code == 2 and result.stderr == f"error: {message.format(d=tmp_path)}\n"
    assert _tree(tmp_path) == before


def test_output_folder_not_writable_or_a_file(tmp_path):
    result = _run(["variants", "--count", "2", "--out", "/proc/class"])
    assert result.exit_code == 1 and result.stderr.startswith("error: cannot write the class in '/proc': ")
    (tmp_path / "f").write_text("x")
    result = _run(["variants", "--count", "2", "--out", str(tmp_path / "f")])
    assert result.stderr == f"error: output folder must be a folder. Got the file '{tmp_path / 'f'}' instead.\n"


def test_a_failure_half_way_leaves_no_student_folder(tmp_path, monkeypatch):
    out = tmp_path / "class"
    assert _run(["variants", "--count", "2", "--seed", "1", "--out", str(out)]).exit_code == 0
    before = {p: (out / p).read_bytes() for p in _tree(out) if (out / p).is_file()}
    calls = []

    def failing(ex, targets):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return "key\n"

    monkeypatch.setattr(layout, "derivation_markdown", failing)
    for target in (out, tmp_path / "new"):
        calls.clear()
        result = _run(["variants", "--count", "4", "--seed", "2", "--out", str(target)])
        assert result.exit_code == 1 and "disk full" in result.output
    assert {p: (out / p).read_bytes() for p in _tree(out) if (out / p).is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class"]


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    out = tmp_path_factory.mktemp("course") / "class"
    assert _run(["variants", "--count", "2", "--seed", "5", "--out", str(out)]).exit_code == 0
    return student_folders(out)[0]


def _answers(tmp_path, values):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({k: np.round(np.asarray(v), 4).tolist() for k, v in values.items()}))
    return str(path)


def test_check_right_answers_exit_0(tmp_path, student):
    values = run_chain(load_example(student.example), ["w00", "a21"])
    path = _answers(tmp_path, {k: values[k] for k in (*CHAIN_KEYS, "w00", "a21")})
    result = _run(["check", "--example", str(student.example), "--answers", path])
    assert result.exit_code == 0 and "All 9 items are right." in result.stdout and "✓ right" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_check_names_the_mistake_and_exits_1(tmp_path, student, fmt):
    wrong = mistaken_values(load_example(student.example), ["w00", "a21"], "sigmoid_instead_of_derivative")
    path = _answers(tmp_path, {k: wrong[k] for k in ("z", "s", "dL_ds", "delta", "w00")})
    result = _run(["check", "--example", str(student.example), "--answers", path, "--format", fmt])
    assert result.exit_code == 1
    sentence = "δ is wrong (first at row 0, column 0); z, s and ∂L/∂s are right. It matches a known mistake: σ(z) was used in δ"
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["first_wrong"] == "delta" and data["mistake"] == "sigmoid_instead_of_derivative" and not data["all_right"]
        assert data["summary"].startswith(sentence) and data["tolerance"] == {"relative": 0.005, "absolute": 0.0005}
    else:
        assert sentence in result.stdout.replace("\n", " ")
    if fmt == "markdown":
        assert "| δ |" in result.stdout and "| wrong | sigmoid_instead_of_derivative |" in result.stdout


@pytest.mark.parametrize(
    "text, message",
    [
        ("z = 1", "must be valid JSON. Got an error instead: Expecting value: line 1 column 1 (char 0)."),
        ('{"gradient": 0.1}', ": key 'gradient' is not one of z, h, s, y_hat, L, dL_ds, delta or a gradient of this example"),
        ('{"s": "0.59"}', ": item 's' must be a number. Got the string '0.59' instead."),
        ('{"L": NaN}', ": item 'L' must be a finite number. Got nan instead."),
        ('{"delta": [[1, 2, 3], [1, 2, 3], [1, 2, 3]]}', ": item 'delta' must be a 2x2 list of numbers (the M x M map). Got a 3x3 list instead."),
    ],
)
def test_check_malformed_answers_exit_2_with_one_line(tmp_path, student, text, message):
    path = tmp_path / "mine.json"
    path.write_text(text)
    result = _run(["check", "--example", str(student.example), "--answers", str(path)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: answers '{path}'") and message in result.stderr and result.stderr.count("\n") == 1


def test_check_missing_example_exit_2(tmp_path):
    result = _run(["check", "--example", str(tmp_path / "none.json"), "--answers", str(tmp_path / "a.json")])
    assert result.exit_code == 2 and result.stderr == f"error: backprop example file must exist. Got '{tmp_path / 'none.json'}' instead.\n"


def test_video_needs_a_kernel_and_an_input_target_and_writes_nothing_otherwise(tmp_path):
    result = _run(["variants", "--count", "2", "--out", str(tmp_path / "class"), "--video", "--target", "w00", "--target", "v1"])
    assert result.exit_code == 2 and "--video needs a kernel target (w..) and an input target (a..). Got w00, v1" in result.output
    assert not (tmp_path / "class").exists()


def test_class_video_jobs_render_each_student_into_their_folder_and_resume(tmp_path):
    from cli.class_videos import class_video_jobs, video_targets
    from cli.jobs import run_job
    from render.course.class_folder import student_folders

    out = tmp_path / "class"
    assert _run(["variants", "--count", "3", "--seed", "4", "--size", "5", "--target", "w12", "--target", "a11",
                 "--out", str(out)]).exit_code == 0
    students = student_folders(out)
    jobs = class_video_jobs(students, video_targets(["w12", "a11"]), "l", "none")
    assert [job.name for job in jobs] == [s.name for s in students]
    for job, student in zip(jobs, students, strict=True):
        assert job.env["BACKPROP_EXAMPLE"] == str(student.example.resolve()) and job.env["BACKPROP_TARGETS"] == "w12,a11"
        assert job.outputs == (str(student.key.resolve() / "backprop.mp4"),) and not job.done()
        assert student.key == out / "key" / student.name  # the video says the answers: never in the hand-out
    (students[0].key / "backprop.mp4").write_bytes(b"\0\0\0\x0cftypisom" + b"\0\0\0\x08moov\0\0\0\x08mdat")  # whole boxes
    assert jobs[0].done() and run_job(jobs[0]).ok  # resumed: nothing runs again
