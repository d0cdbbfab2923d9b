"""Grade one student's answers against precomputed right values and known mistakes, with the standard library only.

A record (written by render.course.gradescope.student_record) holds, for one student: `items` in chain
order, their `labels`, the `right` values, and per known mistake the values that differ from the right
ones (`first` is the step the mistake itself gets wrong; later differing steps are carried from it).
"""

import json
import math

__all__ = ["AnswersError", "close", "grade", "parse_answers", "results_json"]


class AnswersError(ValueError):
    """The submission cannot be graded at all (not JSON, not an object); the message is one line."""


def _number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def close(given, expected, tolerance):
    """(all within tolerance, first wrong (row, column) of a map or None)."""
    rel, absolute = tolerance["relative"], tolerance["absolute"]
    if not isinstance(expected, list):
        return abs(given - expected) <= max(rel * abs(expected), absolute), None
    for i, (row_g, row_e) in enumerate(zip(given, expected)):
        for j, (g, e) in enumerate(zip(row_g, row_e)):
            if abs(g - e) > max(rel * abs(e), absolute):
                return False, (i, j)
    return True, None


def _shape_problem(value, expected):
    """Why `value` cannot stand for `expected` (a number or an M x M list), or None."""
    if not isinstance(expected, list):
        return None if _number(value) else "must be a finite number"
    m = len(expected)
    if not (isinstance(value, list) and len(value) == m and all(isinstance(r, list) and len(r) == m for r in value)):
        return f"must be a {m}x{m} list of numbers"
    if not all(_number(x) for row in value for x in row):
        return "must hold finite numbers only"
    return None


def parse_answers(text, source="answers.json"):
    """The submitted JSON object; AnswersError with one line when it is not one."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise AnswersError(f"{source} must be valid JSON. Got an error instead: {error}.") from None
    if not isinstance(data, dict):
        raise AnswersError(f"{source} must be a JSON object such as {{\"s\": 0.5, \"w00\": 0.03}}. Got {type(data).__name__} instead.")
    return data


def _as_float(value):
    return [[float(x) for x in row] for row in value] if isinstance(value, list) else float(value)


def _cell(cell):
    return f" (first wrong at row {cell[0]}, column {cell[1]})" if cell else ""


def _and(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def grade(record, answers, tolerance, step=None, weights=None):
    """results.json as a dict: one test per item (1 point, or weights[key]); carried steps keep their point.

    step(key, own) may compute an item rightly from the student's own earlier numbers (`lesson check`
    passes model.chain.step_from); without it, only carries from a known mistake are recognised.
    """
    weights = weights or {}
    labels, right = record["labels"], record["right"]
    own = dict(right)
    tests, named, carried, wrong = [], [], [], []
    for number, key in enumerate(record["items"], start=1):
        label, points = labels[key], float(weights.get(key, 1.0))
        test = {"name": label if label == key else f"{label} ({key})", "number": str(number), "max_score": points, "score": 0.0}
        given = answers.get(key)
        problem = "is missing" if given is None else _shape_problem(given, right[key])
        if problem:
            test["output"] = f"{label} {problem}: not graded."
            wrong.append(label)
        else:
            given = _as_float(given)
            own[key] = given
            ok, cell = close(given, right[key], tolerance)
            if ok:
                test["score"], test["output"] = points, f"{label} is right."
            else:
                test["output"] = _wrong(record, key, given, own, tolerance, step, cell, named, carried, wrong)
                if label in carried:
                    test["score"] = points
        test["status"] = "passed" if test["score"] == points else "failed"
        tests.append(test)
    score = sum(t["score"] for t in tests)
    total = sum(t["max_score"] for t in tests)
    lines = [f"{record['name']}: {score:g} of {total:g} points."]
    lines += [f"{label} matches a known mistake: {text}." for label, text in named]
    if carried:
        lines.append(f"{_and(carried)}: wrong only through your earlier numbers, the step itself is right (full credit).")
    if not (named or carried or wrong) and score == total:
        lines.append("Every item is right.")
    extra = [str(key) for key in answers if key not in right]
    if extra:
        lines.append(f"Not graded, not asked for: {_and(extra)}.")
    return {"score": score, "output": " ".join(lines), "tests": tests}


def _wrong(record, key, given, own, tolerance, step, cell, named, carried, wrong):
    """The output of a wrong item; appends its label to `named`, `carried` or `wrong`."""
    label = record["labels"][key]
    for mistake in record["mistakes"]:
        value = mistake["values"].get(key)
        if value is None or not close(given, value, tolerance)[0]:
            continue
        if mistake["first"] == key:
            named.append((label, mistake["description"]))
            return f"{label} is wrong{_cell(cell)}. It matches a known mistake ({mistake['name']}): {mistake['description']}."
        carried.append(label)
        return f"{label} is wrong only through your earlier numbers: the step is right (it follows from {mistake['name']})."
    if step is not None:
        value = step(key, own)
        if value is not None and close(given, _as_float(value), tolerance)[0] and not close(_as_float(value), record["right"][key], tolerance)[0]:
            carried.append(label)
            return f"{label} is wrong only through your earlier numbers: the step itself is right."
    wrong.append(label)
    return f"{label} is wrong{_cell(cell)}."


def results_json(results):
    """results.json text: two-space indent, keys in the order written, UTF-8 kept."""
    return json.dumps(results, indent=2, ensure_ascii=False) + "\n"
