"""The backprop scene shows model/'s numbers, has one Scene class, and renders to the expected video."""

from configparser import ConfigParser
from pathlib import Path

import av
import numpy as np
import pytest

from model.conv import autograd_gradients, forward, gradient, gradients, load_example
from render.palette import PALETTE
from scenes import cnn_mobjects
from scenes.backprop import BEATS, Backprop
from scenes.cnn_diagram import ConvDiagram, expected_duration
from scenes.cnn_mobjects import fmt, require_latex, scene_numbers, text_row
from tests.scene_checks import render, scene_classes, subtitles, video_seconds

ROOT = Path(__file__).resolve().parents[1]
SCENE_FILE = ROOT / "scenes" / "backprop.py"


@pytest.fixture(scope="module")
def example():
    return load_example(None)


@pytest.fixture(scope="module")
def numbers(example):
    return scene_numbers(example, Backprop.kernel_target, Backprop.input_target)


@pytest.fixture(scope="module")
def duration(numbers):
    return expected_duration(numbers)


def test_forward_values_come_from_model(example, numbers):
    fwd = forward(example)
    for name in ("a", "w", "v"):
        np.testing.assert_array_equal(getattr(numbers, name), getattr(example, name))
    assert (numbers.b, numbers.c, numbers.y) == (example.b, example.c, example.y)
    for name in ("z", "h", "h_flat"):
        np.testing.assert_array_equal(getattr(numbers, name), getattr(fwd, name))
    assert (numbers.s, numbers.y_hat, numbers.loss) == (fwd.s, fwd.y_hat, fwd.loss)


def test_backward_values_come_from_model(example, numbers):
    grads, auto = gradients(example), autograd_gradients(example)
    assert numbers.error == grads.error
    np.testing.assert_array_equal(numbers.delta, grads.delta)
    assert numbers.kernel_grad == gradient(example, "w00")
    assert numbers.input_grad == gradient(example, "a21")
    assert (numbers.kernel_pos, numbers.input_pos) == ((0, 0), (2, 1))
    assert numbers.kernel_torch == float(auto.dw[0, 0])
    assert numbers.input_torch == float(auto.da[2, 1])
    assert [(t.i, t.j) for t in numbers.input_grad.terms] == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_shown_gradients_agree_with_autograd_to_the_shown_digits(numbers):
    assert fmt(numbers.kernel_grad.value) == fmt(numbers.kernel_torch)
    assert fmt(numbers.input_grad.value) == fmt(numbers.input_torch)


def test_fmt_trims_zeros_and_uses_a_true_minus():
    assert [fmt(x) for x in (0.1, -0.27, 0.028809, -0.0, 1)] == ["0.1", "−0.27", "0.0288", "0", "1"]


def test_text_row_keeps_one_group_per_piece():
    row = text_row(["z₀₀ =", "(−0.3)·0.8", "+ 0.1"])
    assert [len(piece) for piece in row] == [4, 10, 4]


def test_scene_file_defines_exactly_one_scene():
    assert scene_classes(SCENE_FILE) == ["Backprop"]


def test_beats_are_the_diagram_beats_in_order_each_with_a_scene_method():
    assert [name for name, _ in BEATS] == [*ConvDiagram.forward_beats, *ConvDiagram.backward_beats]
    for name, caption in BEATS:
        assert callable(getattr(ConvDiagram, name)), name
        assert callable(getattr(Backprop, f"show_{name}")), name
        assert caption


def test_expected_duration_is_a_compact_lesson(duration):
    assert 60.0 <= duration <= 90.0


def test_missing_latex_names_the_debian_packages(monkeypatch):
    monkeypatch.setattr(cnn_mobjects.shutil, "which", lambda name: None if name == "latex" else f"/usr/bin/{name}")
    with pytest.raises(RuntimeError, match="Got latex: missing, dvisvgm: /usr/bin/dvisvgm instead") as error:
        require_latex()
    assert "apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended" in str(error.value)
    assert str(error.value).endswith("texlive-fonts-recommended texlive-latex-extra dvisvgm`.")


def test_folder_config_uses_the_palette_background():
    parser = ConfigParser()
    parser.read(ROOT / "scenes" / "manim.cfg", encoding="utf-8")
    assert parser.get("CLI", "background_color").lower() == PALETTE.screen.lower()


@pytest.mark.slow
def test_render_has_expected_duration_and_one_subcaption_per_beat(tmp_path, duration):
    render("scenes/backprop.py", tmp_path)
    video = next(tmp_path.rglob("Backprop.mp4"))
    seconds = video_seconds(video)
    with av.open(str(video)) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert seconds == pytest.approx(duration, rel=0.1)
    assert frame.shape == (480, 854, 3)
    assert np.abs(frame[0, 0].astype(int) - [0x10, 0x14, 0x18]).max() <= 3  # PALETTE.screen background
    entries = subtitles(video, seconds)
    expected = [caption.format(kernel="w00", input="a21") for _, caption in BEATS]
    assert [entry.content for entry in entries] == expected
