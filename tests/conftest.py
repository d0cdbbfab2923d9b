"""Shared fixtures: one trained default run, reused by the tests that only read it."""

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
