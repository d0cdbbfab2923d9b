"""The homework's chain z -> h -> s -> y_hat -> L -> dL/ds -> delta -> gradients: model.conv's functions, one replaceable link at a time."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from model import conv
from model.conv_example import ConvExample

__all__ = ["CHAIN_KEYS", "CORRECT", "Links", "gradient_from", "gradient_keys", "run_chain", "step_from"]

CHAIN_KEYS = ("z", "h", "s", "y_hat", "L", "dL_ds", "delta")  # the steps before the asked gradients, in order


def gradient_from(ex: ConvExample, letter: str, index: tuple[int, ...], values: dict) -> float:
    """dL/d(target) from delta, dL/ds and h, by model.conv.backward."""
    return conv.backward(ex, values["h"], values["dL_ds"], values["delta"]).of(letter, index)


@dataclass(frozen=True)
class Links:
    """How each link of the chain is computed: model.conv's functions; a known mistake replaces one of them."""

    z: Callable = conv.pre_activations  # (ex) -> (M, M)
    h: Callable = conv.sigmoid  # (z) -> (M, M)
    s: Callable = conv.head  # (ex, h) -> float
    y_hat: Callable = conv.sigmoid  # (s) -> float
    L: Callable = conv.loss  # (ex, s) -> float
    dL_ds: Callable = conv.error_term  # (ex, s) -> float
    delta: Callable = conv.delta_map  # (ex, z, dL_ds) -> (M, M)
    gradient: Callable = gradient_from  # (ex, letter, index, values) -> float, or None where the link does not apply

    def replacing(self, link: str, compute: Callable) -> "Links":
        """The same links with one swapped."""
        return replace(self, **{link: compute})


CORRECT = Links()


def gradient_keys(ex: ConvExample, targets: Sequence[str]) -> list[tuple[str, str, tuple[int, ...]]]:
    """(canonical name, letter, index) for each target, validated against the example's sizes."""
    keys = [(conv.target_name(*parsed), *parsed) for parsed in (conv.parse_target(ex, target) for target in targets)]
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
