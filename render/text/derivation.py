"""The written derivation: Markdown with LaTeX that walks the chain rule through the example's numbers."""

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from model.conv import ConvExample, Forward, Gradient, Gradients, autograd_gradients, forward, gradient, gradients
from model.conv import parse_target, windows_covering
from model.conv_example import DEFAULT_TARGETS
from render.files.atomic import atomic_path
from render.text.formulas import GRADIENT_FORMULAS
from render.text.numbers import latex_number

__all__ = ["DEFAULT_TARGETS", "derivation_markdown", "write_derivation"]

_PER_LINE = 4  # terms per line of a long sum, so the display fits a notebook cell
_DL_DS = r"\frac{\partial L}{\partial \hat y} \cdot \frac{\partial \hat y}{\partial s}"


def _paren(x: float) -> str:
    return f"({latex_number(x)})"


def _sub(letter: str, row: int | str, col: int | str) -> str:
    """'a_{21}' for one-digit indices, 'a_{i+1,j}' or 'a_{12,3}' otherwise."""
    if isinstance(row, int) and isinstance(col, int) and row < 10 and col < 10:
        return f"{letter}_{{{row}{col}}}"
    return f"{letter}_{{{row},{col}}}"


def _shift(name: str, offset: int, sign: str = "+") -> str:
    """'i' shifted by a fixed offset: 'i', 'i+2', '2-i'."""
    if sign == "-":
        return f"{offset}-{name}"
    return name if offset == 0 else f"{name}+{offset}"


def _signed_sum(parts: Sequence[str], values: Sequence[float] | None = None) -> list[str]:
    """Join terms with + or -, _PER_LINE terms a line; with values, each term shows its signed number."""
    pieces = []
    for k, part in enumerate(parts):
        if values is not None:
            sign, part = ("-" if values[k] < 0 else "+"), latex_number(abs(values[k]))
            part = part if k else (f"-{part}" if sign == "-" else part)
        else:
            sign = "+"
        pieces.append(part if k == 0 else f"{sign} {part}")
    return [" ".join(pieces[k : k + _PER_LINE]) for k in range(0, len(pieces), _PER_LINE)]


def _display(*rows: str) -> list[str]:
    """A $$ block on its own lines with a blank line either side; several rows become an aligned block."""
    body = list(rows) if len(rows) == 1 else [r"\begin{aligned}", " \\\\\n".join(rows), r"\end{aligned}"]
    return ["", "$$", *body, "$$", ""]


def _bmatrix(array: np.ndarray) -> str:
    rows = np.atleast_2d(array)
    lines = " \\\\ ".join(" & ".join(latex_number(x) for x in row) for row in rows)
    return rf"\begin{{bmatrix}} {lines} \end{{bmatrix}}"


def _partial(target: str) -> str:
    return rf"\frac{{\partial L}}{{\partial {target}}}"


def _latex_target(letter: str, index: tuple[int, ...]) -> str:
    if letter in ("w", "a"):
        return _sub(letter, *index)
    return f"v_{{{index[0]}}}" if letter == "v" else letter


def _header(ex: ConvExample) -> list[str]:
    n, k, m = ex.n, ex.k, ex.m
    return [
        "# Backpropagation through a tiny convolutional network",
        "",
        "## The network",
        "",
        f"An $N \\times N$ input $a$ (here $N = {n}$) is scanned by one $K \\times K$ kernel $w$ (here $K = {k}$) "
        f"with stride 1 and no padding, plus a bias $b$. That gives an $M \\times M$ map with "
        f"$M = N - K + 1 = {m}$. A sigmoid turns each pre-activation $z_{{ij}}$ into $h_{{ij}}$. The map is "
        f"flattened row by row into $h_0, \\dots, h_{{{m * m - 1}}}$, so $h_k = h_{{ij}}$ and $v_k = v_{{ij}}$ "
        "with $k = iM + j$. A dense head with weights $v$ and bias $c$ gives $s$, a second sigmoid gives the "
        "prediction $\\hat y$, and binary cross-entropy compares it with the label $y$. Indices start at 0 "
        "and read (row, column).",
        "",
        "## Forward pass",
        *_display(
            r"z_{ij} &= \sum_{m=0}^{K-1} \sum_{n=0}^{K-1} w_{mn} \cdot a_{i+m,j+n} + b",
            r"h_{ij} &= \sigma(z_{ij}) = \frac{1}{1 + e^{-z_{ij}}}",
            r"s &= \sum_{k=0}^{M^2-1} v_k \cdot h_k + c",
            r"\hat y &= \sigma(s)",
            r"L &= -\bigl[ y \log \hat y + (1 - y) \log (1 - \hat y) \bigr]",
        ),
    ]


