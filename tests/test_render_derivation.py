"""The written derivation: its numbers, its LaTeX delimiters, and the `derivation` command."""

import errno
import re

import pytest
from click.testing import CliRunner

import render.files.atomic as atomic_module
from cli.derivation import derivation
from cli.main import cli
from model.conv import DEFAULT_EXAMPLE_PATH, EXAMPLE_ENV_VAR, autograd_gradients, gradient, load_example, target_names
from render.text.derivation import derivation_markdown, write_derivation
from render.text.numbers import latex_number as _fmt


@pytest.fixture(scope="module")
def example():
    return load_example(DEFAULT_EXAMPLE_PATH)


@pytest.fixture(scope="module")
def text(example):
    return derivation_markdown(example)


def test_markdown_ends_each_target_with_its_value_and_the_autograd_value(example, text):
    check = autograd_gradients(example)
    w00, a21 = gradient(example, "w00").value, gradient(example, "a21").value
    assert _fmt(w00) == "0.028810" and _fmt(a21) == "-0.029476"
    assert f"&= {_fmt(w00)}\n\\end{{aligned}}" in text
    assert f"&= {_fmt(a21)}\n\\end{{aligned}}" in text
    assert f"| ${_fmt(w00)}$ | ${_fmt(float(check.dw[0, 0]))}$ |" in text
    assert f"| ${_fmt(a21)}$ | ${_fmt(float(check.da[2, 1]))}$ |" in text


def test_markdown_shows_the_chain_rule_and_the_numbers(example, text):
    assert r"\frac{\partial z_{ij}}{\partial w_{00}}" in text
    assert r"\partial z_{ij} / \partial a_{21} = w_{2-i,1-j}" in text
    assert r"\delta_{00} \cdot w_{21} + \delta_{01} \cdot w_{20} + \delta_{10} \cdot w_{11} + \delta_{11} \cdot w_{10}" in text
    assert r"\delta_{ij} \cdot a_{i+m,j+n}" in text
    assert r"\hat y - y = 0.51432 - 1 = -0.48568" in text
    assert r"w = \begin{bmatrix} 0.5 & -0.3 & 0.2 \\ -0.4 & 0.6 & 0.1 \\ 0.3 & -0.2 & -0.5 \end{bmatrix}" in text


def _check_delimiters(text: str) -> None:
    lines = text.split("\n")
    opened, in_env = False, 0
    for number, line in enumerate(lines):
        if "$$" in line:
            assert line == "$$", f"line {number}: $$ must stand alone: {line!r}"
            if not opened:
                assert number == 0 or lines[number - 1] == "", f"line {number}: no blank line before $$"
            else:
                assert number == len(lines) - 1 or lines[number + 1] == "", f"line {number}: no blank line after $$"
            opened = not opened
            continue
        if opened:
            in_env += line.count(r"\begin{aligned}") - line.count(r"\end{aligned}")
            if line.rstrip().endswith("\\\\"):
                assert in_env > 0, f"line {number}: \\\\ outside aligned"
            continue
        assert line.count("$") % 2 == 0, f"line {number}: unbalanced $: {line!r}"
        for math in re.findall(r"\$([^$]*)\$", line):
            assert math and math == math.strip(), f"line {number}: inline math must not start or end with a space"
    assert not opened, "a $$ block is never closed"


def test_dollar_delimiters_are_balanced_and_display_blocks_stand_alone(text):
    _check_delimiters(text)
    assert text.count("\n$$\n") >= 10
    assert r"\begin{align}" not in text


@pytest.mark.parametrize("n,k", [(4, 3), (5, 2)])
def test_every_target_name_can_be_derived(example, tmp_path, n, k):
    import numpy as np

    from model.conv import ConvExample

    ex = example
    if (n, k) != (4, 3):
        rng = np.random.default_rng(0)
        ex = ConvExample(a=rng.uniform(0, 1, (n, n)), w=rng.uniform(-1, 1, (k, k)), b=0.1, v=rng.uniform(-1, 1, 16), c=0.0, y=0)
    for name in target_names(ex):
        text = derivation_markdown(ex, (name,))
        _check_delimiters(text)
        assert f"&= {_fmt(gradient(ex, name).value)}" in text or f"= {_fmt(gradient(ex, name).value)}\n$$" in text


def test_bad_target_is_refused(example):
    with pytest.raises(ValueError, match=r"target 'w33' is outside the 3x3 kernel\. Got row 3, column 3\."):
        derivation_markdown(example, ("w00", "w33"))
    with pytest.raises(ValueError, match=r"targets must name at least one gradient"):
        derivation_markdown(example, ())


def test_cli_writes_the_markdown_file(tmp_path, example, monkeypatch):
    monkeypatch.delenv(EXAMPLE_ENV_VAR, raising=False)
    out = tmp_path / "derivation.md"
    result = CliRunner().invoke(derivation, ["--out", str(out), "--target", "w00", "--target", "a21"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == derivation_markdown(example, ("w00", "a21"))
    assert [p.name for p in tmp_path.iterdir()] == ["derivation.md"]


def test_cli_prints_to_stdout_by_default(example, monkeypatch):
    monkeypatch.delenv(EXAMPLE_ENV_VAR, raising=False)
    result = CliRunner().invoke(derivation, ["--target", "b"])
    assert result.exit_code == 0
    assert result.stdout == derivation_markdown(example, ("b",))


def test_cli_refuses_a_missing_directory_and_leaves_nothing(tmp_path):
    result = CliRunner().invoke(cli, ["derivation", "--out", str(tmp_path / "missing" / "d.md")])
    assert result.exit_code == 2
    assert result.stderr == f"error: derivation directory must exist. Got '{tmp_path / 'missing'}' instead.\n"
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_a_directory_and_a_bad_example(tmp_path):
    result = CliRunner().invoke(cli, ["derivation", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "derivation path must be a file, not a directory" in result.stderr
    result = CliRunner().invoke(cli, ["derivation", "--example", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "backprop example file must exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_failed_write_removes_the_temporary_file(tmp_path, example, monkeypatch):
    def _fail(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_module.os, "replace", _fail)
    with pytest.raises(OSError, match=r"cannot write '.*d\.md': No space left on device\."):
        write_derivation(tmp_path / "d.md", example)
    assert list(tmp_path.iterdir()) == []
