"""The numbers each backprop beat shows on screen, as label and value rows for the speaker notes."""

import numpy as np

from model.scene_numbers import SceneNumbers

__all__ = ["beat_numbers"]


def _f(x: float) -> str:
    out = f"{float(x):.4f}"  # four decimals, as the scenes show a computed number
    return "0.0000" if out == "-0.0000" else out


def _grid(values: np.ndarray) -> str:
    rows = np.atleast_2d(values)
    return " / ".join("  ".join(_f(x) for x in row) for row in rows)


def beat_numbers(numbers: SceneNumbers, name: str) -> list[tuple[str, str]]:
    """Label and value of each number the beat `name` puts on screen (rows of a map joined by ' / ')."""
    ex, fwd, grads = numbers.example, numbers.fwd, numbers.grads
    kernel, inp = numbers.kernel_grad, numbers.input_grad
    rows = {
        "pieces": [("a", _grid(ex.a)), ("w", _grid(ex.w)), ("b", _f(ex.b))],
        "slide": [("z", _grid(fwd.z))],
        "sigmoid": [("h = σ(z)", _grid(fwd.h))],
        "head": [("v", _grid(ex.v)), ("c", _f(ex.c)), ("s", _f(fwd.s))],
        "loss": [("ŷ", _f(fwd.y_hat)), ("y", str(ex.y)), ("L", _f(fwd.loss))],
        "output_gradient": [("∂L/∂ŷ", _f(numbers.dl_dyhat)), ("∂ŷ/∂s", _f(numbers.dyhat_ds)), ("ŷ − y", _f(grads.error))],
        "sigmoid_slope": [("σ'(z) = h(1 − h)", _grid(fwd.sigma_prime))],
        "deltas": [("δ", _grid(grads.delta))],
        "kernel_gradient": [*((f"δ{t.i}{t.j} · {t.factor_name}", _f(t.value)) for t in kernel.terms),
                            (f"∂L/∂{kernel.target}", _f(kernel.value))],
        "input_gradient": [*((f"δ{t.i}{t.j} · {t.factor_name}", _f(t.value)) for t in inp.terms),
                           (f"∂L/∂{inp.target}", _f(inp.value))],
        "full_convolution": [("w rotated 180°", _grid(numbers.w_rotated)), ("∂L/∂a", _grid(numbers.da_full))],
        "answers": [(f"∂L/∂{kernel.target}", f"{_f(kernel.value)} (autograd {_f(numbers.kernel_torch)})"),
                    (f"∂L/∂{inp.target}", f"{_f(inp.value)} (autograd {_f(numbers.input_torch)})")],
        "step": [("η", f"{float(ex.eta):.6g}"), ("L before", _f(fwd.loss)), ("L after", _f(numbers.loss_after))],
    }
    return rows.get(name, [])
