"""A PrairieLearn v3 question folder: info.json, question.html, server.py and the bank of the class's fair variants."""

import json
import uuid
from collections.abc import Sequence

from model.checker import Tolerance
from model.variants import Variant
from render.course.graders import GRADERS
from render.course.gradescope import student_record

__all__ = ["QUESTION", "question_files", "server_source"]

QUESTION = "prairielearn/backpropByHand"  # in the class folder; the folder's name is the question's QID
_MARKER = "from grading import grade as grade_items\n"


def _num(x: float) -> str:
    return f"{float(x):g}"


def server_source() -> str:
    """server.py: the PrairieLearn part with grading.py pasted in place of its import, standard library only."""
    server = (GRADERS / "prairielearn_server.py").read_text(encoding="utf-8")
    grading = (GRADERS / "grading.py").read_text(encoding="utf-8")
    body = grading.split('"""', 2)[2].replace("__all__ = ", "_GRADING_ALL = ", 1)  # drop its docstring
    return server.replace(_MARKER, f"# grading.py, pasted by the emitter{body}\ngrade_items = grade\n", 1)


def _params(variant: Variant) -> dict:
    ex = variant.example
    rows = lambda array: [{"row": i, "cells": [_num(x) for x in row]} for i, row in enumerate(array)]  # noqa: E731
    return {"a_rows": rows(ex.a), "w_rows": rows(ex.w), "v_cells": [{"k": k, "v": _num(x)} for k, x in enumerate(ex.v)],
            "b": _num(ex.b), "c": _num(ex.c), "y": ex.y}


def _table(name: str, size: int) -> list[str]:
    head = "".join(f"<th>col {j}</th>" for j in range(size))
    return [f'<table class="table table-sm table-bordered w-auto"><tr><th></th>{head}</tr>',
            f"{{{{#params.{name}}}}}<tr><th>row {{{{row}}}}</th>{{{{#cells}}}}<td>{{{{.}}}}</td>{{{{/cells}}}}</tr>{{{{/params.{name}}}}}",
            "</table>"]


def _inputs(record: dict, tol: Tolerance) -> list[str]:
    attrs = f'comparison="relabs" rtol="{tol.relative:g}" atol="{tol.absolute:g}"'
    lines = []
    for key in record["items"]:
        label, right = record["labels"][key], record["right"][key]
        if isinstance(right, list):
            lines.append(f"<p>{label} (row, column):</p>")
            for i in range(len(right)):
                cells = "".join(f'<pl-number-input answers-name="{key}_{i}_{j}" label="{label}<sub>{i}{j}</sub> =" {attrs}>'
                                f"</pl-number-input> " for j in range(len(right)))
                lines.append(f"<p>{cells}</p>")
        else:
            lines.append(f'<p><pl-number-input answers-name="{key}" label="{label} =" {attrs}></pl-number-input></p>')
    return lines


def _html(variant: Variant, record: dict) -> str:
    ex, tol = variant.example, Tolerance()
    asked = " and ".join(f"∂L/∂{t}" for t in variant.targets)
    lines = [
        "<pl-question-panel>",
        f"<p>A {ex.n}x{ex.n} input <i>a</i> is scanned by one {ex.k}x{ex.k} kernel <i>w</i> (stride 1, no padding) plus a bias "
        f"<i>b</i>, giving a {ex.m}x{ex.m} map <i>z</i>; <i>h</i> = σ(<i>z</i>) is flattened row by row (h<sub>k</sub> with "
        f"k = {ex.m}i + j), <i>s</i> = Σ v<sub>k</sub> h<sub>k</sub> + <i>c</i>, ŷ = σ(<i>s</i>) and <i>L</i> is the binary "
        "cross-entropy (natural log). Indices start at 0.</p>",
        f"<p>Input <i>a</i> ({ex.n}x{ex.n}):</p>", *_table("a_rows", ex.n),
        f"<p>Kernel <i>w</i> ({ex.k}x{ex.k}):</p>", *_table("w_rows", ex.k),
        '<p>Head weights <i>v</i>:</p><table class="table table-sm table-bordered w-auto">'
        "<tr>{{#params.v_cells}}<th>v<sub>{{k}}</sub></th>{{/params.v_cells}}</tr>"
        "<tr>{{#params.v_cells}}<td>{{v}}</td>{{/params.v_cells}}</tr></table>",
        "<p>Conv bias <i>b</i> = {{params.b}}, head bias <i>c</i> = {{params.c}}, label <i>y</i> = {{params.y}}.</p>",
        f"<p>Compute the forward pass, ∂L/∂s, δ = ∂L/∂z and {asked}. Keep at least 4 significant digits: a number "
        f"counts as right within {tol.relative:.1%} or {tol.absolute:g}, whichever is larger.</p>",
        "</pl-question-panel>",
        *_inputs(record, tol),
        "<pl-submission-panel>{{#feedback.mistake}}<p>{{feedback.mistake}}</p>{{/feedback.mistake}}"
        "<p>{{feedback.summary}}</p></pl-submission-panel>",
    ]
    return "\n".join(lines) + "\n"


def question_files(variants: Sequence[Variant], seed: int) -> dict[str, bytes]:
    """The question folder as relative path -> bytes, under QUESTION; the bank holds every variant of the class."""
    first = variants[0]
    ex, targets = first.example, first.targets
    records = [student_record(v.example, v.targets, v.name) for v in variants]
    tol = Tolerance()
    bank = {"tolerance": {"relative": tol.relative, "absolute": tol.absolute},
            "variants": [{"params": _params(v), "record": r | {"name": f"variant {x + 1}"}} for x, (v, r) in enumerate(zip(variants, records))]}
    identity = f"lesson-in-motion/backprop-by-hand/seed={seed}/n={ex.n}/k={ex.k}/targets={','.join(targets)}"
    info = {"uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, identity)), "title": f"Backpropagation by hand ({ex.n}x{ex.n}, "
            f"{ex.k}x{ex.k} kernel)", "topic": "Backpropagation", "tags": ["cnn", "chain-rule"], "type": "v3",
            "singleVariant": False, "partialCredit": True}
    files = {"info.json": json.dumps(info, indent=2) + "\n", "question.html": _html(first, records[0]),
             "server.py": server_source(), "serverFilesQuestion/bank.json": json.dumps(bank, indent=1, ensure_ascii=False) + "\n"}
    return {f"{QUESTION}/{name}": text.encode("utf-8") for name, text in files.items()}
