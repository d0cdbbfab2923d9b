"""Every line of the script, filled with real numbers, reads aloud with no code-like token left."""

import re

import numpy as np
import pytest

from model.conv import ConvExample, load_example
from model.scene_numbers import scene_numbers
from render.speech.spoken import spoken
from scenes import script

_LEFT_OVER = re.compile(r"[A-Za-z][0-9]|[0-9][A-Za-z]|[0-9]|_|\s-\s|[^A-Za-z ,.;:?!'\-]")


def _five_by_five() -> ConvExample:
    a = (np.arange(25).reshape(5, 5) % 7) / 10
    return ConvExample(a=a, w=np.array([[0.5, -0.3], [-0.4, 0.6]]), b=0.1, v=np.linspace(-0.8, 0.7, 16), c=0.2, y=0)


class _Facts(dict):
    """Any placeholder filled with a value of the kind it names: numbers signed and not, names with indices."""

    def __missing__(self, key: str) -> str:
        if key in ("kernel", "target"):
            return "w12"
        if key in ("input",):
            return "a21"
        if "value" in key or "loss" in key or key.startswith("d"):
            return "-0.0295"
        return "120" if key in ("points", "epochs") else "1234" if key == "train" else "20"


def _script_lines() -> list[str]:
    lines = []
    for name in dir(script):
        value = getattr(script, name)
        if isinstance(value, dict) and name.isupper() and name != "BACKPROP":
            for entry in value.values():
                lines += list(entry) if isinstance(entry, tuple) else [entry]
        elif isinstance(value, str) and name.isupper():
            lines.append(value)
    return [line.format_map(_Facts()) for line in lines]


def _lesson_lines(numbers) -> list[str]:
    """The backprop lesson's phrases, filled with this example's own numbers (every value model/ computed)."""
    (mm, nn), (p, q) = numbers.kernel_pos, numbers.input_pos
    facts = _Facts(k=numbers.example.k, m=numbers.m, n=numbers.example.n, y=numbers.example.y, kernel=f"w{mm}{nn}",
                   input=f"a{p}{q}", row=p, col=q, eta=f"{numbers.example.eta:g}", loss=f"{numbers.fwd.loss:.4f}",
                   loss_after=f"{numbers.loss_after:.4f}", kernel_value=f"{numbers.kernel_grad.value:.4f}",
                   input_value=f"{numbers.input_grad.value:.4f}", windows=len(numbers.input_grad.terms))
    lines = []
    for entry in script.BACKPROP.values():
        lines += list(entry) if isinstance(entry, tuple) else [entry]
    return [line.format_map(facts) for line in lines]


def _leftovers(lines: list[str]) -> list[tuple[str, str]]:
    return [(line, spoken(line)) for line in lines if _LEFT_OVER.search(spoken(line))]


def test_every_lecture_and_replay_line_reads_aloud():
    assert _leftovers(_script_lines()) == []


@pytest.mark.parametrize("example", ["builtin", "five"])
def test_every_lesson_line_reads_aloud_with_the_examples_numbers(example):
    ex = load_example(None) if example == "builtin" else _five_by_five()
    numbers = scene_numbers(ex, "w00", "a21") if example == "builtin" else scene_numbers(ex, "w10", "a31")
    assert _leftovers(_lesson_lines(numbers)) == []
