"""The narration normaliser: numbers and symbols become the words a teacher says."""

import pytest

from render.speech.spoken import number_words, spoken


@pytest.mark.parametrize(("text", "words"), [
    ("-0.0954", "minus zero point zero nine five four"),
    ("−0.0954", "minus zero point zero nine five four"),
    ("70", "seventy"),
    ("100", "one hundred"),
    ("2025", "two thousand and twenty-five"),
    ("0.5", "zero point five"),
    ("1000001", "one million and one"),
])
def test_numbers_read_as_a_person_reads_them(text, words):
    assert number_words(text) == words


def test_not_a_number_names_the_text():
    with pytest.raises(ValueError, match="number must look like -12.34. Got 'x1' instead."):
        number_words("x1")


@pytest.mark.parametrize(("text", "words"), [
    ("dL/dw00 = −0.0954", "dee L by dee w zero zero equals minus zero point zero nine five four"),
    ("dL/da21", "dee L by dee a two one"),
    ("The prediction ŷ is σ of s.", "The prediction y hat is sigma of s."),
    ("its slope σ′", "its slope sigma prime"),
    ("δ_ij at z₁₂", "delta i j at z one two"),
    ("a 4x4 input", "a four by four input"),
    ("test accuracy 97%", "test accuracy ninety-seven percent"),
    ("y-hat minus y", "y hat minus y"),
])
def test_symbols_become_words(text, words):
    assert spoken(text) == words


def test_plain_words_are_left_alone():
    assert spoken("Each value is multiplied by its own weight.") == "Each value is multiplied by its own weight."
