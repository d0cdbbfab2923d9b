"""The lesson's gradient formulas (render.text.formulas) as HTML, for a page that loads no maths typesetter."""

import re

from render.text.formulas import GRADIENT_FORMULAS

__all__ = ["HEAD_FORMULAS", "formula_html", "page_formulas", "tex_html"]

# the head's gradients, in the derivation's notation (render/text/derivation.py writes the same lines)
HEAD_FORMULAS: dict[str, tuple[str, str]] = {
    "head": (r"\frac{\partial L}{\partial v_k}", r"(\hat y - y) \cdot h_k"),
    "bias": (r"\frac{\partial L}{\partial b}", r"\sum_{i,j} \delta_{ij}"),
    "output": (r"\frac{\partial L}{\partial c}", r"\hat y - y"),
}
_SYMBOLS = {
    r"\partial": "\u2202", r"\delta": "\u03b4", r"\sigma": "\u03c3", r"\cdot": "\u00b7", r"\sum": "\u03a3",
    r"\hat y": "\u0177", r"\bigl": "", r"\bigr": "", r"\quad": " ",
}
_COMMAND = re.compile(r"\\hat y|\\[a-zA-Z]+")


def _group(tex: str, start: int) -> tuple[str, int]:
    """The braced group (or single character) at `start`, and the index after it."""
    if tex[start] != "{":
        return tex[start], start + 1
    depth = 0
    for end in range(start, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[end], 0)
        if depth == 0:
            return tex[start + 1 : end], end + 1
    raise ValueError(f"formula must have balanced braces. Got {tex!r} instead.")


def tex_html(tex: str) -> str:
    """The few LaTeX constructs of the lesson's formulas (fractions, sums, sub- and superscripts, Greek) as HTML."""
    out, k = [], 0
    while k < len(tex):
        ch = tex[k]
        command = _COMMAND.match(tex, k)
        if command and command.group() == r"\frac":
            top, k = _group(tex, command.end())
            bottom, k = _group(tex, k)
            out.append(f"{tex_html(top)}/{tex_html(bottom)}")
        elif command and command.group() == r"\text":
            words, k = _group(tex, command.end())
            out.append(words)
        elif command:
            if command.group() not in _SYMBOLS:
                raise ValueError(f"formula may use {', '.join(_SYMBOLS)}, \\frac and \\text. Got {command.group()!r} instead.")
            out.append(_SYMBOLS[command.group()])
            k = command.end()
            k += 1 if command.group() in (r"\partial", r"\sigma", r"\sum", r"\delta") and tex[k : k + 1] == " " else 0
        elif ch in "_^":
            body, k = _group(tex, k + 1)
            tag = "sub" if ch == "_" else "sup"
            out.append(f"<{tag}>{tex_html(body)}</{tag}>")
        else:
            out.append({"'": "\u2032", "-": "\u2212", "{": "", "}": ""}.get(ch, ch))
            k += 1
    return re.sub(r" {2,}", " ", "".join(out))


def formula_html(name: str) -> str:
    """One general formula, 'lhs = rhs', as HTML."""
    lhs, rhs = {**GRADIENT_FORMULAS, **HEAD_FORMULAS}[name]
    return f"{tex_html(lhs)} = {tex_html(rhs)}"


def page_formulas() -> dict[str, str]:
    """Every gradient's general formula as HTML, by the data-key prefix of its cells."""
    names = {"delta": "delta", "dw": "kernel", "da": "input", "dv": "head", "db": "bias", "dc": "output"}
    return {prefix: formula_html(name) for prefix, name in names.items()}
