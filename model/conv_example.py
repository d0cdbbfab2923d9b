"""The homework's worked example: one input map, one kernel, a dense head, a label; read from JSON."""

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["DEFAULT_EXAMPLE_PATH", "DEFAULT_LEARNING_RATE", "DEFAULT_TARGETS", "EXAMPLE_ENV_VAR", "MAX_JSON_BYTES", "MAX_MAGNITUDE",
           "ConvExample", "cut", "describe_json", "example_from_dict", "load_example", "parse_json"]

DEFAULT_EXAMPLE_PATH = Path(__file__).resolve().parent.parent / "assets" / "backprop_example.json"
EXAMPLE_ENV_VAR = "BACKPROP_EXAMPLE"
_KEYS = ("a", "w", "b", "v", "c", "y")
DEFAULT_TARGETS = ("w00", "a21")  # the homework's two gradients: one kernel weight, one input cell
DEFAULT_LEARNING_RATE = 0.5  # eta of the one gradient-descent step the lesson ends on, when the file has no "eta"
MAX_MAGNITUDE = 1e6  # |a|, |w|, |b|, |v|, |c| at most this: a hand exercise, and every step of the chain stays finite
MAX_JSON_BYTES = 1_000_000  # an example or an answers file is a few hundred bytes
_MAX_DEPTH = 20  # JSON nesting; an example needs 3
_MAX_S = 30.0  # |s|: sigma(30) = 1 - 9e-14, still below 1, so 1 / (1 - y_hat) and every mistake's value stay finite


@dataclass(frozen=True)
class ConvExample:
    """An N x N input, a K x K kernel with bias, a dense head over the flattened map, and a label."""

    a: np.ndarray  # (N, N) float64 input feature map
    w: np.ndarray  # (K, K) float64 kernel, stride 1, no padding
    b: float  # conv bias, shared by every output position
    v: np.ndarray  # (M*M,) float64 head weights, row-major order of the flattened map
    c: float  # head bias
    y: int  # label, 0 or 1
    eta: float = DEFAULT_LEARNING_RATE  # learning rate of the lesson's gradient-descent step

    def __post_init__(self) -> None:
        a = np.array(self.a, dtype=np.float64)
        w = np.array(self.w, dtype=np.float64)
        v = np.array(self.v, dtype=np.float64).reshape(-1)
        if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] < 2:
            raise ValueError(f"input a must be a square N x N array with N >= 2. Got shape {a.shape} instead.")
        if w.ndim != 2 or w.shape[0] != w.shape[1] or w.shape[0] < 1:
            raise ValueError(f"kernel w must be a square K x K array. Got shape {w.shape} instead.")
        if w.shape[0] >= a.shape[0]:
            raise ValueError(
                f"kernel size K must be smaller than input size N (K < N). Got K={w.shape[0]}, N={a.shape[0]} instead."
            )
        m = a.shape[0] - w.shape[0] + 1
        if v.shape != (m * m,):
            raise ValueError(f"head weights v must hold M*M = {m * m} values. Got {v.size} instead.")
        if isinstance(self.y, bool) or self.y not in (0, 1):
            raise ValueError(f"label y must be 0 or 1. Got {self.y!r} instead.")
        if not _is_number(self.eta) or self.eta <= 0:
            raise ValueError(f"learning rate eta must be a positive number. Got {self.eta!r} instead.")
        for name, array in (("a", a), ("w", w), ("v", v), ("b", np.float64(self.b)), ("c", np.float64(self.c))):
            if not np.all(np.isfinite(array)):
                raise ValueError(f"{name} must hold finite numbers. Got {array!r} instead.")
        for name, array in (("a", a), ("w", w), ("v", v)):
            array.setflags(write=False)
            object.__setattr__(self, name, array)
        object.__setattr__(self, "b", float(self.b))
        object.__setattr__(self, "c", float(self.c))
        object.__setattr__(self, "y", int(self.y))
        object.__setattr__(self, "eta", float(self.eta))

    @property
    def n(self) -> int:
        """Side of the input map."""
        return int(self.a.shape[0])

    @property
    def k(self) -> int:
        """Side of the kernel."""
        return int(self.w.shape[0])

    @property
    def m(self) -> int:
        """Side of the output map, N - K + 1."""
        return self.n - self.k + 1

    def to_dict(self) -> dict:
        """Plain lists and numbers, the same keys as the JSON file ("eta" only when it is not the default)."""
        data = {"a": self.a.tolist(), "w": self.w.tolist(), "b": self.b, "v": self.v.tolist(), "c": self.c, "y": self.y}
        return data if self.eta == DEFAULT_LEARNING_RATE else {**data, "eta": self.eta}  # eta is optional in the file


