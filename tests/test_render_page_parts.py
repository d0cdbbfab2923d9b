"""The page's parts that need no browser: the formulas as HTML, the CNN's cells, the surface's encoding, the --example option."""

import base64
import json
import re

import numpy as np
import pytest
from click.testing import CliRunner

from cli.main import cli
from model.conv import example_from_dict, load_example
from render.page.cnn import cnn_section
from render.page.notation import formula_html, page_formulas, tex_html
from render.page.surface import PROB_SCALE, encode_probs


def test_formulas_become_html_with_the_lessons_notation():
    assert formula_html("kernel") == (
        "\u2202L/\u2202w<sub>mn</sub> = \u03a3<sub>i=0</sub><sup>M\u22121</sup> \u03a3<sub>j=0</sub><sup>M\u22121</sup> "
        "\u03b4<sub>ij</sub> \u00b7 a<sub>i+m,j+n</sub>"
    )
    assert formula_html("delta").endswith("(\u0177 \u2212 y) \u00b7 v<sub>ij</sub> \u00b7 \u03c3\u2032(z<sub>ij</sub>)")
    assert "windows (i,j) covering (p,q)" in formula_html("input")
    assert all("\\" not in f and "{" not in f for f in page_formulas().values())
    assert set(page_formulas()) == {"delta", "dw", "da", "dv", "db", "dc"}
    with pytest.raises(ValueError, match=r"Got '\\\\alpha' instead"):
        tex_html(r"\alpha")


def test_every_cell_carries_its_key_for_a_five_by_five_input():
    ex = example_from_dict({"a": np.ones((5, 5)).tolist(), "w": [[1, 2], [3, 4]], "b": 0, "v": [0.5] * 16, "c": 1, "y": 1})
    text = cnn_section(ex)
    inputs = re.findall(r'<input data-key="([A-Za-z0-9_]+)" value="([^"]*)"', text)
    assert len(inputs) == 25 + 4 + 16 + 3 and ("w11", "4") in inputs and ("v15", "0.5") in inputs and ("y", "1") in inputs
    computed = set(re.findall(r'<(?:td|span) class="(?:fwd|grad)" data-key="([A-Za-z0-9_]+)"', text))
    want = {f"{p}{i}{j}" for p in ("z", "h", "delta") for i in range(4) for j in range(4)}
    want |= {f"dw{i}{j}" for i in range(2) for j in range(2)} | {f"da{i}{j}" for i in range(5) for j in range(5)}
    assert computed == want | {f"dv{t}" for t in range(16)} | {"s", "y_hat", "L", "db", "dc"}


def test_surface_probabilities_travel_as_uint16():
    probs = np.array([[0.0, 0.25], [0.5, 1.0]], dtype=np.float32)
    back = np.frombuffer(base64.b64decode(encode_probs(probs)), dtype="<u2").reshape(2, 2) / PROB_SCALE
    assert np.abs(back - probs).max() <= 0.5 / PROB_SCALE


def test_page_takes_another_example_and_refuses_one_too_large(tmp_path):
    from tests.test_render_page_cnn import _run  # the small synthetic run
    from render.files.snapshots import save_snapshots

    save_snapshots(tmp_path / "s.npz", _run())
    five = {"a": np.full((5, 5), 0.5).tolist(), "w": [[1, 0], [0, -1]], "b": 0.1, "v": [0.25] * 16, "c": 0, "y": 0}
    (tmp_path / "five.json").write_text(json.dumps(five))
    args = ["page", "--snapshots", str(tmp_path / "s.npz"), "--out", str(tmp_path / "p.html"), "--example", str(tmp_path / "five.json")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "p.html").read_text()
    assert 'data-key="a44"' in text and 'data-key="a55"' not in text and 'data-key="v15"' in text
    big = {"a": np.zeros((11, 11)).tolist(), "w": [[1, 0], [0, 1]], "b": 0, "v": [0] * 100, "c": 0, "y": 1}
    (tmp_path / "big.json").write_text(json.dumps(big))
    result = CliRunner().invoke(cli, [*args[:3], "--out", str(tmp_path / "q.html"), "--example", str(tmp_path / "big.json")])
    assert result.exit_code == 2 and result.stderr == "error: the page lays out inputs up to 10x10. Got 11x11 instead.\n"
    assert not (tmp_path / "q.html").exists()


def test_the_lessons_example_is_the_default():
    ex = load_example()
    assert f'<input data-key="w01" value="{ex.w[0, 1]}"' in cnn_section(ex)
