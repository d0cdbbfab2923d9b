"""What a class folder holds: a hand-out per student (no right values), a key per student, and the class's files.

OUT/handout/<student>/  question.md, question.pdf, example.json (the inputs), answers.json (zeros to fill in)
OUT/key/<student>/      answers.md (the derivation), values.json (every right value), and backprop.mp4 / backprop.srt
                        with --video (the video works through the student's own numbers: release it after the deadline)
OUT/key/key.pdf         a page per student; OUT/gradescope/autograder.zip and OUT/prairielearn/... when emitted
"""

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from model.variants import Variant
from render.course.question import answers_template, question_markdown
from render.text.derivation import derivation_markdown

__all__ = ["EMITS", "HANDOUT", "HANDOUT_FILES", "KEY", "KEY_FILES", "LEGACY_FILES", "class_files", "class_layout",
           "example_json", "legacy_students", "migrate_legacy", "student_files"]

HANDOUT, KEY = "handout", "key"  # the two trees of the class folder
HANDOUT_FILES = ("question.md", "question.pdf", "example.json", "answers.json")
KEY_FILES = ("answers.md", "values.json")
LEGACY_FILES = ("example.json", "question.md", "answers.md")  # the earlier layout: all three in OUT/<student>/
EMITS = ("gradescope", "prairielearn")
_MOVED = {"example.json": HANDOUT, "question.md": HANDOUT, "backprop.mp4": KEY, "backprop.srt": KEY, "answers.md": KEY}


def _rows(array) -> str:
    """A matrix as JSON with one row a line, like assets/backprop_example.json."""
    return "[\n" + ",\n".join(f"    {json.dumps(row)}" for row in array.tolist()) + "\n  ]"


def example_json(variant: Variant) -> str:
    """The student's inputs as example.json (what `lesson check` and a per-student render read)."""
    ex = variant.example
    return (f'{{\n  "a": {_rows(ex.a)},\n  "w": {_rows(ex.w)},\n  "b": {ex.b},\n  "v": {json.dumps(ex.v.tolist())},\n'
            f'  "c": {ex.c},\n  "y": {ex.y}\n}}\n')


def student_files(variant: Variant, question_pdf: bytes, record: dict) -> dict[str, bytes]:
    """One student's files, path relative to the class folder -> bytes; `record` is gradescope.student_record's."""
    ex, name = variant.example, variant.name
    handout = {
        "question.md": question_markdown(ex, variant.targets, name),
        "example.json": example_json(variant),
        "answers.json": answers_template(ex, variant.targets) + "\n",
    }
    key = {"answers.md": derivation_markdown(ex, variant.targets),
           "values.json": json.dumps(record["right"], indent=2) + "\n"}
    files = {f"{HANDOUT}/{name}/{rel}": text.encode("utf-8") for rel, text in handout.items()}
    files[f"{HANDOUT}/{name}/question.pdf"] = question_pdf
    return files | {f"{KEY}/{name}/{rel}": text.encode("utf-8") for rel, text in key.items()}


def class_files(variants: Sequence[Variant], key_pdf: bytes, seed: int, emit: Sequence[str] = (),
                emails: dict[str, str] | None = None) -> dict[str, bytes]:
    """The class's own files: key/key.pdf, and the platforms asked for with --emit."""
    from render.course.gradescope import AUTOGRADER, autograder_zip
    from render.course.prairielearn import question_files

    files = {f"{KEY}/key.pdf": key_pdf}
    if "gradescope" in emit:
        files[AUTOGRADER] = autograder_zip(variants, emails)
    if "prairielearn" in emit:
        files |= question_files(variants, seed)
    return files


def class_layout(variants: Sequence[Variant], seed: int, emit: Sequence[str] = (),
                 emails: dict[str, str] | None = None) -> tuple[dict[str, dict[str, bytes]], dict[str, bytes]]:
    """({student: {path: bytes}}, {class path: bytes}): everything `lesson variants` writes, sheets typeset."""
    from render.course.gradescope import student_record
    from render.course.sheets import key_tex, question_tex, typeset_all

    bad = [e for e in emit if e not in EMITS]
    if bad:
        raise ValueError(f"emit must be one of {', '.join(EMITS)}. Got {bad[0]!r} instead.")
    *sheets, key_pdf = typeset_all([*(question_tex(v) for v in variants), key_tex(variants)])
    students = {v.name: student_files(v, pdf, student_record(v.example, v.targets, v.name)) for v, pdf in zip(variants, sheets)}
    return students, class_files(variants, key_pdf, seed, emit, emails)


def legacy_students(out: str | Path) -> list[str]:
    """Folders of `out` in the earlier one-folder-per-student layout (answers beside the question); [] when none."""
    out = Path(out)
    try:
        manifest = json.loads((out / "class.json").read_text(encoding="utf-8"))
        folders = [s["folder"] for s in manifest["students"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [f for f in folders if isinstance(f, str) and "/" not in f and ((out / f / "answers.md").is_file() or (out / HANDOUT / f).is_dir())]


def migrate_legacy(out: str | Path) -> str:
    """Move an earlier class folder into the hand-out/key layout in place; one line saying what moved ('' if nothing)."""
    out = Path(out)
    folders = legacy_students(out)
    if not folders:
        return ""
    manifest = json.loads((out / "class.json").read_text(encoding="utf-8"))
    for folder in folders:
        old = out / folder
        if not old.is_dir():
            continue  # moved by a run that was cut short before class.json
        for name, tree in _MOVED.items():
            if (old / name).is_file():
                (out / tree / folder).mkdir(parents=True, exist_ok=True)
                os.replace(old / name, out / tree / folder / name)
        shutil.rmtree(old / "media", ignore_errors=True)  # manim's work files, not a hand-out
        if not any(old.iterdir()):
            old.rmdir()
    files, extra = {}, {}
    for student in manifest["students"]:  # from what is in place, so a run cut short is finished by the next
        folder = student["folder"].rsplit("/", 1)[-1]
        student["folder"], student["key"] = f"{HANDOUT}/{folder}", f"{KEY}/{folder}"
        there = [f"{tree}/{folder}/{name}" for name, tree in _MOVED.items() if (out / tree / folder / name).is_file()]
        files[student["name"]] = [p for p in there if not p.endswith((".mp4", ".srt"))]
        extra[student["name"]] = [p for p in there if p.endswith((".mp4", ".srt"))]
    manifest |= {"files": files, "extra": extra, "written": sorted(p for paths in (*files.values(), *extra.values()) for p in paths)}
    tmp = out / ".class.json.migrating"
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out / "class.json")
    return (f"moved the class in {out} to the hand-out/key layout: {len(folders)} hand-outs in {out / HANDOUT}, "
            f"their keys in {out / KEY} (media/ work folders removed)")
