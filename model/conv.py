"""The homework's tiny CNN: one kernel, sigmoid, a dense head, BCE; its exact gradients, term by term."""

import re
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from model.conv_example import DEFAULT_EXAMPLE_PATH, EXAMPLE_ENV_VAR, ConvExample, example_from_dict, load_example

__all__ = [
    "DEFAULT_EXAMPLE_PATH",
    "EXAMPLE_ENV_VAR",
    "ConvExample",
    "Forward",
    "Gradient",
    "Gradients",
    "Term",
    "autograd_gradients",
    "backward",
    "delta_map",
    "error_term",
    "example_from_dict",
    "forward",
    "gradient",
    "gradients",
    "head",
    "index_name",
    "load_example",
    "loss",
    "loss_slope",
    "parse_target",
    "pre_activations",
    "sigmoid",
    "sigmoid_slope",
    "softplus",
    "target_name",
    "target_names",
    "window_sum",
    "windows_covering",
]


@dataclass(frozen=True)
class Forward:
    """Every intermediate value of the forward pass, float64."""

    z: np.ndarray  # (M, M) pre-activations of the conv layer
    h: np.ndarray  # (M, M) sigmoid(z)
    h_flat: np.ndarray  # (M*M,) h flattened row by row
    s: float  # head pre-activation
    y_hat: float  # sigmoid(s), the predicted probability of label 1
    loss: float  # binary cross-entropy
    sigma_prime: np.ndarray  # (M, M) sigma'(z) = h (1 - h), the sigmoid's slope at each z


@dataclass(frozen=True)
class Term:
    """One chain-rule term of a gradient sum: delta times what it multiplies."""

    i: int  # output row that contributes; -1 when the term belongs to no position (c)
    j: int  # output column that contributes; -1 when the term belongs to no position (c)
    delta: float  # dL/dz_ij for w, a, b terms; dL/ds for v and c terms
    factor: float  # a_{i+m,j+n} for w_mn, w_{p-i,q-j} for a_pq, h_k for v_k, 1 for b and c
    factor_name: str  # plain name of the factor: "a11", "w10", "h3", "1"
    value: float  # delta * factor


@dataclass(frozen=True)
class Gradient:
    """dL/d target written as the sum of its chain-rule terms."""

    target: str  # canonical name: "w00", "a21", "v3", "b", "c"
    value: float  # dL/d target
    terms: tuple[Term, ...]  # in row-major (i, j) order; their values sum to `value`


@dataclass(frozen=True)
class Gradients:
    """dL/d every parameter and input, float64."""

    error: float  # y_hat - y = dL/ds
    delta: np.ndarray  # (M, M) dL/dz_ij
    dw: np.ndarray  # (K, K)
    da: np.ndarray  # (N, N)
    dv: np.ndarray  # (M*M,)
    db: float
    dc: float

    def of(self, letter: str, index: tuple[int, ...]) -> float:
        """dL/d one target, given as parse_target's letter and indices."""
        if letter in "wav":
            return float({"w": self.dw, "a": self.da, "v": self.dv}[letter][index])
        return self.db if letter == "b" else self.dc


