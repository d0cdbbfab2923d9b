"""The page's second part: the lesson's tiny CNN as editable cells, every value and gradient recomputed in the browser."""

from model.conv import ConvExample
from render.page.notation import page_formulas

__all__ = ["MAX_INPUT", "check_example", "cnn_data", "cnn_section"]

MAX_INPUT = 10  # cell names keep one digit per index (a21, w00), as the lesson writes them


def check_example(ex: ConvExample) -> ConvExample:
    """The example itself, if the page can lay it out."""
    if ex.n > MAX_INPUT:
        raise ValueError(f"the page lays out inputs up to {MAX_INPUT}x{MAX_INPUT}. Got {ex.n}x{ex.n} instead.")
    return ex


def _number(x: float) -> str:
    """An editable cell's starting text: the example's number, short ('0.2', '-0.5', '1')."""
    return repr(float(x)).removesuffix(".0") if float(x).is_integer() else repr(float(x))


def _inputs(prefix: str, values, side: int, flat: bool = False) -> str:
    """A table of editable cells named prefix + row + column (or prefix + row-major index when `flat`)."""
    rows = []
    for i in range(side):
        cells = []
        for j in range(side):
            key = f"{prefix}{i * side + j}" if flat else f"{prefix}{i}{j}"
            value = values[i * side + j] if flat else values[i][j]
            cells.append(f'<td><input data-key="{key}" value="{_number(value)}" aria-label="{key}" autocomplete="off"></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="grid">{"".join(rows)}</table>'


def _values(prefix: str, side: int, kind: str) -> str:
    """A table of computed cells named prefix + row + column; JavaScript fills their text and data-exact."""
    rows = ("<tr>" + "".join(f'<td class="{kind}" data-key="{prefix}{i}{j}"></td>' for j in range(side)) + "</tr>" for i in range(side))
    return f'<table class="grid">{"".join(rows)}</table>'


def _one(label: str, key: str, kind: str = "", value: float | None = None) -> str:
    """A labelled single value: editable when `value` is given, else computed."""
    cell = (f'<input data-key="{key}" value="{_number(value)}" aria-label="{key}" autocomplete="off">' if value is not None
            else f'<span class="{kind}" data-key="{key}"></span>')
    return f'<div class="one"><span class="name">{label}</span> {cell}</div>'


def _stage(title: str, body: str, extra: str = "") -> str:
    return f'<div class="stage"><div class="title">{title}</div>{body}{extra}</div>'


def cnn_section(ex: ConvExample) -> str:
    """The HTML of the live network: the forward row, the backward row, the formula box and the nudge control."""
    n, k, m = check_example(ex).n, ex.k, ex.m
    d = "\u2202L/\u2202"
    forward = [
        _stage(f"input a ({n}\u00d7{n})", _inputs("a", ex.a, n)),
        _stage(f"kernel w ({k}\u00d7{k})", _inputs("w", ex.w, k), _one("b", "b", value=ex.b)),
        _stage(f"z = w \u22c6 a + b ({m}\u00d7{m})", _values("z", m, "fwd")),
        _stage("h = \u03c3(z)", _values("h", m, "fwd")),
        _stage("head v (by h position)", _inputs("v", ex.v, m, flat=True), _one("c", "c", value=ex.c)),
        _stage("output", _one("s = v\u00b7h + c", "s", "fwd") + _one("\u0177 = \u03c3(s)", "y_hat", "fwd")
               + _one("label y", "y", value=ex.y) + _one("L", "L", "fwd")),
    ]
    backward = [
        _stage(f"{d}a", _values("da", n, "grad")),
        _stage(f"{d}w", _values("dw", k, "grad"), _one(f"{d}b", "db", "grad")),
        _stage("\u03b4 = \u2202L/\u2202z", _values("delta", m, "grad")),
        '<div class="stage"></div>',
        _stage(f"{d}v", _flat_values("dv", m), _one(f"{d}c", "dc", "grad")),
        '<div class="stage"></div>',
    ]
    nudge = (
        '<div id="nudge"><label>nudge <select id="nudge-key" aria-label="cell to nudge"></select></label>'
        ' <label>by \u03b5 = <input id="nudge-eps" value="0.001" aria-label="epsilon"></label>'
        ' <button id="nudge-go" type="button">add \u03b5</button> <span id="nudge-out"></span></div>'
    )
    return (
        '<section id="cnn"><h2>The tiny CNN, live</h2>'
        '<p class="hint">Type into any white cell: every value and gradient is recomputed as you type. '
        'Hover (or tab to) a gradient to see its chain rule with the numbers in it; hover an input to see the z it feeds.</p>'
        f'<div class="net" style="--n:{n};--k:{k};--m:{m}">{"".join(forward)}{"".join(backward)}</div>'
        f'{nudge}<div id="formula" aria-live="polite"><div class="general">Hover a gradient cell.</div>'
        '<div class="symbols"></div><div class="numbers"></div><div class="total"></div></div></section>'
    )


def _flat_values(prefix: str, m: int) -> str:
    """Computed cells named by row-major index (dv0..dv{M*M-1}), laid out as the M x M map they belong to."""
    rows = ("<tr>" + "".join(f'<td class="grad" data-key="{prefix}{i * m + j}"></td>' for j in range(m)) + "</tr>" for i in range(m))
    return f'<table class="grid">{"".join(rows)}</table>'


def cnn_data(ex: ConvExample) -> dict:
    """What the page's script starts from: the example's numbers and the general formulas as HTML."""
    return {"example": {k: v for k, v in ex.to_dict().items() if k != "eta"}, "formulas": page_formulas()}
