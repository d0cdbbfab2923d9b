"""FusedAdam takes bitwise the steps of torch.optim.Adam(fused=True), without importing torch._dynamo."""

import subprocess
import sys

import torch

from model import make_mlp
from model.adam import FusedAdam


def _steps(make_optimiser, steps: int = 40) -> list[torch.Tensor]:
    torch.manual_seed(3)
    net = make_mlp((16, 16), "tanh")
    x, y = torch.randn(70, 2), (torch.rand(70, 1) > 0.5).float()
    optimiser = make_optimiser(net.parameters())
    for _ in range(steps):
        optimiser.zero_grad(set_to_none=True)
        torch.nn.functional.binary_cross_entropy_with_logits(net(x), y).backward()
        optimiser.step()
    return [p.detach().clone() for p in net.parameters()]


def test_weights_match_torch_fused_adam_bit_for_bit():
    ours = _steps(lambda params: FusedAdam(params, lr=0.03))
    theirs = _steps(lambda params: torch.optim.Adam(params, lr=0.03, fused=True))
    assert all(torch.equal(a, b) for a, b in zip(ours, theirs))
    assert not torch.equal(ours[0], _steps(lambda params: FusedAdam(params, lr=0.03), steps=0)[0])  # it did move


def test_training_does_not_import_dynamo():
    code = (
        "import sys; from model import load_dataset, make_mlp, set_seed, train, TrainConfig; set_seed(0); "
        "train(make_mlp(), load_dataset('circles', seed=0), TrainConfig(epochs=3)); print('torch._dynamo' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