def softplus(x: np.ndarray | float) -> np.ndarray:
    """log(1 + e^x) without overflow."""
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    """1 / (1 + e^-x), accurate in both tails."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_slope(x: np.ndarray | float) -> np.ndarray:
    """sigma(x) * (1 - sigma(x)) as sigma(x) * sigma(-x), so the tail keeps its relative precision."""
    return sigmoid(x) * sigmoid(-x)


def window_sum(a: np.ndarray, w: np.ndarray, m: int) -> np.ndarray:
    """Valid cross-correlation, stride 1: (m, m), entry (i, j) = sum of w times the window of a at (i, j)."""
    k = w.shape[0]
    return np.array([[np.sum(w * a[i : i + k, j : j + k]) for j in range(m)] for i in range(m)])


def pre_activations(ex: ConvExample) -> np.ndarray:
    """z = the window sum of a with the kernel w, plus b: (M, M)."""
    return window_sum(ex.a, ex.w, ex.m) + ex.b


def head(ex: ConvExample, h: np.ndarray) -> float:
    """s = v . h flattened row by row + c."""
    return float(np.dot(ex.v, np.asarray(h).reshape(-1)) + ex.c)


def loss(ex: ConvExample, s: float) -> float:
    """Binary cross-entropy of sigmoid(s) against the label y, without overflow."""
    return float(softplus(-s) if ex.y == 1 else softplus(s))  # -log sigma(s), -log(1 - sigma(s))


def loss_slope(y_hat: float, y: int) -> float:
    """dL/dy_hat = -y / y_hat + (1 - y) / (1 - y_hat); infinite where y_hat rounds to 0 or 1."""
    y_hat = np.float64(y_hat)
    with np.errstate(divide="ignore"):  # y_hat rounds to 0 or 1 only in a saturated example
        return float(-y / y_hat + (1 - y) / (1 - y_hat))


def error_term(ex: ConvExample, s: float) -> float:
    """dL/ds = y_hat - y, written as -sigma(-s) for y = 1 so it does not round to 0 when y_hat is near 1."""
    return float(-sigmoid(-s) if ex.y == 1 else sigmoid(s))


def delta_map(ex: ConvExample, z: np.ndarray, dl_ds: float) -> np.ndarray:
    """delta_ij = dL/dz_ij = (dL/ds) v_ij sigma'(z_ij): (M, M)."""
    return dl_ds * ex.v.reshape(ex.m, ex.m) * sigmoid_slope(z)


def forward(ex: ConvExample) -> Forward:
    """Run the network on the example."""
    z = pre_activations(ex)
    h = sigmoid(z)
    s = head(ex, h)
    return Forward(z=z, h=h, h_flat=h.reshape(-1), s=s, y_hat=float(sigmoid(s)), loss=loss(ex, s), sigma_prime=sigmoid_slope(z))


def backward(ex: ConvExample, h: np.ndarray, dl_ds: float, dz: np.ndarray) -> Gradients:
    """Every gradient from dL/ds, the map h and delta (dz): the sums each target's terms add up to."""
    k, m = ex.k, ex.m
    dw = window_sum(ex.a, dz, k)  # dL/dw_mn = sum_ij delta_ij a_{i+m, j+n}
    da = np.zeros_like(ex.a)
    for i in range(m):
        for j in range(m):
            da[i : i + k, j : j + k] += dz[i, j] * ex.w
    dv = dl_ds * np.asarray(h, dtype=np.float64).reshape(-1)
    return Gradients(error=dl_ds, delta=dz, dw=dw, da=da, dv=dv, db=float(dz.sum()), dc=dl_ds)


def gradients(ex: ConvExample, fwd: Forward | None = None) -> Gradients:
    """All gradients in closed form; pass the example's forward pass to reuse it."""
    fwd = forward(ex) if fwd is None else fwd
    dl_ds = error_term(ex, fwd.s)
    return backward(ex, fwd.h, dl_ds, delta_map(ex, fwd.z, dl_ds))


def autograd_gradients(ex: ConvExample) -> Gradients:
    """The same gradients from torch autograd in float64: the independent check."""
    a, w, v = (torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in (ex.a, ex.w, ex.v))
    b, c = (torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in (ex.b, ex.c))
    z = F.conv2d(a[None, None], w[None, None])[0, 0] + b
    z.retain_grad()
    h = torch.exp(F.logsigmoid(z))  # its backward is h * sigma(-z), exact in the tails
    s = torch.dot(v, h.reshape(-1)) + c
    s.retain_grad()
    loss = -(ex.y * F.logsigmoid(s) + (1 - ex.y) * F.logsigmoid(-s))
    loss.backward()
    return Gradients(
        error=float(s.grad),
        delta=z.grad.numpy().copy(),
        dw=w.grad.numpy().copy(),
        da=a.grad.numpy().copy(),
        dv=v.grad.numpy().copy(),
        db=float(b.grad),
        dc=float(c.grad),
    )


def windows_covering(ex: ConvExample, p: int, q: int) -> list[tuple[int, int]]:
    """Output positions (i, j), row-major, whose K x K window covers input a_pq."""
    if not (0 <= p < ex.n and 0 <= q < ex.n):
        raise ValueError(f"input position must lie inside the {ex.n}x{ex.n} input. Got row {p}, column {q} instead.")
    rows = range(max(0, p - ex.k + 1), min(p, ex.m - 1) + 1)
    cols = range(max(0, q - ex.k + 1), min(q, ex.m - 1) + 1)
    return [(i, j) for i in rows for j in cols]


