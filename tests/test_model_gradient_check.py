"""The on-screen check: closed-form gradients against torch autograd, a comparison that can fail."""

import numpy as np
import pytest

from model.conv import load_example
from model.gradient_check import gradient_check


@pytest.mark.parametrize("target", ["w00", "a21", "v3", "b", "c"])
def test_homework_answers_agree_with_autograd(target):
    check = gradient_check(load_example(None), target)
    assert check.agrees and check.target == target
    assert check.value == pytest.approx(check.autograd, rel=1e-9)


def test_a_disagreement_is_reported(monkeypatch):
    import model.gradient_check as module

    real = module.gradient

    def off(ex, target):
        g = real(ex, target)
        return type(g)(g.target, g.value + 1e-3, g.terms)

    monkeypatch.setattr(module, "gradient", off)
    check = gradient_check(load_example(None), "w00")
    assert not check.agrees and np.isclose(check.value - check.autograd, 1e-3)
