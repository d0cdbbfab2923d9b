"""The homework's answers beside torch autograd: a comparison that can fail, for screens to report."""

from dataclasses import dataclass

import numpy as np

from model.conv import ConvExample, autograd_gradients, gradient, parse_target

__all__ = ["GradientCheck", "gradient_check"]


@dataclass(frozen=True)
class GradientCheck:
    """dL/d target in closed form, the same from torch autograd, and whether they agree."""

    target: str  # canonical name: "w00", "a21"
    value: float  # closed form (model/conv.py)
    autograd: float  # torch autograd
    agrees: bool  # |value - autograd| <= atol + rtol * |autograd|


def gradient_check(ex: ConvExample, target: str, rtol: float = 1e-6, atol: float = 1e-9) -> GradientCheck:
    """Compare the closed-form gradient of `target` with torch autograd's."""
    grad = gradient(ex, target)
    letter, pos = parse_target(ex, grad.target)
    auto = autograd_gradients(ex)
    reference = float(np.asarray({"w": auto.dw, "a": auto.da, "v": auto.dv, "b": auto.db, "c": auto.dc}[letter])[pos])
    return GradientCheck(grad.target, grad.value, reference, bool(np.isclose(grad.value, reference, rtol=rtol, atol=atol)))
