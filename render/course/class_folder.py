"""A class on disk: a hand-out and a key folder per student (render/course/layout.py), written all or nothing."""

import csv
import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from model.variants import Variant
from render.course.class_writer import MANIFEST, ClassWrite, read_manifest, write_class_files
from render.course.layout import HANDOUT, KEY, LEGACY_FILES, class_layout

__all__ = ["MANIFEST", "MAX_STUDENTS", "StudentFolder", "numbered_names", "read_roster", "student_folders", "write_class", "write_class_report"]

_UNSAFE = set('/\\<>:"|?*')  # path separators, and characters some file systems refuse
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # reorder how a name is shown
MAX_STUDENTS = 10_000  # a class; more is no longer one instructor's homework (and takes minutes)
MAX_NAME_BYTES = 100  # a student's folder name in UTF-8 (file systems allow 255)
_MAX_ROWS = 4 * MAX_STUDENTS  # rows read from a roster: blank lines and a header fit, a roster too long is still caught


@dataclass(frozen=True)
class StudentFolder:
    """Where one student's files are."""

    name: str  # the student's name, also the folder's name
    folder: Path  # the hand-out folder, OUT/handout/<name> (OUT/<name> in a class from the earlier layout)
    label: int  # the example's y

    @property
    def key(self) -> Path:
        """The student's key folder, OUT/key/<name>: the answers, and the worked video to release after the deadline."""
        return self.folder.parent.parent / "key" / self.name if self.folder.parent.name == "handout" else self.folder

    @property
    def example(self) -> Path:
        """The student's example.json, what a per-student render reads (BACKPROP_EXAMPLE)."""
        return self.folder / "example.json"


def _name_problem(name: str) -> str | None:
    if not name:
        return "is empty"
    bad = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI), None)
    if bad is not None:
        return f"{_cut(name)!r} holds the control or direction character U+{ord(bad):04X}"
    if any(ch in _UNSAFE for ch in name) or name.startswith(".") or name.lower() == MANIFEST:
        return f"{_cut(name)!r} is not a safe folder name (no path separators or .., no leading dot)"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"is longer than {MAX_NAME_BYTES} bytes in UTF-8 ({len(name.encode('utf-8'))}: {_cut(name)!r})"
    return None


def _cut(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def read_roster(path: str | Path) -> list[str]:
    """Student names from a CSV file, one a row in the first column; a 'name' header row is skipped."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"roster file must exist. Got {str(path)!r} instead.")
    try:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            rows = list(itertools.islice(enumerate(csv.reader(stream), start=1), _MAX_ROWS))  # a huge file is not read whole
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValueError(f"roster {str(path)!r} must be a UTF-8 CSV file. Got an error instead: {error}.") from None
    rows = [(line, row) for line, row in rows if row]  # blank lines separate nothing
    if rows and rows[0][1][0].strip().lower() in ("name", "student"):
        rows = rows[1:]
    names, seen = [], {}
    for line, row in rows:
        name = unicodedata.normalize("NFC", row[0].strip())  # 'José' typed two ways is one name
        problem = _name_problem(name)
        if problem:
            raise ValueError(f"roster {str(path)!r} line {line}: the name {problem}.")
        if name.casefold() in seen:
            raise ValueError(f"roster {str(path)!r} line {line}: the name {_cut(name)!r} is a duplicate of line {seen[name.casefold()]}.")
        seen[name.casefold()] = line
        names.append(name)
        if len(names) > MAX_STUDENTS:
            raise ValueError(f"roster {str(path)!r} must list at most {MAX_STUDENTS} names. Got more at line {line}.")
    if not names:
        raise ValueError(f"roster {str(path)!r} must list at least one name. Got none.")
    return names


def numbered_names(count: int) -> list[str]:
    """'student-01', 'student-02', ... padded so the folders sort in order."""
    width = max(2, len(str(count)))
    return [f"student-{x:0{width}d}" for x in range(1, count + 1)]


def write_class(out: str | Path, variants: Sequence[Variant], options: dict, replace: bool = False,
                emit: Sequence[str] = (), emails: dict[str, str] | None = None) -> list[StudentFolder]:
    """Write every student's hand-out and key, the class's files and class.json whole or not at all; return the students."""
    return write_class_report(out, variants, options, replace, emit, emails)[0]


def write_class_report(out: str | Path, variants: Sequence[Variant], options: dict, replace: bool = False,
                       emit: Sequence[str] = (), emails: dict[str, str] | None = None) -> tuple[list[StudentFolder], ClassWrite]:
    """write_class, also saying what changed and where the old class is kept (render/course/class_writer.py)."""
    students, class_files = class_layout(variants, options["seed"], emit, emails)
    record = options | {"emit": list(emit), "students": [
        {"name": v.name, "folder": f"{HANDOUT}/{v.name}", "key": f"{KEY}/{v.name}", "label": v.example.y} for v in variants]}
    done = write_class_files(out, students, class_files, record, replace=replace, legacy=LEGACY_FILES)
    return student_folders(out), done


def student_folders(out: str | Path) -> list[StudentFolder]:
    """The students of a class folder written by write_class, in class order; `folder` is the hand-out."""
    out = Path(out)
    manifest = out / MANIFEST
    if not manifest.is_file():
        raise ValueError(f"class folder must hold {MANIFEST} (written by `lesson variants`). Got {str(out)!r} instead.")
    data = read_manifest(out)
    return [StudentFolder(name=s["name"], folder=out / s["folder"], label=int(s["label"])) for s in data["students"]]
