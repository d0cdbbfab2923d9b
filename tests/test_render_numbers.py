"""The one number format: 5 significant digits, exact short values kept short, LaTeX exponents in formulas."""

from render.text.numbers import change, fixed, given, latex_number, number


def test_five_significant_digits_and_short_inputs():
    assert number(0.2) == "0.2" and number(-0.27000000000000002) == "-0.27" and number(1.0) == "1"
    assert number(0.42800387) == "0.42800" and number(0.028809657881357115) == "0.028810"
    assert number(123456.7) == "1.2346e+05" and number(-1.23456e-5) == "-1.2346e-05"
    assert number(-0.0) == "0" and number(1e-300) == "1e-300"


def test_latex_writes_the_exponent_as_a_power_of_ten():
    assert latex_number(-1.23456e-5) == r"-1.2346 \times 10^{-5}" and latex_number(123456.7) == r"1.2346 \times 10^{5}"
    assert latex_number(0.028809657881357115) == "0.028810" and latex_number(-0.0) == "0"


def test_screen_numbers_have_four_decimals_and_no_negative_zero():
    assert [fixed(x) for x in (0.028809658, -0.0294759, 1, -0.00004, 0.0)] == ["0.0288", "-0.0295", "1.0000", "0.0000", "0.0000"]


def test_given_values_stay_as_written_and_changes_keep_six_decimals():
    assert [given(x) for x in (0.2, -0.3, 1.0, -0.0)] == ["0.2", "-0.3", "1", "0"]
    assert [change(x) for x in (0.00028825, -0.000294, -1e-9)] == ["0.000288", "-0.000294", "0.000000"]
