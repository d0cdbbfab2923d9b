"""Walk tests/bad_inputs.py through the real command line: one line on stderr, the right status, old files kept."""

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.bad_inputs import CASES, Case

ROOT = Path(__file__).resolve().parents[1]
_N2 = {"a": [[0.1, 0.2], [0.3, 0.4]], "w": [[0.5]], "b": 0.1, "v": [0.1, 0.2, 0.3, 0.4], "c": 0.0, "y": 1}
_K2N2 = {**_N2, "w": [[0.5, 0.1], [0.2, 0.3]], "v": [0.1]}
_FAULT_AT = {  # where each output's bytes are written
    "gif": "render.gif.stream.GifStream.add",  # frames are written as they are encoded
    "figure": "matplotlib.figure.Figure.savefig",
    "snapshots": "numpy.lib.format.write_array",
    "derivation": "pathlib.Path.write_text",
    "folder": "tempfile.mkstemp",
}


def _snapshot_arrays(frames: int = 2, side: int = 8, wide: int | None = None) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    x_train, x_test = rng.normal(size=(6, 2)), rng.normal(size=(4, 2))
    return {
        "grid": np.array([-2.0, 2.0, -2.0, 2.0, side]), "epoch": np.arange(1, frames + 1),
        "probs": rng.random((frames, side, wide or side)).astype(np.float32),
        "train_pred": np.zeros((frames, 6), np.int64), "test_pred": np.zeros((frames, 4), np.int64),
        "x_train": x_train, "y_train": np.array([0, 1] * 3), "x_test": x_test, "y_test": np.array([0, 1] * 2),
        "meta": np.array(["circles", str(frames), "circles, hidden 4 tanh", "tanh"]), "hidden": np.array([4]),
        **{f: np.linspace(1, 0, frames) for f in ("train_loss", "test_loss", "train_acc", "test_acc")},
    }


def _example(**change) -> dict:
    ex = json.loads((ROOT / "assets" / "backprop_example.json").read_text())
    return {**ex, **change}


_FILES = {  # name -> text, for the JSON, CSV and roster cases
    "ex.json": lambda: json.dumps(_example()),
    "deep.json": lambda: "[" * 10000 + "]" * 10000,
    "dup.json": lambda: '{"w00": 5, "w00": 0.0288}',
    "dupex.json": lambda: json.dumps(_example())[:-1] + ', "y": 0}',
    "bigint.json": lambda: json.dumps(_example(b=0)).replace('"b": 0', '"b": ' + "9" * 400),
    "bigans.json": lambda: '{"w00": ' + "9" * 400 + "}",
    "bigv.json": lambda: json.dumps(_example(v=[1e308] * 4)),
    "huge_a.json": lambda: json.dumps(_example(a=[[1e308] * 4] * 4)),
    "sat.json": lambda: json.dumps(_example(a=[[1e6] * 4] * 4, w=[[1e6] * 3] * 3, b=1e6, v=[-1e6] * 4, c=-1e6, y=1)),
    "bool_a.json": lambda: json.dumps(_example(a=[[True] * 4] * 4)),
    "bigkey.json": lambda: json.dumps({"k" * 5_000_000: 1}),
    "longkey.json": lambda: json.dumps({"k" * 5000: 1}),
    "ex7.json": lambda: json.dumps({"a": [[0.1] * 7] * 7, "w": [[0.5, 0.1], [0.2, 0.3]], "b": 0.1, "v": [0.1] * 36, "c": 0.0, "y": 1}),
    "nanlabel.csv": lambda: "x1,x2,label\n" + "".join(f"{k * 0.1},{k % 3 * 0.2},{'nan' if k % 2 else 0}\n" for k in range(40)),
    "far.csv": lambda: "x1,x2,label\n" + "".join(f"{1e300 if k == 0 else k * 0.1},{k % 3 * 0.2},{k % 2}\n" for k in range(40)),
    "del.csv": lambda: "A\x7fda\n",
    "nel.csv": lambda: "A\x85da\n",
    "rlo.csv": lambda: "A\u202eda\n",
    "jose.csv": lambda: "Jos\u00e9\nJose\u0301\n",
    "emoji.csv": lambda: "\U0001f600" * 100 + "\n",
    "afile": lambda: "someone's file",
}


