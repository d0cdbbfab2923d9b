"""Turn narration text into words a voice reads aloud: numbers as a person says them, symbols as words."""

import re

__all__ = ["number_words", "spoken"]

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"), (100, "hundred"))

# Symbols, longest first where one is a prefix of another; each becomes the words a teacher says.
_SYMBOLS = (
    ("σ′", " sigma prime "), ("σ'", " sigma prime "), ("ŷ", " y hat "), ("y-hat", "y hat"),
    ("∂", " partial "), ("δ", " delta "), ("σ", " sigma "), ("Σ", " the sum of "), ("∑", " the sum of "),
    ("→", " to "), ("←", " from "), ("×", " times "), ("·", " times "), ("≈", " about "), ("≤", " at most "),
    ("≥", " at least "), ("=", " equals "), ("+", " plus "), ("✓", " checked "), ("%", " percent"),
    ("&", " and "), ("η", " eta "), ("θ", " theta "), ("λ", " lambda "), ("α", " alpha "),
)
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ᵢⱼₖₘₙ", "0123456789ijkmn"))
_LOWERED = re.compile(r"([A-Za-zδσ])([₀₁₂₃₄₅₆₇₈₉ᵢⱼₖₘₙ]+)")  # a₂₁, δᵢⱼ: written as a_21, δ_ij
_DERIVATIVE = re.compile(r"(?<![\w])[d∂]([A-Za-zŷ])\s*/\s*[d∂]([A-Za-zδσ])(?:_?\{?([0-9]{1,3}|[ijkmn]{1,2})\}?)?(?![\w])")
# a21, w00, v3, δ01 (digits, with or without an underscore); h_k, delta_ij, w_{mn} (letters, after an underscore)
_INDEXED = re.compile(r"(?<![\w′'])(delta|sigma|[A-Za-zδσ])(?:_?\{?([0-9]{1,3})\}?|_\{?([ijkmn]{1,2})\}?)(?![\w])")
_TIMES_LETTER = re.compile(r"(?<![\w])(\d+)([a-z])(?![\w])")  # 2i in k = 2i + j
_APPLIED = re.compile(r"(σ′|σ'|σ|sigma prime|sigma|log|exp)\(")  # σ(z): sigma of z
_PRODUCT = re.compile(r"(?<![\w])([A-Za-z]|\d+)\(")  # h(1 - h): h times one minus h
_MINUS = re.compile(r"(?<=[\w)]) [-−] (?=[\w(])")  # h - 1 inside a formula
_TIGHT_MINUS = re.compile(r"(?<![\w])([A-Za-z0-9])[-−]([A-Za-z0-9])(?![\w])")  # 1-h, k-1
_BY = re.compile(r"\b(\d+)\s*[x×]\s*(\d+)\b")  # 4x4
_NUMBER = re.compile(r"(?<![\w.])([-−]?)(\d+)(?:\.(\d+))?(?![\w])")


def _integer_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    scale, name = next((scale, name) for scale, name in _SCALES if n >= scale)  # every n >= 100 meets one
    head, rest = divmod(n, scale)
    tail = "" if rest == 0 else (" and " if rest < 100 else " ") + _integer_words(rest)
    return f"{_integer_words(head)} {name}{tail}"


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
    return " ".join(indices)  # each index apart: the number pass then reads every digit as its word


def _indexed(match: re.Match) -> str:
    return f" {match[1]} {_digits(match[2] or match[3])} "  # δ and σ become words with the other symbols


def spoken(text: str) -> str:
    """The words a voice should say for `text` (subtitle text stays as written)."""
    out = _LOWERED.sub(lambda m: m[1] + "_" + "".join(_SUBSCRIPTS[c] for c in m[2]), text)
    out = _DERIVATIVE.sub(lambda m: f" dee {m[1]} by dee {m[2]} {_digits(m[3] or '')} ", out)
    out = _BY.sub(lambda m: f"{m[1]} by {m[2]}", out)
    out = _INDEXED.sub(_indexed, out)
    out = _TIMES_LETTER.sub(lambda m: f"{m[1]} {m[2]}", out)
    out = _APPLIED.sub(lambda m: f" {m[1]} of (", out)
    out = _PRODUCT.sub(lambda m: f"{m[1]} times (", out)
    out = _TIGHT_MINUS.sub(lambda m: f"{m[1]} minus {m[2]}", _MINUS.sub(" minus ", out))
    for symbol, words in _SYMBOLS:
        out = out.replace(symbol, words)
    out = _NUMBER.sub(lambda m: number_words(m[0]), out)
    out = out.replace("−", " minus ").replace("/", " over ").replace("_", " ").replace("(", " ").replace(")", " ")
    return re.sub(r"\s+", " ", out).replace(" ,", ",").replace(" .", ".").replace(" :", ":").strip()
