"""Shared fixtures: one trained run, one rendered backprop deck and one manim media folder, reused by the tests that read them."""

import pytest
import torch

from model import History, TrainConfig, load_dataset, make_mlp, set_seed, train
from render.gif.callback import GifWriter

torch.set_num_threads(1)  # the suite's tensors are tiny: threads only contend on a 2-core machine


@pytest.fixture(scope="session")
def default_run(tmp_path_factory):
    """The default example trained once: (model, data, history, gif writer with its snapshots)."""
    data = load_dataset("circles", seed=0)
    set_seed(0)
    model = make_mlp()
    history = History()
    writer = GifWriter(tmp_path_factory.mktemp("run") / "training.gif", keep_frames=True)
    train(model, data, TrainConfig(), [history, writer])
    return model, data, history, writer


@pytest.fixture(scope="session", autouse=True)
def manim_media(tmp_path_factory):
    """One media folder for the manim used in this process: its TeX and text files built once a run, outside the repository."""
    from manim import config

    folder, before = tmp_path_factory.mktemp("manim"), config.media_dir
    config.media_dir = str(folder)
    yield folder
    config.media_dir = before


@pytest.fixture(scope="session")
def backprop_deck(tmp_path_factory):
    """`lesson slides --lesson backprop -ql` in the default voice: the deck, and manim's Backprop.mp4 in its media folder."""
    from tests.decks import make_deck

    return make_deck(tmp_path_factory.mktemp("backprop"), ["--lesson", "backprop"], voice=None)


@pytest.fixture
def tmpfs(tmp_path):
    """Mount a tmpfs under tmp_path, holding `files`, then remount it with `options` ("size=100k", "ro"); root only."""
    import os
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = []

    def mount(options: str, files: dict[str, bytes] | None = None):
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)], capture_output=True, text=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        for name, data in (files or {}).items():
            (point / name).write_bytes(data)
        subprocess.run(["mount", "-o", f"remount,{options}", str(point)], check=True)
        return point

    try:
        yield mount
    finally:
        for point in reversed(mounted):
            subprocess.run(["umount", "-l", str(point)], check=False)
