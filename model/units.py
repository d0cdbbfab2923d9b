"""Every hidden unit's activation over the plane (TensorFlow Playground's neuron tiles) and the flat weights."""

import numpy as np
import torch
from torch import nn

from model.network import ACTIVATIONS
from model.surface import Grid

__all__ = ["TILE_RESOLUTION", "flat_params", "unit_activations"]

TILE_RESOLUTION = 32  # grid samples per side of a neuron tile


@torch.inference_mode()
def unit_activations(model: nn.Sequential, grid: Grid) -> np.ndarray:
    """Activation of every hidden unit, layer by layer, at every grid point: (units, res, res) float32."""
    h = torch.as_tensor(grid.points(), dtype=torch.float32)  # (res**2, 2)
    acts = []
    for layer in model:
        h = layer(h)
        if type(layer) in ACTIVATIONS.values():
            acts.append(h.T)  # (width, res**2)
    res = grid.resolution
    return torch.cat(acts).reshape(-1, res, res).numpy().astype(np.float32)


def flat_params(model: nn.Module) -> np.ndarray:
    """All parameters in `named_parameters` order as one float32 vector."""
    with torch.no_grad():
        return torch.cat([p.detach().reshape(-1) for p in model.parameters()]).numpy().astype(np.float32)
