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


@pytest.mark.parametrize(("text", "words"), [
    ("Now look at a21.", "Now look at a two one."),
    ("Its weight is v3.", "Its weight is v three."),
    ("δ01 and δᵢⱼ and delta_ij", "delta zero one and delta i j and delta i j"),
    ("Each h_k gets v_k: k = 2i + j.", "Each h k gets v k: k equals two i plus j."),
    ("The slope is h(1 - h).", "The slope is h times one minus h."),
    ("σ′(z) = h(1 − h)", "sigma prime of z equals h times one minus h"),
    ("pad with k-1 zeros", "pad with k minus one zeros"),
    ("∂L/∂a₂₁ = -0.0295", "dee L by dee a two one equals minus zero point zero two nine five"),
    ("20, 120 and 1234 epochs", "twenty, one hundred and twenty and one thousand two hundred and thirty-four epochs"),
    ("a fully-connected layer, y-hat", "a fully-connected layer, y hat"),
])
def test_indexed_names_and_formula_minus_are_read_aloud(text, words):
    assert spoken(text) == words


@pytest.mark.parametrize(("text", "words"), [
    ("σ' and σ′", "sigma prime and sigma prime"),
    ("Σ v and ∑ v", "the sum of v and the sum of v"),
    ("a → b and w ← w", "a to b and w from w"),
    ("a × b · c", "a times b times c"),
    ("k ≈ 3, k ≤ 4, k ≥ 2", "k about three, k at most four, k at least two"),
    ("✓ A & B", "checked A and B"),
    ("η θ λ α", "eta theta lambda alpha"),
    ("∂L and δ", "partial L and delta"),
    ("y_hat", "y hat"),
])
def test_every_symbol_is_said_as_a_word(text, words):
    assert spoken(text) == words


@pytest.mark.parametrize(("text", "words"), [
    ("dL/dw", "dee L by dee w"),
    ("dŷ/dz and dL/dw_{mn}", "dee y hat by dee z and dee L by dee w m n"),
    ("σ2 and σ₁ and sigma_ij", "sigma two and sigma one and sigma i j"),
    ("w_{12}", "w one two"),
    ("log(x) exp(z) sigma(z)", "log of x exp of z sigma of z"),
    ("3(a)", "three times a"),
    ("a 2x3 kernel and a 3 × 5 grid", "a two by three kernel and a three by five grid"),
    ("−ab", "minus ab"),
    ("x/y", "x over y"),
    ("foo_bar", "foo bar"),
    ("a21, then b", "a two one, then b"),
    ("1−h and a − b", "one minus h and a minus b"),
])
def test_formula_pieces_read_aloud(text, words):
    assert spoken(text) == words


@pytest.mark.parametrize(("text", "words"), [
    ("1100", "one thousand one hundred"),
    ("1000000000", "one billion"),
    ("2000000000", "two billion"),
    ("1234567891", "one billion two hundred and thirty-four million five hundred and sixty-seven thousand "
                   "eight hundred and ninety-one"),
    (" 70 ", "seventy"),
    ("1.0", "one point zero"),
    ("7.25", "seven point two five"),
])
def test_large_numbers_and_padding(text, words):
    assert number_words(text) == words
