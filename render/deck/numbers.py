"""The numbers each backprop beat shows on screen, as label and value rows for the speaker notes."""

import numpy as np

from model.scene_numbers import SceneNumbers
from render.text.numbers import fixed

__all__ = ["beat_numbers"]


def _grid(values: np.ndarray) -> str:
    rows = np.atleast_2d(values)
    return " / ".join("  ".join(fixed(x) for x in row) for row in rows)


def beat_numbers(numbers: SceneNumbers, name: str) -> list[tuple[str, str]]:
    """Label and value of each number the beat `name` puts on screen (rows of a map joined by ' / ')."""
    ex, fwd, grads = numbers.example, numbers.fwd, numbers.grads
    kernel, inp = numbers.kernel_grad, numbers.input_grad
    rows = {
        "pieces": [("a", _grid(ex.a)), ("w", _grid(ex.w)), ("b", fixed(ex.b))],
        "slide": [("z", _grid(fwd.z))],
        "sigmoid": [("h = σ(z)", _grid(fwd.h))],
        "head": [("v", _grid(ex.v)), ("c", fixed(ex.c)), ("s", fixed(fwd.s))],
        "loss": [("ŷ", fixed(fwd.y_hat)), ("y", str(ex.y)), ("L", fixed(fwd.loss))],
        "output_gradient": [("∂L/∂ŷ", fixed(numbers.dl_dyhat)), ("∂ŷ/∂s", fixed(numbers.dyhat_ds)), ("ŷ − y", fixed(grads.error))],
        "sigmoid_slope": [("σ'(z) = h(1 − h)", _grid(fwd.sigma_prime))],
        "deltas": [("δ", _grid(grads.delta))],
        "kernel_gradient": [*((f"δ{t.i}{t.j} · {t.factor_name}", fixed(t.value)) for t in kernel.terms),
                            (f"∂L/∂{kernel.target}", fixed(kernel.value))],
        "input_gradient": [*((f"δ{t.i}{t.j} · {t.factor_name}", fixed(t.value)) for t in inp.terms),
                           (f"∂L/∂{inp.target}", fixed(inp.value))],
        "full_convolution": [("w rotated 180°", _grid(numbers.w_rotated)), ("∂L/∂a", _grid(numbers.da_full))],
        "answers": [(f"∂L/∂{kernel.target}", f"{fixed(kernel.value)} (autograd {fixed(numbers.kernel_torch)})"),
                    (f"∂L/∂{inp.target}", f"{fixed(inp.value)} (autograd {fixed(numbers.input_torch)})")],
        "step": [("η", f"{float(ex.eta):.6g}"), ("L before", fixed(fwd.loss)), ("L after", fixed(numbers.loss_after))],
    }
    return rows.get(name, [])
