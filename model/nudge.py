"""What a gradient means: nudge one kernel or input entry by a small eps, run forward again, see L move."""

from dataclasses import dataclass, replace

import numpy as np

from model.conv import ConvExample, forward, gradients, index_name, parse_target

__all__ = ["NUDGE_EPS", "Nudge", "nudge", "nudged_example"]

NUDGE_EPS = 0.01  # small enough that L moves almost exactly by dL/dx * eps, large enough to see in z's third decimal


@dataclass(frozen=True)
class Nudge:
    """One entry nudged by eps: how every z and the loss moved, against the gradient's prediction."""

    target: str  # canonical name of the nudged entry: "w00" or "a21"
    eps: float  # the nudge
    z_before: np.ndarray  # (M, M) z of the example
    z_after: np.ndarray  # (M, M) z with the nudged entry
    loss_before: float  # L of the example
    loss_after: float  # L of a real forward pass with the nudged entry
    gradient: float  # closed-form dL/d target

    @property
    def dz(self) -> np.ndarray:
        """(M, M) how far each z moved: a_ij * eps under a kernel nudge, w_(p-i,q-j) * eps under an input nudge."""
        return self.z_after - self.z_before

    @property
    def dloss(self) -> float:
        """How far L really moved."""
        return self.loss_after - self.loss_before

    @property
    def predicted(self) -> float:
        """How far the gradient says L moves: dL/d target times eps."""
        return self.gradient * self.eps


def nudged_example(ex: ConvExample, target: str, eps: float) -> ConvExample:
    """The example with kernel entry w_mn or input entry a_pq increased by eps (nothing else changes)."""
    letter, pos = parse_target(ex, target)
    if letter not in ("w", "a"):
        raise ValueError(f"nudge target must be a kernel entry like 'w00' or an input entry like 'a21'. Got {target!r} instead.")
    values = (ex.w if letter == "w" else ex.a).copy()
    values[pos] += eps
    return replace(ex, **{letter: values})


def nudge(ex: ConvExample, target: str, eps: float = NUDGE_EPS) -> Nudge:
    """Nudge `target` by eps and run the forward pass again; the gradient comes from the closed form."""
    if not np.isfinite(eps) or eps == 0:
        raise ValueError(f"nudge eps must be a finite non-zero number. Got {eps!r} instead.")
    letter, pos = parse_target(ex, target)
    before, after = forward(ex), forward(nudged_example(ex, target, eps))
    grads = gradients(ex, before)
    grad = float((grads.dw if letter == "w" else grads.da)[pos])
    return Nudge(index_name(letter, *pos), float(eps), before.z, after.z, before.loss, after.loss, grad)
