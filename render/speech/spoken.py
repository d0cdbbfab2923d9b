"""Turn narration text into words a voice reads aloud: numbers as a person says them, symbols as words."""

import re

__all__ = ["number_words", "spoken"]

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"), (100, "hundred"))

# Symbols, longest first where one is a prefix of another; each becomes the words a teacher says.
_SYMBOLS = (
    ("σ′", " sigma prime "), ("σ'", " sigma prime "), ("ŷ", " y hat "), ("y-hat", "y hat"), ("y_hat", "y hat"),
    ("∂", " partial "), ("δ", " delta "), ("σ", " sigma "), ("Σ", " the sum of "), ("∑", " the sum of "),
    ("→", " to "), ("←", " from "), ("×", " times "), ("·", " times "), ("≈", " about "), ("≤", " at most "),
    ("≥", " at least "), ("=", " equals "), ("+", " plus "), ("✓", " checked "), ("%", " percent"),
    ("&", " and "), ("η", " eta "), ("θ", " theta "), ("λ", " lambda "), ("α", " alpha "),
)
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_DERIVATIVE = re.compile(r"\bd([A-Za-z])\s*/\s*d([A-Za-z])(\d*)\b")  # dL/dw00
_SUBSCRIPTED = re.compile(r"\b([A-Za-z])_?\{?(\d{2,3}|[ij]{2})\}?(?![\w.])")  # w00, a21, delta_ij
_INDEX = re.compile(r"\s*_\{?([a-z0-9]{1,3})\}?")  # delta_ij, z_{12}
_BY = re.compile(r"\b(\d+)\s*[x×]\s*(\d+)\b")  # 4x4
_NUMBER = re.compile(r"(?<![\w.])([-−]?)(\d+)(?:\.(\d+))?(?![\w])")


def _integer_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    for scale, name in _SCALES:
        if n >= scale:
            head, rest = divmod(n, scale)
            tail = "" if rest == 0 else (" and " if rest < 100 else " ") + _integer_words(rest)
            return f"{_integer_words(head)} {name}{tail}"
    raise AssertionError(n)  # unreachable: every n >= 100 meets a scale


def number_words(text: str) -> str:
    """'-0.0954' -> 'minus zero point zero nine five four'; '70' -> 'seventy'."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"number must look like -12.34. Got {text!r} instead.")
    sign, whole, decimals = match.groups()
    words = _integer_words(int(whole))
    if decimals:
        words += " point " + " ".join(_ONES[int(d)] for d in decimals)
    return ("minus " if sign else "") + words


def _digits(indices: str) -> str:
    return " ".join(_ONES[int(c)] if c.isdigit() else c for c in indices)


def spoken(text: str) -> str:
    """The words a voice should say for `text` (subtitle text stays as written)."""
    out = text.translate(_SUBSCRIPT_DIGITS)
    out = _DERIVATIVE.sub(lambda m: f"dee {m[1]} by dee {m[2]} {_digits(m[3])}".rstrip(), out)
    out = _BY.sub(lambda m: f"{m[1]} by {m[2]}", out)
    for symbol, words in _SYMBOLS:
        out = out.replace(symbol, words)
    out = _INDEX.sub(lambda m: f" {_digits(m[1])}", out)
    out = _SUBSCRIPTED.sub(lambda m: f"{m[1]} {_digits(m[2])}", out)
    out = _NUMBER.sub(lambda m: number_words(m[0]), out)
    out = out.replace("−", " minus ").replace("/", " over ")
    return re.sub(r"\s+", " ", out).replace(" ,", ",").replace(" .", ".").strip()
