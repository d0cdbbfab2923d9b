"""The one way a computed number is written: 5 significant digits, exact short values kept short."""

__all__ = ["SIGNIFICANT", "latex_number", "number"]

SIGNIFICANT = 5  # digits of a computed number wherever it is shown: derivation, answer key, check report, videos


def number(x: float) -> str:
    """A number to 5 significant digits ('0.028810', '-0.095387', '1.2346e-05'); exact short values stay short ('0.2')."""
    x = float(x)
    short = f"{x:.{SIGNIFICANT}g}"
    text = short if abs(float(short) - x) <= 1e-12 * max(1.0, abs(x)) else f"{x:#.{SIGNIFICANT}g}"
    if float(text) == 0.0:
        return "0"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa.rstrip('.')}e{exponent}"
    return text.rstrip(".")


def latex_number(x: float) -> str:
    """number(x) as LaTeX: '1.2346 \\times 10^{-5}' for scientific notation."""
    text = number(x)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"
