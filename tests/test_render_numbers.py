"""The one number format: 5 significant digits, exact short values kept short, LaTeX exponents in formulas."""

from render.text.numbers import latex_number, number


def test_five_significant_digits_and_short_inputs():
    assert number(0.2) == "0.2" and number(-0.27000000000000002) == "-0.27" and number(1.0) == "1"
    assert number(0.42800387) == "0.42800" and number(0.028809657881357115) == "0.028810"
    assert number(123456.7) == "1.2346e+05" and number(-1.23456e-5) == "-1.2346e-05"
    assert number(-0.0) == "0" and number(1e-300) == "1e-300"


def test_latex_writes_the_exponent_as_a_power_of_ten():
    assert latex_number(-1.23456e-5) == r"-1.2346 \times 10^{-5}" and latex_number(123456.7) == r"1.2346 \times 10^{5}"
    assert latex_number(0.028809657881357115) == "0.028810" and latex_number(-0.0) == "0"