def _numbers(ex: ConvExample, fwd: Forward) -> list[str]:
    k = ex.k
    products = [f"{_paren(ex.w[r, q])}{_paren(ex.a[r, q])}" for r in range(k) for q in range(k)]
    z00 = [" + ".join(products[r * k : (r + 1) * k]) for r in range(k)]
    z00_rows = [f"z_{{00}} &= {z00[0]}"] + [f"&\\quad + {line}" for line in z00[1:]]
    s_parts = [f"{_paren(ex.v[q])}{_paren(fwd.h_flat[q])}" for q in range(ex.v.size)]
    s_lines = _signed_sum(s_parts)
    s_rows = _continued("s &=", s_lines)
    log_term = r"-\log \hat y" if ex.y == 1 else r"-\log (1 - \hat y)"
    return [
        "## The example's numbers",
        *_display(rf"a = {_bmatrix(ex.a)}, \quad w = {_bmatrix(ex.w)}"),
        *_display(rf"b = {latex_number(ex.b)}, \quad v = {_bmatrix(ex.v)}, \quad c = {latex_number(ex.c)}, \quad y = {ex.y}"),
        "The first output position puts the kernel on the top-left corner of the input:",
        *_display(*z00_rows, f"&\\quad + {_paren(ex.b)} = {latex_number(fwd.z[0, 0])}"),
        "Sliding the window over every position and applying the sigmoid:",
        *_display(rf"z = {_bmatrix(fwd.z)}, \quad h = \sigma(z) = {_bmatrix(fwd.h)}"),
        f"The head, with $c = {latex_number(ex.c)}$, the prediction and the loss for $y = {ex.y}$:",
        *_display(
            *s_rows,
            f"&\\quad + {_paren(ex.c)} = {latex_number(fwd.s)}",
            rf"\hat y &= \sigma(s) = {latex_number(fwd.y_hat)}",
            rf"L &= {log_term} = {latex_number(fwd.loss)}",
        ),
    ]


