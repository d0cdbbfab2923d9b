"""Gradescope's run_autograder: find the submitter in the class key, grade answers.json, write results/results.json.

Standard library only. The root is $AUTOGRADER_ROOT (default /autograder): source/ holds this file,
grading.py and key.json; submission/ holds the upload; submission_metadata.json names the submitter.
"""

import json
import os
import sys
import time
from pathlib import Path

from grading import AnswersError, grade, parse_answers, results_json

ROOT_ENV_VAR = "AUTOGRADER_ROOT"


def _fold(text):
    return " ".join(str(text or "").split()).casefold()


def find_student(key, users):
    """The class record for the submitter: users[].email matched to the roster's email, else users[].name to the name."""
    students = key["students"]
    for field, column in (("email", "email"), ("name", "name")):
        wanted = {_fold(user.get(field)) for user in users if isinstance(user, dict)} - {""}
        for student in students:
            if _fold(student.get(column)) in wanted:
                return student
    return None


def _zero(key, output):
    """Every item at 0 points with one line that says why."""
    tests = [{"name": label if label == item else f"{label} ({item})", "number": str(n), "max_score": 1.0, "score": 0.0, "status": "failed", "output": output}
             for n, (item, label) in enumerate(key["labels"].items(), start=1)]
    return {"score": 0.0, "output": output, "tests": tests}


def run(root):
    """Grade the submission under `root` and return the results dict."""
    key = json.loads((root / "source" / "key.json").read_text(encoding="utf-8"))
    try:
        metadata = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        users = metadata.get("users") or []
    except (OSError, ValueError, AttributeError):
        users = []
    student = find_student(key, users)
    if student is None:
        who = ", ".join(f"{u.get('name')} <{u.get('email')}>" for u in users if isinstance(u, dict)) or "nobody"
        return _zero(key, f"The submitter ({who}) is not on the class roster: ask your instructor. Not graded.")
    answers_path = root / "submission" / "answers.json"
    if not answers_path.is_file():
        return _zero(key, "The submission must hold answers.json (the file from your hand-out, filled in). Got none.")
    try:
        answers = parse_answers(answers_path.read_bytes().decode("utf-8"))
    except (AnswersError, UnicodeDecodeError) as error:
        return _zero(key, f"{error} Not graded.")
    return grade(student, answers, key["tolerance"])


def main():
    """Entry point of run_autograder; never fails without writing results.json."""
    root = Path(os.environ.get(ROOT_ENV_VAR) or "/autograder")
    start = time.monotonic()
    try:
        results = run(root)
    except Exception as error:  # a broken zip must still report, not crash silently
        results = {"score": 0.0, "output": f"The grader could not run: {error}. Tell your instructor.", "tests": []}
    results["execution_time"] = int(time.monotonic() - start + 0.999)  # whole seconds, as Gradescope shows them
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(results_json(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
