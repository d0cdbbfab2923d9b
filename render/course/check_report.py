"""A checker report (model.checker.CheckReport) as a sentence, Markdown, JSON or table rows; the command line prints them."""

import dataclasses
import json
import math

import numpy as np

from model.checker import CheckReport, ItemCheck
from render.text.numbers import number

__all__ = ["item_label", "report_json", "report_markdown", "report_rows", "report_summary", "tolerance_words"]

_LABELS = {"z": "z", "h": "h", "s": "s", "y_hat": "ŷ", "L": "L", "dL_ds": "∂L/∂s", "delta": "δ"}


def item_label(key: str) -> str:
    """How an item is written for a reader: 'ŷ', 'δ', '∂L/∂w00'."""
    return _LABELS.get(key, f"∂L/∂{key}")


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _value(item: ItemCheck, value: float | list) -> str:
    """A number, or a map shown by its first wrong entry (or its shape when it is right)."""
    if not isinstance(value, list):
        return number(value)
    if item.cell is None:
        return "[" + "; ".join(" ".join(number(x) for x in row) for row in value) + "]"
    i, j = item.cell
    return f"{number(value[i][j])} at ({i}, {j})"


def report_summary(report: CheckReport) -> str:
    """One short paragraph: what is right, the first wrong step, and the known mistake if one fits."""
    if report.all_right:
        return f"All {len(report.items)} items are right."
    first = report.first_wrong
    where = f" (first at row {first.cell[0]}, column {first.cell[1]})" if first.cell else ""
    text = f"{item_label(first.key)} is wrong{where}"
    before = [item_label(key) for key in report.right_before]
    text += f"; {_and(before)} {'is' if len(before) == 1 else 'are'} right." if before else "."
    if report.mistake:
        text += f" It matches a known mistake: {report.mistake_description}."
    later = report.items[len(before) + 1 :]
    own = [item_label(item.key) for item in later if not item.right and not item.carried]
    carried = [item_label(item.key) for item in later if item.carried]
    if own:
        text += f" Also wrong: {_and(own)}."
    if carried:
        text += f" {_and(carried)} {'is' if len(carried) == 1 else 'are'} wrong only through your earlier numbers: the step itself is right."
    right_later = [item_label(item.key) for item in later if item.right]
    if right_later:
        text += f" Right after it: {_and(right_later)}."
    return text


def report_rows(report: CheckReport) -> list[tuple[str, str, str, str, str]]:
    """One row per item: its label, the given value, the right value, the verdict, the known mistakes it matches."""
    rows = []
    for item in report.items:
        verdict = "right" if item.right else ("wrong, carried" if item.carried else "wrong")
        rows.append((item_label(item.key), _value(item, item.given), _value(item, item.expected), verdict, ", ".join(item.mistakes)))
    return rows


def report_markdown(report: CheckReport) -> str:
    """The report as a Markdown section with a table of every item."""
    tol = report.tolerance
    lines = [
        "## Answer check",
        "",
        report_summary(report),
        "",
        "| item | yours | right value | verdict | matches the known mistake |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {label} | {given} | {right} | {verdict} | {mistakes} |" for label, given, right, verdict, mistakes in report_rows(report)]
    lines += ["", f"Right means within {tol.relative:.1%} of the value or within {tol.absolute:g}, whichever is larger; "
              "carried means the step itself was done rightly on your own earlier (wrong) numbers.", ""]
    return "\n".join(lines)


def report_json(report: CheckReport) -> str:
    """The report as JSON: every field of the dataclasses plus the summary sentence."""
    data = dataclasses.asdict(report)
    first = report.first_wrong
    data |= {"all_right": report.all_right, "first_wrong": first.key if first else None, "summary": report_summary(report)}
    data = json.loads(json.dumps(data, default=lambda x: np.asarray(x).tolist()))
    return json.dumps(_finite(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"  # always valid JSON


def _finite(value):
    """NaN and infinities as null (JSON has no such numbers); everything else as it is."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_finite(x) for x in value]
    if isinstance(value, dict):
        return {k: _finite(x) for k, x in value.items()}
    return value


def tolerance_words(report: CheckReport) -> str:
    """What right and carried mean, in one short line."""
    tol = report.tolerance
    return (f"right = within {tol.relative:.1%} or {tol.absolute:g}, whichever is larger; "
            "carried = done rightly from your own earlier numbers")