def _shared(ex: ConvExample, fwd: Forward, grads: Gradients) -> list[str]:
    lines = [
        "## Backward pass: the part every gradient shares",
        "",
        "The loss and the output sigmoid simplify together:",
        *_display(
            r"\frac{\partial L}{\partial \hat y} &= -\frac{y}{\hat y} + \frac{1 - y}{1 - \hat y}",
            r"\frac{\partial \hat y}{\partial s} &= \hat y (1 - \hat y)",
            rf"\frac{{\partial L}}{{\partial s}} &= {_DL_DS} = \hat y - y = {latex_number(fwd.y_hat)} - {ex.y} = {latex_number(grads.error)}",
        ),
        "Going one layer further back gives the error at each output position, $\\delta_{ij}$:",
        *_display(
            r"\delta_{ij} = \frac{\partial L}{\partial z_{ij}} = \frac{\partial L}{\partial s} \cdot "
            r"\frac{\partial s}{\partial h_{ij}} \cdot \frac{\partial h_{ij}}{\partial z_{ij}} = "
            r"(\hat y - y) \cdot v_{ij} \cdot \sigma(z_{ij}) \bigl(1 - \sigma(z_{ij})\bigr)"
        ),
        "| $(i, j)$ | $v_{ij}$ | $h_{ij}$ | $h_{ij}(1 - h_{ij})$ | $\\delta_{ij}$ |",
        "| --- | --- | --- | --- | --- |",
    ]
    for i in range(ex.m):
        for j in range(ex.m):
            cells = (ex.v[i * ex.m + j], fwd.h[i, j], fwd.sigma_prime[i, j], grads.delta[i, j])
            lines.append(f"| $({i}, {j})$ | " + " | ".join(f"${latex_number(x)}$" for x in cells) + " |")
    lines += [
        "",
        "## The general formulas",
        *_display(
            *(f"{lhs} &= {rhs}" for lhs, rhs in (GRADIENT_FORMULAS["kernel"], GRADIENT_FORMULAS["input"])),
            r"\frac{\partial L}{\partial v_k} &= (\hat y - y) \cdot h_k",
            r"\frac{\partial L}{\partial b} &= \sum_{i,j} \delta_{ij}",
            r"\frac{\partial L}{\partial c} &= \hat y - y",
        ),
        "A window $(i, j)$ covers $(p, q)$ when $i \\le p \\le i + K - 1$ and $j \\le q \\le j + K - 1$.",
        "",
    ]
    return lines


def _chain(target: str, what: str) -> str:
    return (
        rf"{_partial(target)} = \sum_{{{what}}} \frac{{\partial L}}{{\partial \hat y}} \cdot "
        rf"\frac{{\partial \hat y}}{{\partial s}} \cdot \frac{{\partial s}}{{\partial h_{{ij}}}} \cdot "
        rf"\frac{{\partial h_{{ij}}}}{{\partial z_{{ij}}}} \cdot \frac{{\partial z_{{ij}}}}{{\partial {target}}}"
    )


def _continued(lead: str, lines: list[str]) -> list[str]:
    """Aligned rows for a sum split over lines: the first after `lead`, the rest indented."""
    return [f"{lead} {lines[0]}"] + [f"&\\quad {line}" for line in lines[1:]]


def _sum_rows(target: str, general: str, symbols: list[str], grad: Gradient, products: bool = True) -> list[str]:
    """Aligned rows: the sum in symbols, the numbers substituted, each product, the total."""
    rows = [f"{_partial(target)} &= {general}", *_continued("&=", _signed_sum(symbols))]
    if products:
        rows += _continued("&=", _signed_sum([f"{_paren(t.delta)}{_paren(t.factor)}" for t in grad.terms]))
    values = [t.value for t in grad.terms]
    rows += _continued("&=", _signed_sum([""] * len(values), values))
    return rows + [f"&= {latex_number(grad.value)}"]


