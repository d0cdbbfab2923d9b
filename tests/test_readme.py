"""The README's Python example runs as written."""

import re
from pathlib import Path

import imageio.v3 as iio

README = Path(__file__).resolve().parents[1] / "README.md"


def test_python_example_runs(tmp_path, monkeypatch, capsys):
    code = re.search(r"```python\n(.*?)```", README.read_text(), re.S).group(1)
    assert len(code.strip().splitlines()) <= 12
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    exec(compile(code, "README.md", "exec"), {})
    assert "epoch 150: loss" in capsys.readouterr().out
    assert iio.imread(tmp_path / "out/moons.gif", index=None).shape[0] == 150