def _is_number(value: object) -> bool:
    if not isinstance(value, (int, float, np.floating, np.integer)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value) and abs(float(value)) <= MAX_MAGNITUDE
    except OverflowError:  # an integer of hundreds of digits
        return False


def cut(text: object, limit: int = 60) -> str:
    """repr of a value for an error message, cut to `limit` characters and saying how long it was."""
    text = text if isinstance(text, str) else repr(text)
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}... ({len(text)} characters)"


def _depth(text: str) -> int:
    """Deepest nesting of brackets outside strings (so json.loads cannot recurse past Python's limit)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"key {cut(key)} is given twice")
        seen[key] = value
    return seen


def parse_json(data: bytes, source: str) -> object:
    """Parse a small JSON file strictly: UTF-8, at most MAX_JSON_BYTES, nested at most 20 deep, no repeated key."""
    if len(data) > MAX_JSON_BYTES:
        raise ValueError(f"{source} must be at most {MAX_JSON_BYTES} bytes. Got more than that instead.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(f"{source} must be UTF-8 text. Got byte 0x{err.object[err.start]:02x} at offset {err.start} instead.") from None
    if _depth(text) > _MAX_DEPTH:
        raise ValueError(f"{source} must be JSON nested at most {_MAX_DEPTH} deep. Got {_depth(text)} levels instead.")
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise ValueError(f"{source} must be valid JSON. Got an error instead: {error}.") from None
    except ValueError as error:  # a repeated key, an integer of more than 4300 digits
        raise ValueError(f"{source} must be valid JSON with each key once. Got an error instead: {str(error)[:120]}.") from None


def describe_json(value: object) -> str:
    """What a JSON value looks like, for an error message: 'a 2x3 list', 'a list of 3 numbers', 'the boolean true at row 0, column 1'."""
    if isinstance(value, list):
        if value and all(isinstance(row, list) for row in value):
            widths = {len(row) for row in value}
            shape = f"a {len(value)}x{widths.pop()} list" if len(widths) == 1 else f"a ragged list of {len(value)} rows"
            bad = next(((i, j, x) for i, row in enumerate(value) for j, x in enumerate(row) if not _is_number(x)), None)
            return shape if bad is None else f"{shape} holding {_one(bad[2])} at row {bad[0]}, column {bad[1]}"
        bad = next(((k, x) for k, x in enumerate(value) if not _is_number(x)), None)
        return f"a list of {len(value)} items" + ("" if bad is None else f" holding {_one(bad[1])} at index {bad[0]}")
    return _one(value)


def _one(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {json.dumps(value)}"
    if isinstance(value, int) and abs(value) > 10**15:
        return f"an integer of {len(str(abs(value)))} digits"
    if isinstance(value, (int, float)):
        return f"the number {value!r}" + (f" (beyond {MAX_MAGNITUDE:g})" if math.isfinite(value) and abs(value) > MAX_MAGNITUDE else "")
    if value is None:
        return "null"
    if isinstance(value, (list, dict)):
        return f"a {type(value).__name__}"
    if isinstance(value, str):
        return f"the string {cut(value)}"
    return f"{type(value).__name__} {cut(value)}"


def _matrix(value: object) -> list[list[float]] | None:
    """The value as a square list of lists of finite numbers, else None."""
    if not isinstance(value, list) or not value or not all(isinstance(row, list) for row in value):
        return None
    if any(len(row) != len(value) for row in value) or not all(_is_number(x) for row in value for x in row):
        return None
    return value


def _expected_k(n: int, v: object) -> int | None:
    """The kernel size implied by the input size and the number of head weights, if it is clear."""
    if isinstance(v, list):
        m = math.isqrt(len(v))
        if m * m == len(v) and 2 <= m < n:  # M = 1 would need K = N, which is no convolution
            return n - m + 1
    return None


def example_from_dict(data: dict, source: str = "backprop example") -> ConvExample:
    """Validate plain JSON data (keys a, w, b, v, c, y) and build a ConvExample."""
    if not isinstance(data, dict):
        raise ValueError(f"{source} must be a JSON object with keys {', '.join(_KEYS)}. Got {describe_json(data)} instead.")
    missing = [key for key in _KEYS if key not in data]
    if missing:
        raise ValueError(f"{source}: key {missing[0]!r} is missing. Got keys {cut(sorted(data), 120)} instead.")
    a = _matrix(data["a"])
    if a is None or len(a) < 2:
        raise ValueError(f"{source}: key 'a' must be a square NxN list of numbers (N >= 2). Got {describe_json(data['a'])} instead.")
    n = len(a)
    w = _matrix(data["w"])
    k_hint = _expected_k(n, data["v"])
    if w is None or len(w) >= n or (k_hint is not None and len(w) != k_hint):
        wanted = f"a {k_hint}x{k_hint}" if k_hint is not None else f"a square KxK (K < {n})"
        raise ValueError(f"{source}: key 'w' must be {wanted} list of numbers. Got {describe_json(data['w'])} instead.")
    m = n - len(w) + 1
    v = data["v"]
    if not isinstance(v, list) or len(v) != m * m or not all(_is_number(x) for x in v):
        raise ValueError(f"{source}: key 'v' must be a list of {m * m} numbers (M*M, M={m}). Got {describe_json(v)} instead.")
    for key in ("b", "c"):
        if not _is_number(data[key]):
            raise ValueError(f"{source}: key {key!r} must be a finite number. Got {describe_json(data[key])} instead.")
    y = data["y"]
    if isinstance(y, bool) or not isinstance(y, (int, float)) or y not in (0, 1):
        raise ValueError(f"{source}: key 'y' (the label) must be 0 or 1. Got {describe_json(y)} instead.")
    eta = data.get("eta", DEFAULT_LEARNING_RATE)
    if not _is_number(eta) or eta <= 0:
        raise ValueError(f"{source}: key 'eta' (the learning rate) must be a positive number. Got {describe_json(eta)} instead.")
    ex = ConvExample(a=np.array(a), w=np.array(w), b=data["b"], v=np.array(v), c=data["c"], y=int(y), eta=eta)
    from model.conv import forward  # conv imports this module

    s = forward(ex).s
    if not abs(s) <= _MAX_S:
        raise ValueError(f"{source}: the output s must lie within ±{_MAX_S:g} (beyond it y_hat rounds to {int(s > 0)} and "
                         f"the lesson's steps divide by zero). Got s = {s:.4g} instead.")
    return ex


def load_example(path: str | Path | None = None) -> ConvExample:
    """Read an example; None means $BACKPROP_EXAMPLE if set, else the bundled assets file."""
    if path is None:
        path = os.environ.get(EXAMPLE_ENV_VAR) or DEFAULT_EXAMPLE_PATH
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"backprop example file must exist. Got {str(path)!r} instead.")
    source = f"backprop example {str(path)!r}"
    with path.open("rb") as stream:
        data = stream.read(MAX_JSON_BYTES + 1)
    return example_from_dict(parse_json(data, source), source=source)
