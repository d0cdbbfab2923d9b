"""The Gradescope autograder: each student's right values and known mistakes precomputed into a zip."""

import csv
import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from model.chain import CHAIN_KEYS, step_from
from model.checker import Tolerance, reference_values
from model.conv_example import ConvExample
from model.mistakes import MISTAKES, mistaken_values
from model.variants import Variant
from render.course.check_report import item_label
from render.course.graders import GRADERS

__all__ = ["AUTOGRADER", "autograder_zip", "check_results", "class_key", "read_emails", "student_record"]

AUTOGRADER = "gradescope/autograder.zip"  # in the class folder
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # every entry's date, so the same class gives the same zip bytes
_SETUP = """#!/usr/bin/env bash
# The grader needs only Python 3's standard library, which Gradescope's Ubuntu images carry.
set -e
command -v python3 >/dev/null || (apt-get update -qq && apt-get install -y -qq python3)
"""
_RUN = """#!/usr/bin/env bash
# Grade /autograder/submission/answers.json into /autograder/results/results.json (root: $AUTOGRADER_ROOT).
ROOT="${AUTOGRADER_ROOT:-/autograder}"
exec python3 "$ROOT/source/gradescope_main.py"
"""


def _plain(value) -> float | list:
    return np.asarray(value, dtype=np.float64).tolist() if np.ndim(value) else float(value)


def student_record(ex: ConvExample, targets: Sequence[str], name: str, email: str = "") -> dict:
    """Right value of every item and, per known mistake, the values it changes: what grading.grade reads."""
    tol = Tolerance()
    items = [*CHAIN_KEYS, *targets]
    right = reference_values(ex, list(targets))
    mistakes = []
    for mistake in MISTAKES.values():
        world = mistaken_values(ex, list(targets), mistake.name)
        changed = [key for key in items if not tol.close(world[key], right[key]).all()]
        if changed:
            mistakes.append({"name": mistake.name, "description": mistake.description, "first": changed[0],
                             "values": {key: _plain(world[key]) for key in changed}})
    return {"name": name, "email": email, "items": items, "labels": {key: item_label(key) for key in items},
            "right": {key: _plain(right[key]) for key in items}, "mistakes": mistakes}


def check_results(ex: ConvExample, answers: dict, name: str) -> dict:
    """results.json for one student's validated answers (model.answers), as the autograder writes it.

    Unlike the autograder, a step is also marked carried when it follows rightly from any wrong earlier
    numbers (model.chain.step_from), not only from a known mistake's.
    """
    from render.course.graders.grading import grade

    targets = [key for key in answers if key not in CHAIN_KEYS]
    record = student_record(ex, targets, name)
    tol = Tolerance()

    def step(key: str, own: dict):
        value = step_from(ex, key, {k: np.asarray(v, dtype=np.float64) if isinstance(v, list) else v for k, v in own.items()})
        return None if value is None else _plain(value)

    return grade(record, {key: _plain(value) for key, value in answers.items()}, {"relative": tol.relative, "absolute": tol.absolute}, step)


def class_key(variants: Sequence[Variant], emails: dict[str, str] | None = None) -> dict:
    """key.json: the tolerance, the item labels and one record per student."""
    emails = emails or {}
    tol = Tolerance()
    records = [student_record(v.example, v.targets, v.name, emails.get(v.name, "")) for v in variants]
    return {"tolerance": {"relative": tol.relative, "absolute": tol.absolute}, "labels": records[0]["labels"], "students": records}


def read_emails(path: str | Path) -> dict[str, str]:
    """Name -> email from a roster CSV with a header row naming an 'email' column; {} without one."""
    with Path(path).open(newline="", encoding="utf-8-sig") as stream:
        rows = [row for row in csv.reader(stream) if row]
    if not rows:
        return {}
    header = [cell.strip().lower() for cell in rows[0]]
    if "email" not in header:
        return {}
    column = header.index("email")
    return {row[0].strip(): row[column].strip() for row in rows[1:] if len(row) > column and row[column].strip()}


def _entry(archive: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.external_attr = (0o100000 | mode) << 16  # a regular file with these permissions
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def autograder_zip(variants: Sequence[Variant], emails: dict[str, str] | None = None) -> bytes:
    """autograder.zip: setup.sh and run_autograder at the root, the grader and key.json beside them."""
    key = json.dumps(class_key(variants, emails), indent=1, ensure_ascii=False) + "\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _entry(archive, "setup.sh", _SETUP.encode(), 0o755)
        _entry(archive, "run_autograder", _RUN.encode(), 0o755)
        for name in ("grading.py", "gradescope_main.py"):
            _entry(archive, name, (GRADERS / name).read_bytes(), 0o644)
        _entry(archive, "key.json", key.encode("utf-8"), 0o644)
    return buffer.getvalue()
