"""`lesson train`: outputs, repeatability, bad CSV files (other bad inputs: tests/bad_inputs.py)."""

import subprocess
import sys

import imageio.v3 as iio
import numpy as np
import pytest
from click.testing import CliRunner

from cli.main import cli


def _run(args, cwd=None):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def _outputs(d, figure="fig.png"):
    return ["--gif", str(d / "t.gif"), "--figure", str(d / figure), "--snapshots", str(d / "s.npz"), "--quiet"]


def test_train_writes_gif_figure_and_snapshots(tmp_path):
    result = _run(["train", "--epochs", "12", *_outputs(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "epoch 12: train accuracy" in result.stdout and f"wrote {tmp_path / 't.gif'}" in result.stdout
    assert iio.imread(tmp_path / "t.gif", index=None).shape == (12, 480, 480, 3)
    assert iio.imread(tmp_path / "fig.png").shape == (600, 600, 4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.png", "s.npz", "t.gif"]


def test_same_command_twice_gives_identical_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    args = ["train", "--epochs", "40", "--seed", "3"]
    subprocess.run([sys.executable, "-m", "cli", *args, *_outputs(a)], check=True, capture_output=True)
    assert _run([*args, *_outputs(b)]).exit_code == 0  # once in a fresh process, once in this one
    for name in ("t.gif", "fig.png"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_snapshots_have_their_own_rate(tmp_path):
    result = _run(["train", "--epochs", "10", "--every", "5", "--snapshot-every", "2", *_outputs(tmp_path)])
    assert result.exit_code == 0, result.output
    assert iio.imread(tmp_path / "t.gif", index=None).shape[0] == 3  # epochs 1, 6 and the last
    assert np.load(tmp_path / "s.npz")["epoch"].tolist() == [1, 3, 5, 7, 9, 10]


@pytest.mark.parametrize("figure", ["fig.svg", "fig.pdf"])
def test_figure_format_follows_the_extension(tmp_path, figure):
    assert _run(["train", "--epochs", "3", *_outputs(tmp_path, figure)]).exit_code == 0
    head = (tmp_path / figure).read_bytes()[:200]
    assert (b"<svg" in head) if figure.endswith("svg") else head.startswith(b"%PDF")


def _bad_csv(tmp_path, text):
    path = tmp_path / "in.csv"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    "text, message",
    [
        ("x1,y\n1,2\n", "must have columns x1,x2,label. Missing x2,label."),
        ("x1,x2,label\n1,two,0\n3,4,1\n", "line 2 must hold numbers."),
        ("x1,x2,label\n1,2,0\n3,4,1\n5,6,3\n", "labels must be the integers 0..2. Got 0, 1, 3 instead."),
    ],
)
def test_bad_csv_is_one_line_and_writes_nothing(tmp_path, text, message):
    csv = _bad_csv(tmp_path, text)
    out = tmp_path / "out"
    out.mkdir()
    result = _run(["train", "--dataset", "csv", "--csv", csv, *_outputs(out)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert message in result.stderr and list(out.iterdir()) == []


def test_unwritable_output_directory(tmp_path):
    result = _run(["train", "--gif", "/proc/t.gif", "--figure", str(tmp_path / "f.png"), "--quiet"])
    assert result.exit_code == 1 and result.stderr.startswith("error: cannot write GIF in '/proc': ")


def test_divergence_is_one_line_naming_the_epoch(tmp_path):
    result = _run(["train", "--lr", "1e6", *_outputs(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: training diverged at epoch 1: train loss")
    assert result.stderr.count("\n") == 1


def test_help_lists_the_options():
    result = _run(["train", "--help"])
    for option in ("--dataset", "--seed", "--epochs", "--hidden", "--activation", "--lr", "--gif", "--figure"):
        assert option in result.stdout


def test_no_command_prints_the_help():
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 0 and "Commands:" in result.stdout and "train" in result.stdout and result.stderr == ""
