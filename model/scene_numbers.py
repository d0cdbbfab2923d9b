"""Every number the backprop lesson shows, computed once as plain data: forward, backward, check, one step."""

import math
from dataclasses import dataclass, replace

import numpy as np

from model.conv import ConvExample, Forward, Gradient, Gradients, autograd_gradients, forward, gradient, gradients
from model.conv import loss_slope, parse_target, sigmoid_slope, window_sum, windows_covering
from model.conv_example import DEFAULT_TARGETS
from model.nudge import Nudge, nudge

__all__ = ["AGREEMENT_RTOL", "SceneNumbers", "agrees", "full_convolution", "scene_numbers"]

AGREEMENT_RTOL = 1e-9  # relative tolerance for "closed form agrees with torch autograd"


def agrees(value: float, reference: float, rtol: float = AGREEMENT_RTOL) -> bool:
    """True when `value` equals `reference` to a relative `rtol` (both exactly 0 also agree)."""
    return math.isclose(value, reference, rel_tol=rtol, abs_tol=0.0)


def full_convolution(delta: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dL/da as the full convolution: (delta padded by K-1, kernel rotated 180 degrees, their valid correlation)."""
    k = w.shape[0]
    padded = np.pad(delta, k - 1)  # (M + 2K - 2, M + 2K - 2)
    rotated = w[::-1, ::-1]  # rotated[u, v] = w[K-1-u, K-1-v]
    return padded, rotated, window_sum(padded, rotated, padded.shape[0] - k + 1)


@dataclass(frozen=True)
class SceneNumbers:
    """Exactly the values the backprop lesson shows, all computed here from one forward pass."""

    example: ConvExample  # a, w, b, v, c, y and the learning rate eta
    fwd: Forward  # z, h, h_flat, s, y_hat, loss and sigma_prime = h (1 - h)
    grads: Gradients  # closed-form gradients: error = y_hat - y, delta, dw, da, ...
    auto: Gradients  # the same gradients from torch autograd
    dl_dyhat: float  # dL/dy_hat = -y / y_hat + (1 - y) / (1 - y_hat)
    dyhat_ds: float  # dy_hat/ds = y_hat (1 - y_hat)
    kernel_grad: Gradient  # dL/dw_mn term by term
    kernel_pos: tuple[int, int]  # (m, n) of that kernel entry
    input_grad: Gradient  # dL/da_pq term by term
    input_pos: tuple[int, int]  # (p, q) of that input entry
    input_windows: tuple[tuple[int, int], ...]  # output positions (i, j) whose window covers a_pq
    delta_padded: np.ndarray  # (M + 2K - 2, M + 2K - 2) delta with K - 1 zeros on every side
    w_rotated: np.ndarray  # (K, K) the kernel rotated 180 degrees
    da_full: np.ndarray  # (N, N) full convolution of delta_padded with w_rotated: dL/da again
    kernel_torch: float  # autograd's dL/dw_mn
    input_torch: float  # autograd's dL/da_pq
    stepped: ConvExample  # the example after one step w <- w - eta dL/dw (also b, v, c)
    loss_after: float  # the loss of `stepped`
    kernel_nudge: Nudge  # w_mn + eps: how each z and L move, against dL/dw_mn * eps
    input_nudge: Nudge  # a_pq + eps: only the covering windows' z move

    @property
    def m(self) -> int:
        """Side of the output map."""
        return self.example.m

    @property
    def kernel_agrees(self) -> bool:
        """The closed-form dL/dw_mn agrees with autograd to AGREEMENT_RTOL."""
        return agrees(self.kernel_grad.value, self.kernel_torch)

    @property
    def input_agrees(self) -> bool:
        """The closed-form dL/da_pq agrees with autograd to AGREEMENT_RTOL."""
        return agrees(self.input_grad.value, self.input_torch)


def _step(ex: ConvExample, grads: Gradients) -> ConvExample:
    """One plain gradient-descent step on the parameters w, b, v, c (the input a stays)."""
    eta = ex.eta
    return replace(ex, w=ex.w - eta * grads.dw, b=ex.b - eta * grads.db, v=ex.v - eta * grads.dv, c=ex.c - eta * grads.dc)


def scene_numbers(ex: ConvExample, kernel_target: str = DEFAULT_TARGETS[0], input_target: str = DEFAULT_TARGETS[1]) -> SceneNumbers:
    """Run forward once, the closed-form and autograd gradients once, and gather what the lesson shows."""
    for target, letter in ((kernel_target, "w"), (input_target, "a")):
        if parse_target(ex, target)[0] != letter:
            what = "kernel entry like 'w00'" if letter == "w" else "input entry like 'a21'"
            raise ValueError(f"target must be a {what}. Got {target!r} instead.")
    fwd = forward(ex)
    grads, auto = gradients(ex, fwd), autograd_gradients(ex)
    kernel_grad, input_grad = gradient(ex, kernel_target, fwd, grads), gradient(ex, input_target, fwd, grads)
    kernel_pos, input_pos = parse_target(ex, kernel_grad.target)[1], parse_target(ex, input_grad.target)[1]
    padded, rotated, da_full = full_convolution(grads.delta, ex.w)
    stepped = _step(ex, grads)
    return SceneNumbers(
        example=ex, fwd=fwd, grads=grads, auto=auto,
        dl_dyhat=loss_slope(fwd.y_hat, ex.y), dyhat_ds=float(sigmoid_slope(fwd.s)),
        kernel_grad=kernel_grad, kernel_pos=kernel_pos, input_grad=input_grad, input_pos=input_pos,
        input_windows=tuple(windows_covering(ex, *input_pos)),
        delta_padded=padded, w_rotated=rotated, da_full=da_full,
        kernel_torch=auto.of("w", kernel_pos), input_torch=auto.of("a", input_pos),
        stepped=stepped, loss_after=forward(stepped).loss,
        kernel_nudge=nudge(ex, kernel_grad.target), input_nudge=nudge(ex, input_grad.target),
    )  # fmt: skip
