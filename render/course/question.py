"""The assignment text for one student: their numbers, what to compute, and the answers file to hand in."""

import json
from collections.abc import Sequence

import numpy as np

from model.answers import MAP_KEYS
from model.chain import CHAIN_KEYS
from model.checker import Tolerance
from model.conv_example import ConvExample

__all__ = ["answers_template", "question_markdown"]


def _num(x: float) -> str:
    return f"{float(x):g}"


def _table(array: np.ndarray, row: str = "row", col: str = "col") -> list[str]:
    """A square array as a Markdown table with numbered rows and columns."""
    n = array.shape[1]
    lines = ["| | " + " | ".join(f"{col} {j}" for j in range(n)) + " |", "| --- " * (n + 1) + "|"]
    lines += [f"| **{row} {i}** | " + " | ".join(_num(x) for x in r) + " |" for i, r in enumerate(array)]
    return ["", *lines, ""]


def answers_template(ex: ConvExample, targets: Sequence[str]) -> str:
    """The answers JSON a student fills in: every item with zeros in the right shape."""
    zeros = [[0.0] * ex.m for _ in range(ex.m)]
    items = {key: (zeros if key in MAP_KEYS else 0.0) for key in CHAIN_KEYS} | {t: 0.0 for t in targets}
    return "{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in items.items()) + "\n}"


def question_markdown(ex: ConvExample, targets: Sequence[str], name: str = "") -> str:
    """The homework with this student's numbers, as Markdown."""
    n, k, m = ex.n, ex.k, ex.m
    tol = Tolerance()
    asked = " and ".join(f"∂L/∂{t}" for t in targets)
    lines = [
        f"# Backpropagation by hand{f': {name}' if name else ''}",
        "",
        f"A {n}x{n} input `a` is scanned by one {k}x{k} kernel `w` (stride 1, no padding) plus a bias `b`, giving a "
        f"{m}x{m} map of pre-activations `z`. A sigmoid turns each `z_ij` into `h_ij = σ(z_ij)`. The map is "
        f"flattened row by row, so `h_k = h_ij` with `k = {m}i + j`. The head computes `s = Σ v_k h_k + c`, the "
        "prediction is `ŷ = σ(s)` and the loss is the binary cross-entropy "
        "`L = −[y log ŷ + (1 − y) log(1 − ŷ)]` (natural log). Indices start at 0 and read (row, column): "
        "`z_ij = Σ_mn w_mn a_(i+m, j+n) + b`.",
        "",
        "## Your numbers",
        "",
        f"Input `a` ({n}x{n}):",
        *_table(ex.a),
        f"Kernel `w` ({k}x{k}):",
        *_table(ex.w),
        "Head weights `v` (`v_k` multiplies `h_k`):",
        "",
        "| k | " + " | ".join(str(x) for x in range(m * m)) + " |",
        "| --- " * (m * m + 1) + "|",
        "| **v_k** | " + " | ".join(_num(x) for x in ex.v) + " |",
        "",
        f"Conv bias `b = {_num(ex.b)}`, head bias `c = {_num(ex.c)}`, label `y = {ex.y}`.",
        "",
        "## What to compute",
        "",
        f"1. The forward pass: `z` ({m}x{m}), `h` ({m}x{m}), `s`, `ŷ` and `L`.",
        f"2. `∂L/∂s` and the error at each output position, `δ_ij = ∂L/∂z_ij` ({m}x{m}).",
        f"3. {asked}, written out with the chain rule term by term.",
        "",
        f"Keep at least 4 significant digits. A number counts as right when it is within "
        f"{tol.relative:.1%} of the exact value or within {tol.absolute:g}, whichever is larger.",
        "",
        "## What to submit",
        "",
        "Your working on paper (`question.pdf` is this sheet with room to write), and `answers.json` (in this folder, "
        "all zeros) with your numbers in this form; `delta` is δ, `y_hat` is ŷ, `dL_ds` is ∂L/∂s. Upload it under "
        "that name when your course grades on Gradescope:",
        "",
        "```json",
        answers_template(ex, targets),
        "```",
        "",
        "Check it yourself; the report names the first wrong step and, for the usual slips, which one it was:",
        "",
        "```sh",
        "lesson check --example example.json --answers answers.json",
        "```",
    ]
    return "\n".join(lines) + "\n"
