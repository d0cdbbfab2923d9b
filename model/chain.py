"""The homework's chain z -> h -> s -> y_hat -> L -> dL/ds -> delta -> gradients, one replaceable link at a time."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from model.conv import index_name, parse_target, windows_covering
from model.conv_example import ConvExample

__all__ = ["CHAIN_KEYS", "CORRECT", "Links", "gradient_from", "gradient_keys", "run_chain", "sigmoid", "step_from"]

CHAIN_KEYS = ("z", "h", "s", "y_hat", "L", "dL_ds", "delta")  # the steps before the asked gradients, in order


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    """1 / (1 + e^-x), accurate in both tails."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softplus(x: float) -> float:
    return float(max(x, 0.0) + np.log1p(np.exp(-abs(x))))


def _window_sum(a: np.ndarray, w: np.ndarray, m: int) -> np.ndarray:
    """Valid cross-correlation, stride 1: (m, m)."""
    k = w.shape[0]
    return np.array([[np.sum(w * a[i : i + k, j : j + k]) for j in range(m)] for i in range(m)])


def _z(ex: ConvExample) -> np.ndarray:
    return _window_sum(ex.a, ex.w, ex.m) + ex.b


def _h(z: np.ndarray) -> np.ndarray:
    return sigmoid(z)


def _s(ex: ConvExample, h: np.ndarray) -> float:
    return float(np.dot(ex.v, h.reshape(-1)) + ex.c)


def _loss(ex: ConvExample, s: float) -> float:
    return _softplus(-s) if ex.y == 1 else _softplus(s)  # -log sigma(s), -log(1 - sigma(s))


def _dl_ds(ex: ConvExample, s: float) -> float:
    return float(-sigmoid(-s) if ex.y == 1 else sigmoid(s))  # y_hat - y, exact when y_hat is near 1


def _delta(ex: ConvExample, z: np.ndarray, dl_ds: float) -> np.ndarray:
    return dl_ds * ex.v.reshape(ex.m, ex.m) * sigmoid(z) * sigmoid(-z)


def gradient_from(ex: ConvExample, letter: str, index: tuple[int, ...], values: dict) -> float:
    """dL/d(target) from delta, dL/ds and h: the sums of model.conv.gradient."""
    delta, h, dl_ds = values["delta"], values["h"], values["dL_ds"]
    if letter == "w":
        r, q = index
        return float(sum(delta[i, j] * ex.a[i + r, j + q] for i in range(ex.m) for j in range(ex.m)))
    if letter == "a":
        p, q = index
        return float(sum(delta[i, j] * ex.w[p - i, q - j] for i, j in windows_covering(ex, p, q)))
    if letter == "v":
        return float(dl_ds * h.reshape(-1)[index[0]])
    return float(delta.sum()) if letter == "b" else float(dl_ds)


@dataclass(frozen=True)
class Links:
    """How each link of the chain is computed; a known mistake replaces one of them."""

    z: Callable = _z  # (ex) -> (M, M)
    h: Callable = _h  # (z) -> (M, M)
    s: Callable = _s  # (ex, h) -> float
    y_hat: Callable = sigmoid  # (s) -> float
    L: Callable = _loss  # (ex, s) -> float
    dL_ds: Callable = _dl_ds  # (ex, s) -> float
    delta: Callable = _delta  # (ex, z, dL_ds) -> (M, M)
    gradient: Callable = gradient_from  # (ex, letter, index, values) -> float, or None where the link does not apply

    def replacing(self, link: str, compute: Callable) -> "Links":
        """The same links with one swapped."""
        return replace(self, **{link: compute})


CORRECT = Links()


def gradient_keys(ex: ConvExample, targets: Sequence[str]) -> list[tuple[str, str, tuple[int, ...]]]:
    """(canonical name, letter, index) for each target, validated against the example's sizes."""
    keys = []
    for target in targets:
        letter, index = parse_target(ex, target)
        name = index_name(letter, *index) if letter in "wa" else (f"v{index[0]}" if letter == "v" else letter)
        keys.append((name, letter, index))
    return list(dict.fromkeys(keys))


def run_chain(ex: ConvExample, targets: Sequence[str], links: Links = CORRECT) -> dict[str, np.ndarray | float]:
    """Every step of the chain and each target's gradient, computed with the given links."""
    z = np.asarray(links.z(ex), dtype=np.float64)
    h = np.asarray(links.h(z), dtype=np.float64)
    s = float(links.s(ex, h))
    dl_ds = float(links.dL_ds(ex, s))
    values = {"z": z, "h": h, "s": s, "y_hat": float(links.y_hat(s)), "L": float(links.L(ex, s)), "dL_ds": dl_ds}
    values["delta"] = np.asarray(links.delta(ex, z, dl_ds), dtype=np.float64)
    for name, letter, index in gradient_keys(ex, targets):
        value = links.gradient(ex, letter, index, values)
        values[name] = gradient_from(ex, letter, index, values) if value is None else float(value)
    return values


def step_from(ex: ConvExample, key: str, values: dict) -> np.ndarray | float | None:
    """One item computed rightly from the items before it in `values`; None for z, which has none."""
    if key in ("h", "s", "y_hat", "L", "dL_ds", "delta"):
        inputs = {"h": (values["z"],), "s": (ex, values["h"]), "y_hat": (values["s"],), "L": (ex, values["s"]),
                  "dL_ds": (ex, values["s"]), "delta": (ex, values["z"], values["dL_ds"])}[key]
        return getattr(CORRECT, key)(*inputs)
    if key == "z":
        return None
    ((_, letter, index),) = gradient_keys(ex, [key])
    return gradient_from(ex, letter, index, values)
