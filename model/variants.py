"""One fair hand-worked example per student: one-decimal numbers, no saturated sigmoid, no gradient near 0."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from model.chain import CHAIN_KEYS, gradient_keys, run_chain
from model.checker import Tolerance
from model.conv import gradient
from model.conv_example import ConvExample
from model.mistakes import MISTAKES, mistaken_values

__all__ = ["FairnessRules", "Variant", "draw_example", "fairness_problems", "make_variant", "make_variants"]

MAX_SIZE = 8  # inputs larger than 8x8 are no longer a hand exercise


@dataclass(frozen=True)
class FairnessRules:
    """What makes a hand-worked example fair; every generated variant passes all of them."""

    max_z: float = 2.5  # |z_ij| <= 2.5: sigma'(z) >= 0.07, no hidden sigmoid saturates
    max_s: float = 2.5  # |s| <= 2.5: |y_hat - y| >= 0.076, the output sigmoid does not saturate
    min_term: float = 1e-4  # every delta and every product of an asked gradient rounds to >= 0.0001 at 4 decimals
    min_gradient: float = 1e-2  # each asked gradient stands 20x above the checker's absolute tolerance
    tolerance: Tolerance = Tolerance()  # every known mistake must move an asked gradient by more than this


@dataclass(frozen=True)
class Variant:
    """One student's example."""

    index: int  # position in the class, from 0
    name: str  # the student's name, or "student-01", "student-02", ...
    example: ConvExample
    targets: tuple[str, ...]  # canonical names of the asked gradients
    draws: int  # examples drawn until this fair one


def _told_apart(a: dict, b: dict, keys: Sequence[str], tol: Tolerance) -> bool:
    return any(not tol.close(a[key], b[key]).all() for key in keys)


def fairness_problems(ex: ConvExample, targets: Sequence[str], rules: FairnessRules | None = None) -> list[str]:
    """Every rule the example breaks, as one line each; empty when the example is fair."""
    rules = rules or FairnessRules()
    names = [name for name, _, _ in gradient_keys(ex, targets)]
    values = run_chain(ex, names)
    problems = []
    if np.abs(values["z"]).max() > rules.max_z:
        problems.append(f"a hidden sigmoid saturates: max |z| = {np.abs(values['z']).max():.3f} > {rules.max_z}")
    if abs(values["s"]) > rules.max_s:
        problems.append(f"the output sigmoid saturates: |s| = {abs(values['s']):.3f} > {rules.max_s}")
    if np.abs(values["delta"]).min() < rules.min_term:
        problems.append(f"a delta rounds to 0: min |delta| = {np.abs(values['delta']).min():.2e} < {rules.min_term}")
    for name in names:
        grad = gradient(ex, name)
        if min(abs(t.value) for t in grad.terms) < rules.min_term:
            problems.append(f"a product of dL/d{name} rounds to 0 at 4 decimals")
        if abs(grad.value) < rules.min_gradient:
            problems.append(f"dL/d{name} = {grad.value:.2e} is close to 0 (< {rules.min_gradient})")
    worlds = {m: mistaken_values(ex, names, m) for m in MISTAKES}
    keys = [*CHAIN_KEYS, *names]
    shown = {m: w for m, w in worlds.items() if any(np.any(np.asarray(w[key]) != np.asarray(values[key])) for key in keys)}
    for m, world in shown.items():
        if not _told_apart(world, values, names, rules.tolerance):
            problems.append(f"mistake {m} does not change the asked gradients beyond the tolerance")
    order = list(shown)
    for x, m in enumerate(order):
        for other in order[x + 1 :]:
            if not _told_apart(shown[m], shown[other], keys, rules.tolerance):
                problems.append(f"mistakes {m} and {other} give the same answers")
    return problems


def _nonzero_tenths(rng: np.random.Generator, top: int, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """One-decimal numbers in +-0.1 .. +-top/10, never 0."""
    return rng.integers(1, top + 1, shape) * rng.choice([-1, 1], shape) / 10


def draw_example(rng: np.random.Generator, n: int, k: int, y: int) -> ConvExample:
    """One random one-decimal example (not yet checked for fairness)."""
    m = n - k + 1
    a = rng.integers(1, 10, (n, n)) / 10  # 0.1 .. 0.9, like pixel intensities
    w = _nonzero_tenths(rng, 9, (k, k))
    b = float(_nonzero_tenths(rng, 5))  # never 0, so a misplaced bias shows
    v = _nonzero_tenths(rng, 9, (m * m,))
    c = float(rng.integers(-5, 6) / 10)
    return ConvExample(a=a, w=w, b=b, v=v, c=c, y=y)


def _check_sizes(n: int, k: int) -> None:
    for name, value in (("input size", n), ("kernel size", k)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer. Got {value!r} instead.")
    if not 2 <= n <= MAX_SIZE:
        raise ValueError(f"input size must be between 2 and {MAX_SIZE}. Got {n} instead.")
    if k >= n:
        raise ValueError(f"kernel size must be smaller than the input size ({n}). Got {k} instead.")


def make_variant(seed: int, index: int, y: int, n: int, k: int, targets: Sequence[str],
                 name: str = "", rules: FairnessRules | None = None, max_draws: int = 20_000) -> Variant:
    """Draw examples from the stream (seed, index) until one is fair: the same arguments give the same example anywhere."""
    _check_sizes(n, k)
    rng = np.random.default_rng([seed, index])
    template = draw_example(np.random.default_rng(0), n, k, y)
    names = tuple(dict.fromkeys(key for key, _, _ in gradient_keys(template, targets)))
    if not names:
        raise ValueError(f"targets must name at least one gradient. Got {tuple(targets)!r} instead.")
    for draw in range(1, max_draws + 1):
        ex = draw_example(rng, n, k, y)
        if not fairness_problems(ex, names, rules):
            return Variant(index=index, name=name or f"student-{index + 1:02d}", example=ex, targets=names, draws=draw)
    raise ValueError(f"no fair example found in {max_draws} draws for input size {n}, kernel size {k}, targets {', '.join(names)}.")


def make_variants(count: int, seed: int, n: int, k: int, targets: Sequence[str],
                  names: Sequence[str] | None = None, rules: FairnessRules | None = None) -> list[Variant]:
    """A class of `count` fair variants; labels are balanced (half 0, half 1) and shuffled by the seed."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"count must be a positive integer. Got {count!r} instead.")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer. Got {seed!r} instead.")
    if names is not None and len(names) != count:
        raise ValueError(f"count must match the roster's {len(names)} names. Got {count} instead.")
    _check_sizes(n, k)
    labels = np.random.default_rng([seed, 2**32]).permutation([x % 2 for x in range(count)])  # a stream no student uses
    return [
        make_variant(seed, x, int(labels[x]), n, k, targets, name=names[x] if names else "", rules=rules)
        for x in range(count)
    ]
