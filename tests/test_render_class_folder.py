"""Reading a roster (every refusal named with its line), numbering students, and finding their folders."""

import json
import uuid
import zipfile

import pytest

from model.variants import make_variants
from render.course.class_folder import MAX_STUDENTS, StudentFolder, numbered_names, read_roster, student_folders, write_class, write_class_report


def _roster(tmp_path, text: str | bytes):
    path = tmp_path / "r.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize("text, names", [
    ("Ann\nBob\n", ["Ann", "Bob"]),
    ("name,email\nAnn,a@x\n", ["Ann"]),
    ("\n\n  Student  \nAnn\n", ["Ann"]),  # the header may follow blank lines, in any case, padded
    ("NAME\nAnn\n", ["Ann"]),
    ("Ann\nname\n", None),  # a 'name' row after the first is a student's name
    ("\ufeffname\n  Ann  ,\n\nJose\u0301\n", ["Ann", "Jos\u00e9"]),  # a BOM, padding, and 'José' typed two ways is one form
    ('"Núñez, José",x\nAnn\r\n', ["Núñez, José", "Ann"]),
    ("a" * 40 + "\n" + "é" * 50 + "\n", ["a" * 40, "é" * 50]),  # 100 bytes in UTF-8: allowed
])
def test_a_roster_gives_its_names_in_order(tmp_path, text, names):
    expected = names if names is not None else ["Ann", "name"]
    assert read_roster(_roster(tmp_path, text)) == expected
    assert read_roster(str(_roster(tmp_path, text))) == expected


LONG = "x" * 45


@pytest.mark.parametrize("text, reason", [
    ("Ann\n\nBob\n  \n", "line 4: the name is empty."),
    ("Ann\nBell\u0007\n", "line 2: the name 'Bell\\x07' holds the control or direction character U+0007."),
    ("Ann\nab\u202ecd\n", "line 2: the name 'ab\\u202ecd' holds the control or direction character U+202E."),
    ("Ann\nab\u2028cd\n", "line 2: the name 'ab\\u2028cd' holds the control or direction character U+2028."),
    ("Ann\nab\u2029cd\n", "line 2: the name 'ab\\u2029cd' holds the control or direction character U+2029."),
    ("Ann\nab\u200fcd\n", "line 2: the name 'ab\\u200fcd' holds the control or direction character U+200F."),
    ("Ann\nCLASS.json\n", "line 2: the name 'CLASS.json' is not a safe folder name (no path separators or .., no leading dot)."),
    ("Ann\nAnn\n", "line 2: the name 'Ann' is a duplicate of line 1."),
    ("Stra\u00dfe\n\nSTRASSE\n", "line 3: the name 'STRASSE' is a duplicate of line 1."),
    ("Ann\n" + LONG + "é" * 28 + "\n", f"line 2: the name is longer than 100 bytes in UTF-8 (101: '{'x' * 40}...')."),
    (LONG + "\n" + LONG.upper() + "\n", f"line 2: the name '{'X' * 40}...' is a duplicate of line 1."),
    ("name\n\n", "must list at least one name. Got none."),
    ("", "must list at least one name. Got none."),
])
def test_a_bad_roster_is_named_with_its_line(tmp_path, text, reason):
    path = _roster(tmp_path, text)
    with pytest.raises(ValueError) as caught:
        read_roster(path)
    assert str(caught.value) == f"roster {str(path)!r} {reason}"


@pytest.mark.parametrize("ch", list('/\\<>:"|?*'))
def test_unsafe_characters_are_refused(tmp_path, ch):
    path = _roster(tmp_path, f"Ann\nab{ch}cd\n" if ch != '"' else 'Ann\n"ab""cd"\n')
    with pytest.raises(ValueError) as caught:
        read_roster(path)
    unsafe = "is not a safe folder name (no path separators or .., no leading dot)."
    assert str(caught.value) == f"roster {str(path)!r} line 2: the name {('ab' + ch + 'cd')!r} {unsafe}"


