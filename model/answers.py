"""A student's answers file: JSON with any of z, h, s, y_hat, L, dL_ds, delta and gradient names, validated."""

import json
import math
from pathlib import Path

import numpy as np

from model.chain import CHAIN_KEYS, gradient_keys
from model.conv import target_names
from model.conv_example import MAX_JSON_BYTES, ConvExample, cut, describe_json, parse_json

__all__ = ["MAP_KEYS", "answers_from_dict", "read_answers"]

MAP_KEYS = ("z", "h", "delta")  # the M x M items; the rest are single numbers


def _is_number(value: object) -> bool:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        float(value)
    except OverflowError:  # an integer of hundreds of digits
        return False
    return True


def _number(key: str, value: object, source: str) -> float:
    if not _is_number(value):
        raise ValueError(f"{source}: item {key!r} must be a number. Got {describe_json(value)} instead.")
    if not math.isfinite(value):
        raise ValueError(f"{source}: item {key!r} must be a finite number. Got {value!r} instead.")
    return float(value)


def _map(key: str, value: object, m: int, source: str) -> np.ndarray:
    shape_ok = isinstance(value, list) and len(value) == m and all(isinstance(r, list) and len(r) == m for r in value)
    if not shape_ok:
        raise ValueError(f"{source}: item {key!r} must be a {m}x{m} list of numbers (the M x M map). Got {describe_json(value)} instead.")
    for i, row in enumerate(value):
        for j, x in enumerate(row):
            if not _is_number(x) or not math.isfinite(x):
                what = describe_json(x) if not _is_number(x) else repr(x)
                raise ValueError(f"{source}: item {key!r} must hold finite numbers. Got {what} at row {i}, column {j} instead.")
    return np.array(value, dtype=np.float64)


def _ranges(ex: ConvExample) -> str:
    names = target_names(ex)
    w, a = [x for x in names if x[0] == "w"], [x for x in names if x[0] == "a"]
    return f"{w[0]}..{w[-1]}, {a[0]}..{a[-1]}, v0..v{ex.m * ex.m - 1}, b, c"


def answers_from_dict(data: object, ex: ConvExample, source: str = "answers") -> dict[str, np.ndarray | float]:
    """Validate parsed JSON against the example's sizes; keys come back canonical, in chain order."""
    if not isinstance(data, dict):
        raise ValueError(f"{source} must be a JSON object like {{\"s\": 0.5, \"w00\": 0.03}}. Got {describe_json(data)} instead.")
    if not data:
        raise ValueError(f"{source} must give at least one item ({', '.join(CHAIN_KEYS)} or a gradient name). Got an empty object.")
    steps, grads = {}, {}
    for key, value in data.items():
        if key in MAP_KEYS:
            steps[key] = _map(key, value, ex.m, source)
        elif key in CHAIN_KEYS:
            steps[key] = _number(key, value, source)
        else:
            try:
                ((name, _, _),) = gradient_keys(ex, [key])
            except ValueError:
                raise ValueError(f"{source}: key {cut(key)} is not one of {', '.join(CHAIN_KEYS)} or a gradient of this example ({_ranges(ex)}).") from None
            if name in grads:
                raise ValueError(f"{source}: item {name!r} is given twice. Got {cut(key)} as well.")
            grads[name] = _number(key, value, source)
    order = {name: k for k, name in enumerate(target_names(ex))}
    return {key: steps[key] for key in CHAIN_KEYS if key in steps} | dict(sorted(grads.items(), key=lambda kv: order[kv[0]]))


def read_answers(path: str | Path, ex: ConvExample) -> dict[str, np.ndarray | float]:
    """Read and validate an answers JSON file."""
    path = Path(path)
    source = f"answers {str(path)!r}"
    if not path.is_file():
        raise ValueError(f"answers file must exist. Got {str(path)!r} instead.")
    with path.open("rb") as stream:
        data = stream.read(MAX_JSON_BYTES + 1)
    return answers_from_dict(parse_json(data, source), ex, source)
