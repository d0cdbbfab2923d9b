"""Numbers as a person reads them aloud, against a table written out by hand (not built from the code's lists)."""

import pytest

from render.speech.spoken import number_words, spoken

TABLE = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
    "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve", "13": "thirteen", "14": "fourteen",
    "15": "fifteen", "16": "sixteen", "17": "seventeen", "18": "eighteen", "19": "nineteen", "20": "twenty",
    "21": "twenty-one",
    "99": "ninety-nine", "100": "one hundred", "101": "one hundred and one", "102": "one hundred and two",
    "103": "one hundred and three", "104": "one hundred and four", "105": "one hundred and five",
    "106": "one hundred and six", "107": "one hundred and seven", "108": "one hundred and eight",
    "109": "one hundred and nine", "110": "one hundred and ten", "111": "one hundred and eleven",
    "112": "one hundred and twelve", "113": "one hundred and thirteen", "114": "one hundred and fourteen",
    "115": "one hundred and fifteen", "116": "one hundred and sixteen", "117": "one hundred and seventeen",
    "118": "one hundred and eighteen", "119": "one hundred and nineteen", "120": "one hundred and twenty",
    "121": "one hundred and twenty-one",
    "150": "one hundred and fifty", "1000": "one thousand", "1001": "one thousand and one",
    "1234": "one thousand two hundred and thirty-four", "3000": "three thousand",
    "10000": "ten thousand", "100000": "one hundred thousand", "1000000": "one million",
    "2000020": "two million and twenty", "-3": "minus three", "-120": "minus one hundred and twenty",
    "0.5": "zero point five", "0.0288": "zero point zero two eight eight",
    "-0.0295": "minus zero point zero two nine five", "12.05": "twelve point zero five",
}


@pytest.mark.parametrize(("digits", "words"), TABLE.items())
def test_number_words_read_as_a_person_says_them(digits, words):
    assert number_words(digits) == words


@pytest.mark.parametrize(("text", "said"), [
    ("After 20 epochs", "After twenty epochs"),
    ("all 120 of them", "all one hundred and twenty of them"),
    ("1234 points.", "one thousand two hundred and thirty-four points."),
    ("a loss of 0.6649,", "a loss of zero point six six four nine,"),
])
def test_numbers_inside_sentences(text, said):
    assert spoken(text) == said


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "--1"])
def test_a_non_number_is_refused_by_name(bad):
    with pytest.raises(ValueError, match="number must look like"):
        number_words(bad)
