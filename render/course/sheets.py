"""Printable sheets typeset with pdflatex: a question sheet per student and one key for the class, byte for byte reproducible."""

import os
import subprocess
import tempfile
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from model.checker import Tolerance, reference_values
from model.conv import gradient
from model.variants import Variant

__all__ = ["KEY_SHEET", "QUESTION_SHEET", "key_tex", "question_tex", "typeset", "typeset_all"]

QUESTION_SHEET = "question.pdf"
KEY_SHEET = "key.pdf"
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
            "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_PREAMBLE = r"""\pdfinfoomitdate=1
\pdftrailerid{}
\pdfsuppressptexinfo=-1
\documentclass[11pt,a4paper]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{amsmath,array,mathptmx}
\usepackage[margin=2cm]{geometry}
\pagestyle{empty}
\setlength{\parindent}{0pt}
\renewcommand{\arraystretch}{1.3}
"""
_LABELS = {"y_hat": r"\hat y", "dL_ds": r"\partial L/\partial s", "delta": r"\delta"}


def _escape(text: str) -> str:
    """A name as LaTeX text: specials escaped, letters outside Latin-1 folded to ASCII or shown as '?'."""
    out = []
    for ch in text:
        if ord(ch) > 255:
            ch = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?"
        out.append("".join(_SPECIAL.get(c, c) for c in ch))
    return "".join(out)


def _num(x: float, digits: int | None = None) -> str:
    return f"{float(x):g}" if digits is None else f"{float(x):.{digits}f}"


_TEXT_WIDTH = 17.0  # cm between the margins of an A4 page
_CELL = {None: 1.0, 4: 1.6}  # cm a column of one-decimal inputs or of 4-decimal values takes, with its padding
_PAD, _LABEL, _GAP = 0.42, 1.3, 0.7  # cm: a column's padding, the row labels' column, the space between tables
_KEY_SIZES = {3: (r"\normalsize", 1.0), 4: (r"\small", 0.9), 5: (r"\footnotesize", 0.8), 6: (r"\scriptsize", 0.7)}  # by M


def _matrix(array: np.ndarray, digits: int | None = None, blank: bool = False, small: str = r"\small") -> str:
    """A table with numbered rows and columns (labels in size `small`); blank cells (room to write) when `blank`."""
    rows, cols = array.shape
    width = f"p{{{_blank_width(cols):.2f}cm}}" if blank else "r"
    lines = [r"\begin{tabular}[t]{r|" + "|".join([width] * cols) + "|}", r"\multicolumn{1}{r}{} & "
             + " & ".join(rf"\multicolumn{{1}}{{c}}{{{small} col {j}}}" for j in range(cols)) + r" \\ \cline{2-" + f"{cols + 1}}}"]
    for i in range(rows):
        cells = [r"\rule{0pt}{0.9cm}" if blank else f"${_num(x, digits)}$" for x in array[i]]
        lines.append(rf"{small} row {i} & " + " & ".join(cells) + r" \\ \cline{2-" + f"{cols + 1}}}")
    return "\n".join([*lines, r"\end{tabular}"])


def _blank_width(cols: int) -> float:
    """Cells to write in: 2.2 cm, narrower so that two maps still fit side by side."""
    return min(2.2, ((_TEXT_WIDTH - _GAP) / 2 - _LABEL) / cols - _PAD)


def _width(cols: int, digits: int | None = None, blank: bool = False, scale: float = 1.0) -> float:
    """About how wide _matrix's table is, in cm (text `scale`d), to lay tables out in rows that fit the page."""
    return scale * (_LABEL + cols * (_blank_width(cols) + _PAD if blank else _CELL[digits]))


def _side(*panels: tuple[str, str, float]) -> str:
    """Captioned tables side by side, tops aligned, as many to a row as fit the page."""
    rows, row, used = [], [], 0.0
    for panel in panels:
        if row and used + panel[2] > _TEXT_WIDTH + 1e-9:
            rows.append(row)
            row, used = [], 0.0
        row.append(panel)
        used += panel[2] + _GAP
    rows.append(row)
    return "".join(r"\begin{tabular}[t]{@{}" + "l@{\\qquad}" * len(row) + "@{}}" + " & ".join(c + ":" for c, _, _ in row)
                   + r" \\[2pt] " + " & ".join(t for _, t, _ in row) + r"\end{tabular}\\[6pt]" for row in rows)


def _vector(v: np.ndarray, per_row: int = 10) -> str:
    """The head weights v_k, ten to a row."""
    parts = []
    for start in range(0, len(v), per_row):
        chunk = range(start, min(start + per_row, len(v)))
        parts.append(r"\begin{tabular}{|" + "r|" * len(chunk) + r"}\hline " + " & ".join(f"$v_{{{k}}}$" for k in chunk)
                     + r" \\ \hline " + " & ".join(f"${_num(v[k])}$" for k in chunk) + r" \\ \hline\end{tabular}")
    return r"\\[4pt]".join(parts)


def _label(key: str) -> str:
    """An item in LaTeX maths: '$\\hat y$', '$\\partial L/\\partial w_{00}$'."""
    if key in _LABELS or key in ("z", "h", "s", "L"):
        return "$" + _LABELS.get(key, key) + "$"
    return r"$\partial L/\partial " + key[0] + "_{" + key[1:] + "}$"