def _prepare(d: Path, name: str) -> None:
    path = d / name
    if name in _FILES:
        path.write_text(_FILES[name](), encoding="utf-8")
    elif name == "dangling":
        path.symlink_to(d / "nowhere")
    elif name == "class.json":
        path.mkdir()
    elif name in ("nanloss.npz", "infloss.npz"):
        arrays = _snapshot_arrays()
        key, value, at = ("train_loss", np.nan, 1) if name == "nanloss.npz" else ("test_loss", np.inf, 0)
        arrays[key][at] = value
        with open(path, "wb") as handle:
            np.savez(handle, **arrays)
    elif name == "old":
        for out in ("t.gif", "f.png", "s.npz"):
            (d / out).write_bytes(f"old {out}".encode())
    elif name.startswith("fifo"):
        os.mkfifo(path)
    elif name == "dev.gif":
        path.symlink_to("/dev/null")
    elif name == "adir":
        path.mkdir()
    elif name.endswith(".json"):
        path.write_text(json.dumps(_N2 if name == "n2.json" else _K2N2))
    elif name == "d.md":
        path.write_text("old derivation")
    elif name == "empty.npz":
        path.write_bytes(b"")
    elif name == "junk.npz":
        path.write_bytes(b"not a zip file at all\n" * 10)
    else:
        arrays = {"zero.npz": _snapshot_arrays(0), "wide.npz": _snapshot_arrays(2, 8, 4), "good.npz": _snapshot_arrays()}[name]
        with open(path, "wb") as handle:
            np.savez(handle, **arrays)


def _listing(d: Path) -> dict[str, bytes | str]:
    def content(p: Path):
        if p.is_symlink():
            return f"-> {os.readlink(p)}"
        return "dir" if p.is_dir() else "fifo" if p.is_fifo() else p.read_bytes()

    return {p.name: content(p) for p in sorted(d.iterdir())}


def _fault(monkeypatch, code: str, where: str) -> None:
    def fail(*args, **kwargs):
        raise OSError(getattr(errno, code), os.strerror(getattr(errno, code)))

    monkeypatch.setattr(_FAULT_AT[where], fail)


def _in_process(case: Case, args: list[str], monkeypatch) -> tuple[int, str]:
    if case.fault:
        _fault(monkeypatch, *case.fault)
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stderr


def _child(case: Case, args: list[str], d: Path) -> tuple[int, str]:
    command = [sys.executable, "-m", "cli", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT), **{k: v.format(d=d) for k, v in case.env}}
    if case.run == "process":
        with open("/dev/full", "w") as full:
            done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=120)
        return done.returncode, done.stderr
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(".lesson-tmp-") for p in d.iterdir()):  # the GIF is staged once training starts
        assert child.poll() is None and time.monotonic() < deadline, "the run ended before it could be interrupted"
        time.sleep(0.05)
    time.sleep(0.3)
    sent = time.monotonic()
    child.send_signal(getattr(signal, f"SIG{case.run.split(':')[1]}"))
    status = child.wait(timeout=30)
    assert time.monotonic() - sent < 1.5, "the run took more than a moment to stop"
    return status, child.stderr.read()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_or_fault_is_one_line(case, tmp_path, monkeypatch):
    d = tmp_path / "out"
    d.mkdir()
    for name in case.files:
        if not name.startswith("+"):
            _prepare(d, name)
    before = _listing(d)
    args = [a.format(d=d) for a in case.args]
    for key, value in case.env:
        monkeypatch.setenv(key, value.format(d=d))
    status, stderr = _in_process(case, args, monkeypatch) if case.run == "runner" else _child(case, args, d)
    assert stderr.startswith("error: " + case.message.format(d=d)), stderr
    assert stderr.count("\n") == 1 and status == case.status, (status, stderr)
    after = _listing(d)
    new = {name.lstrip("+") for name in case.files if name.startswith("+")}
    assert set(after) == set(before) | new and all(after[k] == v for k, v in before.items())
