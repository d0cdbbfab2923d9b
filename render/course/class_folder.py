"""A class on disk: one folder per student with example.json, question.md and answers.md, written all or nothing."""

import csv
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from model.variants import Variant
from render.text.derivation import derivation_markdown
from render.course.question import question_markdown

__all__ = ["MANIFEST", "StudentFolder", "numbered_names", "read_roster", "student_folders", "write_class"]

MANIFEST = "class.json"  # in the class folder: the options used and the students in order
STUDENT_FILES = ("example.json", "question.md", "answers.md")
_UNSAFE = set('/\\<>:"|?*')  # path separators, and characters some file systems refuse


@dataclass(frozen=True)
class StudentFolder:
    """Where one student's files are."""

    name: str  # the student's name, also the folder's name
    folder: Path
    label: int  # the example's y

    @property
    def example(self) -> Path:
        """The student's example.json, what a per-student render reads (BACKPROP_EXAMPLE)."""
        return self.folder / "example.json"


def _name_problem(name: str) -> str | None:
    if not name:
        return "is empty"
    if any(ch in _UNSAFE or ord(ch) < 32 for ch in name) or name.startswith(".") or name.lower() == MANIFEST:
        return f"{name!r} is not a safe folder name (no path separators or .., no leading dot)"
    if len(name) > 100:
        return f"is longer than 100 characters ({len(name)})"
    return None


def read_roster(path: str | Path) -> list[str]:
    """Student names from a CSV file, one a row in the first column; a 'name' header row is skipped."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"roster file must exist. Got {str(path)!r} instead.")
    try:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            rows = list(enumerate(csv.reader(stream), start=1))
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValueError(f"roster {str(path)!r} must be a UTF-8 CSV file. Got an error instead: {error}.") from None
    rows = [(line, row) for line, row in rows if row]  # blank lines separate nothing
    if rows and rows[0][1][0].strip().lower() in ("name", "student"):
        rows = rows[1:]
    names, seen = [], {}
    for line, row in rows:
        name = row[0].strip()
        problem = _name_problem(name)
        if problem:
            raise ValueError(f"roster {str(path)!r} line {line}: the name {problem}.")
        if name.lower() in seen:
            raise ValueError(f"roster {str(path)!r} line {line}: the name {name!r} is a duplicate of line {seen[name.lower()]}.")
        seen[name.lower()] = line
        names.append(name)
    if not names:
        raise ValueError(f"roster {str(path)!r} must list at least one name. Got none.")
    return names


def numbered_names(count: int) -> list[str]:
    """'student-01', 'student-02', ... padded so the folders sort in order."""
    width = max(2, len(str(count)))
    return [f"student-{x:0{width}d}" for x in range(1, count + 1)]


def _rows(array) -> str:
    """A matrix as JSON with one row a line, like assets/backprop_example.json."""
    return "[\n" + ",\n".join(f"    {json.dumps(row)}" for row in array.tolist()) + "\n  ]"


def _example_json(variant: Variant) -> str:
    ex = variant.example
    return (f'{{\n  "a": {_rows(ex.a)},\n  "w": {_rows(ex.w)},\n  "b": {ex.b},\n  "v": {json.dumps(ex.v.tolist())},\n'
            f'  "c": {ex.c},\n  "y": {ex.y}\n}}\n')


def _student_files(variant: Variant) -> dict[str, str]:
    return {
        "example.json": _example_json(variant),
        "question.md": question_markdown(variant.example, variant.targets, variant.name),
        "answers.md": derivation_markdown(variant.example, variant.targets),
    }


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ValueError(f"output folder must be a folder. Got the file {str(out)!r} instead.")
    if not out.parent.is_dir():
        raise ValueError(f"output folder's parent must exist. Got {str(out.parent)!r} instead.")
    for folder in {out.parent, out} if out.is_dir() else {out.parent}:
        try:  # probe: os.access() says yes to root even on read-only file systems
            fd, probe = tempfile.mkstemp(prefix=".probe-", dir=folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as err:
            raise ValueError(f"output folder must be writable. Got {str(folder)!r} ({err.strerror}).") from None


def _same(old: Path, new: Path) -> bool:
    return all((old / f).is_file() and (old / f).read_bytes() == (new / f).read_bytes() for f in STUDENT_FILES)


def write_class(out: str | Path, variants: Sequence[Variant], options: dict) -> list[StudentFolder]:
    """Write every student's folder and class.json; on any failure no student folder is touched."""
    # A student folder whose three files come out identical is left as it is, with whatever else it holds
    # (a rendered video, say), so writing the same class again is cheap and loses nothing.
    out = Path(out)
    _check_out(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for variant in variants:
            folder = staging / variant.name
            folder.mkdir()
            for name, text in _student_files(variant).items():
                (folder / name).write_text(text, encoding="utf-8")
        students = [{"name": v.name, "folder": v.name, "label": v.example.y} for v in variants]
        (staging / MANIFEST).write_text(json.dumps(options | {"students": students}, indent=2) + "\n", encoding="utf-8")
        if not out.exists():
            os.rename(staging, out)
        else:
            _merge(staging, out, [v.name for v in variants])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return student_folders(out)


def _merge(staging: Path, out: Path, names: list[str]) -> None:
    """Move new student folders into an existing class folder, replacing changed ones, then class.json."""
    for name in names:
        new, old = staging / name, out / name
        if old.is_dir() and _same(old, new):
            continue
        if old.exists():
            trash = Path(tempfile.mkdtemp(prefix=f".{name}-old-", dir=out))
            os.rename(old, trash / name)
            os.rename(new, old)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.rename(new, old)
    os.replace(staging / MANIFEST, out / MANIFEST)


def student_folders(out: str | Path) -> list[StudentFolder]:
    """The students of a class folder written by write_class, in class order."""
    out = Path(out)
    manifest = out / MANIFEST
    if not manifest.is_file():
        raise ValueError(f"class folder must hold {MANIFEST} (written by `lesson variants`). Got {str(out)!r} instead.")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return [StudentFolder(name=s["name"], folder=out / s["folder"], label=int(s["label"])) for s in data["students"]]