def test_a_roster_that_is_not_a_utf8_csv_file_or_not_a_file(tmp_path):
    for data in (b"Ann\n\xff\xfe\n", b"Ann\n" + b"x" * 200_000 + b"\n"):  # bad bytes; a field over csv's limit
        path = _roster(tmp_path, data)
        with pytest.raises(ValueError, match=rf"^roster '{path}' must be a UTF-8 CSV file\. Got an error instead: .+\.$"):
            read_roster(path)
    for path in (tmp_path / "none.csv", tmp_path):
        with pytest.raises(ValueError) as caught:
            read_roster(path)
        assert str(caught.value) == f"roster file must exist. Got {str(path)!r} instead."


def test_a_roster_is_held_to_the_class_size_and_read_only_so_far(tmp_path):
    names = [f"s{i}" for i in range(MAX_STUDENTS)]
    assert read_roster(_roster(tmp_path, "\n".join(names) + "\n")) == names
    path = _roster(tmp_path, "\n".join(names + ["one more"]) + "\n")
    with pytest.raises(ValueError) as caught:
        read_roster(path)
    assert str(caught.value) == f"roster {str(path)!r} must list at most 10000 names. Got more at line 10001."
    path = _roster(tmp_path, "\n" * 40_000 + "Ann\n")  # only the first 40 000 rows are read
    with pytest.raises(ValueError, match="must list at least one name. Got none."):
        read_roster(path)
    assert read_roster(_roster(tmp_path, "\n" * 39_999 + "Ann\n")) == ["Ann"]


def test_numbered_names_sort_in_order():
    assert numbered_names(0) == []
    assert numbered_names(1) == ["student-01"]
    assert numbered_names(3) == ["student-01", "student-02", "student-03"]
    assert numbered_names(99)[-1] == "student-99" and len(numbered_names(99)) == 99
    hundred = numbered_names(100)
    assert hundred[0] == "student-001" and hundred[-1] == "student-100" and hundred == sorted(hundred)


def test_student_folders_come_back_in_class_order_with_their_keys(tmp_path):
    out = tmp_path / "class"
    out.mkdir()
    students = [{"name": "Zoe", "folder": "handout/Zoe", "key": "key/Zoe", "label": "1"},
                {"name": "Ann", "folder": "handout/Ann", "key": "key/Ann", "label": 0}]
    (out / "class.json").write_text(json.dumps({"seed": 1, "students": students}))
    found = student_folders(str(out))
    assert found == [StudentFolder("Zoe", out / "handout" / "Zoe", 1), StudentFolder("Ann", out / "handout" / "Ann", 0)]
    assert [s.key for s in found] == [out / "key" / "Zoe", out / "key" / "Ann"]
    assert found[0].example == out / "handout" / "Zoe" / "example.json"
    legacy = StudentFolder("Ann", out / "Ann", 0)  # the earlier layout: one folder holds hand-out and key
    assert legacy.key == out / "Ann" and legacy.example == out / "Ann" / "example.json"


def test_a_folder_without_a_class_record_is_refused(tmp_path):
    (tmp_path / "class.json").mkdir()
    for out in (tmp_path / "none", tmp_path):
        with pytest.raises(ValueError) as caught:
            student_folders(out)
        assert str(caught.value) == f"class folder must hold class.json (written by `lesson variants`). Got {str(out)!r} instead."


def test_a_quoted_name_keeps_its_carriage_return_and_is_refused_for_it(tmp_path):
    path = _roster(tmp_path, 'Ann\n"Bo\r\nb"\n')  # read as the file holds it, not with newlines translated
    with pytest.raises(ValueError) as caught:
        read_roster(path)
    assert str(caught.value) == f"roster {str(path)!r} line 2: the name 'Bo\\r\\nb' holds the control or direction character U+000D."
    name = "y" * 40  # exactly as long as a message shows a name: shown whole
    path = _roster(tmp_path, f"{name}\n{name.upper()}\n")
    with pytest.raises(ValueError) as caught:
        read_roster(path)
    assert str(caught.value) == f"roster {str(path)!r} line 2: the name '{name.upper()}' is a duplicate of line 1."


