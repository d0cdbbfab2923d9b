"""Every way a number is written, defined once: documents, the screen, the example's own values, small changes."""

__all__ = ["DECIMALS", "SIGNIFICANT", "change", "fixed", "given", "latex_number", "number"]

SIGNIFICANT = 5  # digits of a computed number in documents: derivation, answer key, check report, hand-outs
DECIMALS = 4  # decimals of a computed number on screen (videos, deck): a fixed width keeps grid columns aligned


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


def fixed(x: float) -> str:
    """A computed number as the videos and the deck show it: four decimals, never '-0' ('-0.0954', '0.4329')."""
    out = f"{float(x):.{DECIMALS}f}"
    return out.replace("-", "", 1) if float(out) == 0.0 else out


def given(x: float) -> str:
    """A number given by the example file, as written there ('0.2', '-0.3', '1')."""
    out = f"{float(x):.6g}"
    return "0" if out == "-0" else out


def change(x: float) -> str:
    """A small change (a nudge's effect) with six decimals: '0.000288', '-0.000294'."""
    out = f"{float(x):.6f}"
    return out.replace("-", "", 1) if float(out) == 0.0 else out