def index_name(letter: str, row: int, col: int) -> str:
    """'a21' for one-digit indices, 'a12,3' once an index needs two digits."""
    return f"{letter}{row}{col}" if row < 10 and col < 10 else f"{letter}{row},{col}"


def target_name(letter: str, index: tuple[int, ...]) -> str:
    """The canonical name of parse_target's (letter, indices): 'w00', 'a12,3', 'v3', 'b' or 'c'."""
    if letter in "wa":
        return index_name(letter, *index)
    return f"v{index[0]}" if letter == "v" else letter


def target_names(ex: ConvExample) -> list[str]:
    """Every name gradient() accepts for this example, in canonical form."""
    names = [index_name("w", r, q) for r in range(ex.k) for q in range(ex.k)]
    names += [index_name("a", r, q) for r in range(ex.n) for q in range(ex.n)]
    return names + [f"v{k}" for k in range(ex.m * ex.m)] + ["b", "c"]


_PAIR = re.compile(r"^([wa])(?:(\d)(\d)|(\d+),(\d+))$")
_SINGLE = re.compile(r"^v(\d+)$")


def parse_target(ex: ConvExample, target: str) -> tuple[str, tuple[int, ...]]:
    """Split a target name into its letter and indices, checking them against the example's sizes."""
    if not isinstance(target, str) or len(target) > 12:  # a 5000-digit index is not parsed
        shown = repr(target) if not isinstance(target, str) else f"{target[:12]!r}... ({len(target)} characters)"
        raise ValueError(f"target must be a name like 'w00', 'a21', 'v3', 'b' or 'c'. Got {shown} instead.")
    if target in ("b", "c"):
        return target, ()
    pair, single = _PAIR.match(target), _SINGLE.match(target)
    if single:
        k = int(single.group(1))
        if k >= ex.m * ex.m:
            raise ValueError(f"target {target!r} is outside the {ex.m * ex.m} head weights v0..v{ex.m * ex.m - 1}. Got index {k}.")
        return "v", (k,)
    if not pair:
        raise ValueError(f"target must be one of w<m><n>, a<p><q>, v<k>, b, c. Got {target!r} instead.")
    letter = pair.group(1)
    row, col = (int(x) for x in (pair.group(2, 3) if pair.group(2) is not None else pair.group(4, 5)))
    size, what = (ex.k, "kernel") if letter == "w" else (ex.n, "input")
    if row >= size or col >= size:
        raise ValueError(f"target {target!r} is outside the {size}x{size} {what}. Got row {row}, column {col}.")
    return letter, (row, col)


def gradient(ex: ConvExample, target: str, fwd: Forward | None = None, grads: Gradients | None = None) -> Gradient:
    """dL/d target as the sum of its chain-rule terms; target is 'w00', 'a21', 'v3', 'b' or 'c'.

    Pass the example's forward pass and gradients to reuse them instead of computing them again.
    """
    letter, index = parse_target(ex, target)
    fwd = forward(ex) if fwd is None else fwd
    grads, m = (gradients(ex, fwd) if grads is None else grads), ex.m
    d, name, value = grads.delta, target_name(letter, index), grads.of(letter, index)
    if letter == "w":
        r, q = index
        cells = [(i, j, ex.a[i + r, j + q], index_name("a", i + r, j + q)) for i in range(m) for j in range(m)]
        terms = [Term(i, j, float(d[i, j]), float(f), fn, float(d[i, j] * f)) for i, j, f, fn in cells]
    elif letter == "a":
        p, q = index
        terms = []
        for i, j in windows_covering(ex, p, q):
            f = float(ex.w[p - i, q - j])
            terms.append(Term(i, j, float(d[i, j]), f, index_name("w", p - i, q - j), float(d[i, j] * f)))
    elif letter == "v":
        (kk,) = index
        i, j = divmod(kk, m)
        h = float(fwd.h_flat[kk])
        terms = [Term(i, j, grads.error, h, f"h{kk}", grads.error * h)]
    elif letter == "b":
        terms = [Term(i, j, float(d[i, j]), 1.0, "1", float(d[i, j])) for i in range(m) for j in range(m)]
    else:
        terms = [Term(-1, -1, grads.error, 1.0, "1", grads.error)]
    return Gradient(target=name, value=value, terms=tuple(terms))