def _target_section(ex: ConvExample, grad: Gradient, check: Gradients) -> list[str]:
    letter, index = parse_target(ex, grad.target)
    target = _latex_target(letter, index)
    lines = [f"## The gradient with respect to ${target}$", ""]
    if letter == "w":
        r, q = index
        factor = _sub("a", _shift("i", r), _shift("j", q))
        lines += [f"The weight ${target}$ is used at every output position, so all {ex.m * ex.m} positions contribute:"]
        lines += _display(_chain(target, "i,j"))
        lines += [f"Here ${_DL_DS} = \\hat y - y$, $\\partial s / \\partial h_{{ij}} = v_{{ij}}$, "
                  f"$\\partial h_{{ij}} / \\partial z_{{ij}} = \\sigma(z_{{ij}})(1 - \\sigma(z_{{ij}}))$ and "
                  f"$\\partial z_{{ij}} / \\partial {target} = {factor}$, so each term is $\\delta_{{ij}} \\cdot {factor}$:"]
        symbols = [f"\\delta_{{{t.i}{t.j}}} \\cdot {_sub('a', t.i + r, t.j + q)}" for t in grad.terms]
        lines += _display(*_sum_rows(target, rf"\sum_{{i,j}} \delta_{{ij}} \cdot {factor}", symbols, grad))
    elif letter == "a":
        p, q = index
        cover = ", ".join(f"$({i}, {j})$" for i, j in windows_covering(ex, p, q))
        factor = _sub("w", _shift("i", p, "-"), _shift("j", q, "-"))
        lines += [f"Only the windows that cover ${target}$ contribute: output positions {cover}."]
        lines += _display(_chain(target, rf"(i,j) \text{{ covering }} ({p},{q})"))
        lines += [f"In window $(i, j)$ the input ${target}$ sits under kernel weight ${factor}$, so "
                  f"$\\partial z_{{ij}} / \\partial {target} = {factor}$ and each term is $\\delta_{{ij}} \\cdot {factor}$:"]
        symbols = [f"\\delta_{{{t.i}{t.j}}} \\cdot {_sub('w', p - t.i, q - t.j)}" for t in grad.terms]
        lines += _display(*_sum_rows(target, rf"\sum_{{(i,j)}} \delta_{{ij}} \cdot {factor}", symbols, grad))
    elif letter == "v":
        (k,) = index
        t = grad.terms[0]
        lines += [f"The weight ${target}$ multiplies $h_{{{k}}} = h_{{{t.i}{t.j}}}$ only:"]
        lines += _display(rf"{_partial(target)} = {_DL_DS} \cdot \frac{{\partial s}}{{\partial {target}}} = "
                          rf"(\hat y - y) \cdot h_{{{k}}} = {_paren(t.delta)}{_paren(t.factor)} = {latex_number(grad.value)}")
    elif letter == "b":
        lines += ["The bias is added at every output position and $\\partial z_{ij} / \\partial b = 1$:"]
        symbols = [f"\\delta_{{{t.i}{t.j}}}" for t in grad.terms]
        lines += _display(*_sum_rows("b", r"\sum_{i,j} \delta_{ij}", symbols, grad, products=False))
    else:
        lines += ["The head bias reaches the loss through $s$ alone, with $\\partial s / \\partial c = 1$:"]
        lines += _display(rf"{_partial('c')} = {_DL_DS} \cdot \frac{{\partial s}}{{\partial c}} = \hat y - y = {latex_number(grad.value)}")
    auto = check.of(letter, index)
    lines += [
        "| | closed form | torch autograd (float64) | absolute difference |",
        "| --- | --- | --- | --- |",
        f"| ${_partial(target)}$ | ${latex_number(grad.value)}$ | ${latex_number(auto)}$ | ${latex_number(abs(grad.value - auto))}$ |",
        "",
    ]
    return lines


def derivation_markdown(ex: ConvExample, targets: Sequence[str] = DEFAULT_TARGETS) -> str:
    """The whole derivation as Markdown with $...$ and $$...$$ LaTeX, for Jupyter and GitHub."""
    if isinstance(targets, str):
        targets = (targets,)
    fwd = forward(ex)  # once: every section and every gradient below reads these
    grads, check = gradients(ex, fwd), autograd_gradients(ex)
    wanted = {}
    for t in targets:  # validates and deduplicates
        grad = gradient(ex, t, fwd, grads)
        wanted.setdefault(grad.target, grad)
    if not wanted:
        raise ValueError(f"targets must name at least one gradient. Got {tuple(targets)!r} instead.")
    lines = _header(ex) + _numbers(ex, fwd) + _shared(ex, fwd, grads)
    for grad in wanted.values():
        lines += _target_section(ex, grad, check)
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def write_derivation(path: str | Path, ex: ConvExample, targets: Sequence[str] = DEFAULT_TARGETS) -> Path:
    """Write the derivation to a .md file atomically; the parent directory must exist."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"output path must be a file, not a directory. Got {str(path)!r} instead.")
    if not path.parent.is_dir():
        raise ValueError(f"output directory must exist. Got {str(path.parent)!r} instead.")
    text = derivation_markdown(ex, targets)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path
