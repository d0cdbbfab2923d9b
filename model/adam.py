"""Adam with the fused kernel that torch.optim.Adam(fused=True) runs, minus torch.optim's step wrappers.

torch.optim imports torch._dynamo on an optimiser's first step (about 1 to 3 s here) even when
nothing is compiled. This class calls the same kernel with the same arguments, so the weights after
every step are bitwise those of torch.optim.Adam(fused=True); tests/test_model_adam.py checks it.
"""

from collections.abc import Iterable

import torch

__all__ = ["FusedAdam"]


class FusedAdam:
    """Adam (no weight decay, no amsgrad) for CPU float32 parameters; `zero_grad` and `step` as in torch.optim."""

    def __init__(self, params: Iterable[torch.nn.Parameter], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8) -> None:
        self.params = list(params)
        if not self.params:
            raise ValueError("optimiser got an empty parameter list. Got [] instead.")
        self.lr, self.betas, self.eps = float(lr), betas, eps
        self.steps = [torch.zeros((), dtype=torch.float32) for _ in self.params]  # as fused Adam keeps `step`
        self.exp_avgs = [torch.zeros_like(p, memory_format=torch.preserve_format) for p in self.params]
        self.exp_avg_sqs = [torch.zeros_like(p, memory_format=torch.preserve_format) for p in self.params]

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Drop every gradient (set_to_none) or zero it."""
        for p in self.params:
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.zero_()

    @torch.no_grad()
    def step(self) -> None:
        """One Adam update of every parameter that has a gradient."""
        live = [k for k, p in enumerate(self.params) if p.grad is not None]
        if not live:
            return
        steps = [self.steps[k] for k in live]
        torch._foreach_add_(steps, 1)
        torch._fused_adam_(
            [self.params[k] for k in live], [self.params[k].grad for k in live],
            [self.exp_avgs[k] for k in live], [self.exp_avg_sqs[k] for k in live], [], steps,
            amsgrad=False, lr=self.lr, beta1=self.betas[0], beta2=self.betas[1], weight_decay=0.0,
            eps=self.eps, maximize=False, grad_scale=None, found_inf=None,
        )
