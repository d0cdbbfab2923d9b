"""Check a student's answers against model.conv item by item, find the first wrong step and name the mistake."""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.answers import read_answers
from model.chain import CHAIN_KEYS, step_from
from model.conv import forward, gradient, gradients, load_example
from model.conv_example import ConvExample
from model.mistakes import MISTAKES, mistaken_values

__all__ = ["CheckReport", "ItemCheck", "Tolerance", "check_answers", "check_files", "reference_values"]


@dataclass(frozen=True)
class Tolerance:
    """A number is right when |given - expected| <= max(relative * |expected|, absolute)."""

    relative: float = 5e-3  # 3 significant digits of hand rounding (and a little rounding carried along the chain)
    absolute: float = 5e-4  # small values: 4 decimal places, with rounded terms summed

    def close(self, given: np.ndarray | float, expected: np.ndarray | float) -> np.ndarray:
        """Entry by entry: is `given` within tolerance of `expected`?"""
        given, expected = np.asarray(given, dtype=np.float64), np.asarray(expected, dtype=np.float64)
        return np.abs(given - expected) <= np.maximum(self.relative * np.abs(expected), self.absolute)


@dataclass(frozen=True)
class ItemCheck:
    """One answered item: what was given, what is right, and which known mistakes give the same wrong number."""

    key: str  # "z", "h", "s", "y_hat", "L", "dL_ds", "delta" or a gradient name such as "w00"
    given: float | list  # the student's number (or M x M list)
    expected: float | list  # model.conv's number (or M x M list)
    right: bool  # every entry within tolerance
    cell: tuple[int, int] | None = None  # first wrong entry of a map, row-major; None for numbers or right maps
    mistakes: tuple[str, ...] = ()  # names in model.mistakes.MISTAKES whose chain gives this wrong answer
    carried: bool = False  # wrong, but the right step applied to the student's own earlier numbers gives it


@dataclass(frozen=True)
class CheckReport:
    """The whole check as plain data; render.course.check_report writes it as text, Markdown or JSON."""

    items: tuple[ItemCheck, ...]  # in chain order: z, h, s, y_hat, L, dL_ds, delta, gradients
    tolerance: Tolerance = field(default_factory=Tolerance)
    mistake: str | None = None  # the known mistake that explains the answers best, if any
    mistake_description: str | None = None  # its one-sentence description

    @property
    def all_right(self) -> bool:
        """True when every given item is within tolerance."""
        return all(item.right for item in self.items)

    @property
    def first_wrong(self) -> ItemCheck | None:
        """The earliest wrong item in the chain, or None."""
        return next((item for item in self.items if not item.right), None)

    @property
    def right_before(self) -> tuple[str, ...]:
        """Keys of the items before the first wrong one (all of them right)."""
        keys = [item.key for item in self.items]
        first = self.first_wrong
        return tuple(keys[: keys.index(first.key)] if first else keys)


def reference_values(ex: ConvExample, targets: list[str]) -> dict[str, np.ndarray | float]:
    """The right value of every item, from model.conv."""
    fwd, grads = forward(ex), gradients(ex)
    values = {"z": fwd.z, "h": fwd.h, "s": fwd.s, "y_hat": fwd.y_hat, "L": fwd.loss, "dL_ds": grads.error, "delta": grads.delta}
    return values | {name: gradient(ex, name).value for name in targets}


def _plain(value: np.ndarray | float) -> float | list:
    return np.asarray(value).tolist()  # a float for a number, nested lists for a map


def _first_cell(ok: np.ndarray) -> tuple[int, int] | None:
    if ok.ndim != 2 or ok.all():
        return None
    i, j = np.argwhere(~ok)[0]
    return int(i), int(j)


def check_answers(ex: ConvExample, answers: dict, tolerance: Tolerance | None = None) -> CheckReport:
    """Compare validated answers (model.answers) with model.conv; diagnose the first wrong step."""
    tol = tolerance or Tolerance()
    targets = [key for key in answers if key not in CHAIN_KEYS]
    right = reference_values(ex, targets)
    worlds = {name: mistaken_values(ex, targets, name) for name in MISTAKES}
    own = right | answers  # the student's numbers where given, the right ones elsewhere
    items = []
    for key, given in answers.items():
        ok = tol.close(given, right[key])
        matches, carried = (), False
        if not ok.all():
            matches = tuple(
                name
                for name, world in worlds.items()
                if tol.close(given, world[key]).all() and not tol.close(world[key], right[key]).all()
            )
            step = step_from(ex, key, own)
            carried = step is not None and bool(tol.close(given, step).all()) and not tol.close(step, right[key]).all()
        items.append(ItemCheck(key, _plain(given), _plain(right[key]), bool(ok.all()), _first_cell(ok), matches, carried))
    report = CheckReport(items=tuple(items), tolerance=tol)
    first = report.first_wrong
    if first is None or not first.mistakes:
        return report

    def score(name: str) -> int:  # how many given items the mistake's chain reproduces
        return sum(bool(tol.close(answers[key], worlds[name][key]).all()) for key in answers)

    best = max(first.mistakes, key=score)  # max keeps the first (registry order) among equals
    return CheckReport(items=report.items, tolerance=tol, mistake=best, mistake_description=MISTAKES[best].description)


def check_files(example: str | Path, answers: str | Path, tolerance: Tolerance | None = None) -> CheckReport:
    """Read an example and an answers file, then check_answers."""
    ex = load_example(example)
    return check_answers(ex, read_answers(answers, ex), tolerance)
