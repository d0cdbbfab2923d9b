"""Known hand-derivation mistakes, each one wrong link of the chain; register a new one with @mistake."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from model.chain import CORRECT, gradient_from, run_chain
from model.conv import loss_slope, sigmoid, windows_covering
from model.conv_example import ConvExample

__all__ = ["MISTAKES", "Mistake", "mistake", "mistaken_values"]


@dataclass(frozen=True)
class Mistake:
    """A known mistake: the link of the chain it gets wrong and how."""

    name: str  # registry key, e.g. "sigmoid_derivative_left_out"
    description: str  # one sentence a student reads in the report
    link: str  # the field of model.chain.Links it replaces
    compute: Callable  # the wrong link, same signature as the right one


MISTAKES: dict[str, Mistake] = {}  # in registration order: earlier names win ties in the diagnosis


def mistake(name: str, link: str, description: str) -> Callable:
    """Register a wrong version of one link of the chain under `name`."""

    def register(compute: Callable) -> Callable:
        if name in MISTAKES:
            raise ValueError(f"mistake names must be unique. Got {name!r} twice.")
        MISTAKES[name] = Mistake(name=name, description=description, link=link, compute=compute)
        return compute

    return register


def mistaken_values(ex: ConvExample, targets: Sequence[str], name: str) -> dict[str, np.ndarray | float]:
    """The whole chain as a student who makes mistake `name` (and nothing else) would compute it."""
    if name not in MISTAKES:
        raise ValueError(f"mistake must be one of {', '.join(MISTAKES)}. Got {name!r} instead.")
    found = MISTAKES[name]
    return run_chain(ex, targets, CORRECT.replacing(found.link, found.compute))


@mistake("bias_in_every_product", "z", "the bias b was added inside every product w·a of the window sum instead of once")
def _bias_in_every_product(ex: ConvExample) -> np.ndarray:
    return CORRECT.z(ex) + (ex.k * ex.k - 1) * ex.b


@mistake("map_flattened_by_column", "s", "the map was flattened column by column, so each v_k multiplied the wrong h")
def _map_flattened_by_column(ex: ConvExample, h: np.ndarray) -> float:
    return float(np.dot(ex.v, h.T.reshape(-1)) + ex.c)


@mistake("error_sign_flipped", "dL_ds", "∂L/∂s was taken as y − ŷ instead of ŷ − y (sign flipped)")
def _error_sign_flipped(ex: ConvExample, s: float) -> float:
    return -float(CORRECT.dL_ds(ex, s))


@mistake("output_sigmoid_derivative_left_out", "dL_ds", "∂L/∂ŷ was used as ∂L/∂s: the output sigmoid's derivative ŷ(1 − ŷ) is missing")
def _output_sigmoid_derivative_left_out(ex: ConvExample, s: float) -> float:
    return loss_slope(float(sigmoid(s)), ex.y)


@mistake("sigmoid_derivative_left_out", "delta", "the sigmoid's derivative σ(z)(1 − σ(z)) was left out of δ")
def _sigmoid_derivative_left_out(ex: ConvExample, z: np.ndarray, dl_ds: float) -> np.ndarray:
    return dl_ds * ex.v.reshape(ex.m, ex.m)


@mistake("sigmoid_instead_of_derivative", "delta", "σ(z) was used in δ instead of its derivative σ(z)(1 − σ(z))")
def _sigmoid_instead_of_derivative(ex: ConvExample, z: np.ndarray, dl_ds: float) -> np.ndarray:
    return dl_ds * ex.v.reshape(ex.m, ex.m) * sigmoid(z)


@mistake("kernel_index_not_reversed", "gradient", "the kernel weight was read as w_ij (the window's index) instead of w_(p−i, q−j)")
def _kernel_index_not_reversed(ex: ConvExample, letter: str, index: tuple[int, ...], values: dict) -> float | None:
    if letter != "a":
        return None
    cover = windows_covering(ex, *index)
    if any(i >= ex.k or j >= ex.k for i, j in cover):
        return None  # w_ij does not exist for this window: not a mistake one can make here
    return float(sum(values["delta"][i, j] * ex.w[i, j] for i, j in cover))


@mistake("kernel_flipped", "gradient", "the kernel was read turned by 180° (w_(K−1−m, K−1−n) for w_mn), as in a convolution")
def _kernel_flipped(ex: ConvExample, letter: str, index: tuple[int, ...], values: dict) -> float | None:
    delta, last = values["delta"], ex.k - 1
    if letter == "a":
        p, q = index
        return float(sum(delta[i, j] * ex.w[last - p + i, last - q + j] for i, j in windows_covering(ex, p, q)))
    if letter == "w":
        return gradient_from(ex, "w", (last - index[0], last - index[1]), values)
    return None


@mistake("one_window_only", "gradient", "only one window (the first, top-left) was counted instead of every position that uses it")
def _one_window_only(ex: ConvExample, letter: str, index: tuple[int, ...], values: dict) -> float | None:
    delta = values["delta"]
    if letter == "a":
        cover = windows_covering(ex, *index)
        i, j = cover[0]
        return None if len(cover) == 1 else float(delta[i, j] * ex.w[index[0] - i, index[1] - j])
    if letter == "w" and ex.m > 1:
        return float(delta[0, 0] * ex.a[index[0], index[1]])
    return None


@mistake("row_column_swapped", "gradient", "row and column were swapped: the gradient of the transposed position was given")
def _row_column_swapped(ex: ConvExample, letter: str, index: tuple[int, ...], values: dict) -> float | None:
    if letter not in ("w", "a") or index[0] == index[1]:
        return None
    return gradient_from(ex, letter, (index[1], index[0]), values)


@mistake("one_based_indices", "gradient", "indices were counted from 1: the gradient of the position one row up and one column left was given")
def _one_based_indices(ex: ConvExample, letter: str, index: tuple[int, ...], values: dict) -> float | None:
    if letter not in ("w", "a") or min(index) == 0:
        return None
    return gradient_from(ex, letter, (index[0] - 1, index[1] - 1), values)