def question_tex(variant: Variant) -> str:
    """One student's sheet: their numbers as tables, the questions, and boxes to write in."""
    ex, tol = variant.example, Tolerance()
    blank = np.zeros((ex.m, ex.m))
    room = _width(ex.m, blank=True)
    asked = ", ".join(_label(t) for t in variant.targets)
    body = [
        rf"\section*{{Backpropagation by hand: {_escape(variant.name)}}}",
        rf"A ${ex.n}\times{ex.n}$ input $a$ is scanned by one ${ex.k}\times{ex.k}$ kernel $w$ (stride 1, no padding) plus a bias "
        rf"$b$, giving a ${ex.m}\times{ex.m}$ map $z_{{ij}} = \sum_{{mn}} w_{{mn}}\, a_{{i+m,\,j+n}} + b$. Then $h = \sigma(z)$, "
        rf"flattened row by row ($h_k = h_{{ij}}$, $k = {ex.m}i + j$), $s = \sum_k v_k h_k + c$, $\hat y = \sigma(s)$ and "
        r"$L = -[y \log \hat y + (1-y)\log(1-\hat y)]$ (natural log). Indices start at 0 and read (row, column).",
        r"\subsection*{Your numbers}",
        _side(("Input $a$", _matrix(ex.a), _width(ex.n)), ("Kernel $w$", _matrix(ex.w), _width(ex.k))),
        r"Head weights $v$:\\[2pt]" + _vector(ex.v) + r"\\[6pt]",
        rf"Conv bias $b = {_num(ex.b)}$, head bias $c = {_num(ex.c)}$, label $y = {ex.y}$.",
        r"\subsection*{What to compute}",
        rf"Keep at least 4 significant digits (right means within {tol.relative:.1%} or {tol.absolute:g}, whichever is larger). "
        "Show your working overleaf.".replace("%", r"\%"),
        r"\begin{enumerate}",
        r"\item " + _side(("$z$", _matrix(blank, blank=True), room), (r"$h = \sigma(z)$", _matrix(blank, blank=True), room)),
        r"\item $s = $\hrulefill\quad $\hat y = $\hrulefill\quad $L = $\hrulefill\quad $\partial L/\partial s = $\hrulefill",
        r"\item " + _side((r"$\delta_{ij} = \partial L/\partial z_{ij}$", _matrix(blank, blank=True), room)),
        rf"\item {asked}, term by term with the chain rule:\\[4pt]"
        + r"\\[22pt]".join(rf"{_label(t)} $=$ \hrulefill" for t in variant.targets),
        r"\end{enumerate}",
    ]
    return _PREAMBLE + "\\begin{document}\n" + "\n\n".join(body) + "\n\\end{document}\n"


def _key_page(variant: Variant) -> list[str]:
    ex = variant.example
    values = reference_values(ex, list(variant.targets))
    size, scale = _KEY_SIZES[min(max(ex.m, 3), 6)]  # larger maps in smaller type, so a student's key fits one page
    lines = [rf"\section*{{Key: {_escape(variant.name)}}}", size,
             rf"Label $y = {ex.y}$; $b = {_num(ex.b)}$, $c = {_num(ex.c)}$. Values to 4 decimals.\\[6pt]",
             _side(*((caption, _matrix(values[key], 4, small=""), _width(ex.m, 4, scale=scale)) for caption, key in (
                 ("$z$", "z"), (r"$h = \sigma(z)$", "h"), (r"$\delta = \partial L/\partial s \cdot v \cdot h(1-h)$", "delta")))),
             rf"$s = {_num(values['s'], 4)}$, \quad $\hat y = {_num(values['y_hat'], 4)}$, \quad $L = {_num(values['L'], 4)}$, "
             rf"\quad $\partial L/\partial s = \hat y - y = {_num(values['dL_ds'], 4)}$\\[8pt]"]
    for target in variant.targets:
        grad = gradient(ex, target)
        terms = " + ".join(f"({_num(t.delta, 4)})({_num(t.factor)})" for t in grad.terms)
        lines.append(rf"{_label(target)} $= \sum \delta \cdot \text{{factor}} = {terms} = \mathbf{{{_num(grad.value, 4)}}}$\\[6pt]")
    return [*lines, r"\normalsize\newpage"]


def key_tex(variants: Sequence[Variant]) -> str:
    """The class's key: a page per student, named, with every asked value and the chain before it."""
    pages = [line for variant in variants for line in _key_page(variant)]
    return _PREAMBLE + "\\begin{document}\n" + "\n".join(pages) + "\n\\end{document}\n"


def typeset(tex: str) -> bytes:
    """PDF bytes from LaTeX source; the same source gives the same bytes (no dates, no trailer id)."""
    env = os.environ | {"SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}
    with tempfile.TemporaryDirectory(prefix="lesson-sheet-") as work:
        (Path(work) / "sheet.tex").write_text(tex, encoding="utf-8")
        done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "sheet.tex"], cwd=work, env=env,
                              capture_output=True, text=True, errors="replace", check=False)
        pdf = Path(work) / "sheet.pdf"
        if done.returncode or not pdf.is_file():
            error = next((line for line in done.stdout.splitlines() if line.startswith("!")), f"exit status {done.returncode}")
            raise RuntimeError(f"pdflatex could not typeset a sheet: {error}")
        return pdf.read_bytes()


def typeset_all(sources: Sequence[str], workers: int | None = None) -> list[bytes]:
    """Typeset several sources at once (pdflatex is single-threaded), in order."""
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        return list(pool.map(typeset, sources))