def test_write_class_report_records_the_class_and_passes_seed_and_emails_on(tmp_path):
    variants = make_variants(2, 5, 4, 3, ("w00", "a21"), names=["Ada", "Bob"])
    options = {"seed": 5, "size": 4, "kernel": 3, "targets": ["w00", "a21"]}
    out = tmp_path / "class"
    students, _ = write_class_report(out, variants, options, emit=("gradescope", "prairielearn"), emails={"Ada": "ada@example.org"})
    assert students == [StudentFolder(v.name, out / "handout" / v.name, v.example.y) for v in variants]
    record = json.loads((out / "class.json").read_text())
    assert {k: record[k] for k in options} == options and record["emit"] == ["gradescope", "prairielearn"]
    assert record["students"] == [{"name": v.name, "folder": f"handout/{v.name}", "key": f"key/{v.name}", "label": v.example.y}
                                  for v in variants]
    with zipfile.ZipFile(out / "gradescope" / "autograder.zip") as archive:
        key = json.loads(archive.read("key.json"))
    assert "ada@example.org" in json.dumps(key) and json.dumps(key).count("@") == 1
    info = json.loads((out / "prairielearn" / "backpropByHand" / "info.json").read_text())
    assert info["uuid"] == str(uuid.uuid5(uuid.NAMESPACE_URL, "lesson-in-motion/backprop-by-hand/seed=5/n=4/k=3/targets=w00,a21"))
    before = (out / "class.json").read_bytes()
    others = make_variants(2, 6, 4, 3, ("w00", "a21"), names=["Ada", "Bob"])
    with pytest.raises(ValueError, match="Got no --replace"):  # other students' files: replacing them must be asked for
        write_class_report(out, others, options | {"seed": 6})
    assert (out / "class.json").read_bytes() == before


def test_write_class_gives_the_students_and_replaces_only_when_asked(tmp_path):
    variants = make_variants(1, 7, 4, 3, ("w00", "a21"), names=["Ada"])
    others = make_variants(1, 8, 4, 3, ("w00", "a21"), names=["Ada"])
    options = {"seed": 7, "size": 4, "kernel": 3, "targets": ["w00", "a21"]}
    out = tmp_path / "class"
    assert write_class(out, variants, options, False, ("gradescope",), {"Ada": "ada@example.org"}) == student_folders(out)
    record = json.loads((out / "class.json").read_text())
    assert record["emit"] == ["gradescope"] and record["students"][0]["label"] == variants[0].example.y
    with zipfile.ZipFile(out / "gradescope" / "autograder.zip") as archive:
        assert "ada@example.org" in archive.read("key.json").decode()
    with pytest.raises(ValueError, match="Got no --replace"):
        write_class(out, others, options | {"seed": 8})
    assert json.loads((out / "class.json").read_text())["seed"] == 7
    assert write_class(out, others, options | {"seed": 8}, replace=True) == [StudentFolder("Ada", out / "handout" / "Ada", others[0].example.y)]
    record = json.loads((out / "class.json").read_text())
    assert record["seed"] == 8 and record["emit"] == [] and not (out / "gradescope").exists()


def test_a_class_recorded_without_its_file_list_is_replaced_as_ours(tmp_path):
    out = tmp_path / "class"
    (out / "handout" / "Ada").mkdir(parents=True)
    (out / "handout" / "Ada" / "example.json").write_text("from an earlier version")  # its record lists no files
    (out / "class.json").write_text(json.dumps({"seed": 1, "students": [{"name": "Ada", "folder": "handout/Ada", "label": 0}]}))
    variants = make_variants(1, 7, 4, 3, ("w00", "a21"), names=["Ada"])
    write_class_report(out, variants, {"seed": 7}, replace=True)
    assert json.loads((out / "handout" / "Ada" / "example.json").read_text())["y"] == variants[0].example.y
    assert sorted(p.name for p in (out / "handout" / "Ada").iterdir()) == ["answers.json", "example.json", "question.md", "question.pdf"]
