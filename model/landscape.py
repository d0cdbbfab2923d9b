"""The loss over a 2-D slice of parameter space through the final weights, spanned by the trajectory's PCA."""

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from model.data import Dataset
from model.training import loss_fn

__all__ = ["DIRECTIONS", "LANDSCAPE_STEPS", "Landscape", "filter_normalised_directions", "landscape_directions", "loss_at", "loss_landscape"]

DIRECTIONS = ("pca", "random")  # the ways to span the plane: the path's principal directions, or filter-normalised random
LANDSCAPE_STEPS = 41  # grid points per side; odd, so the final weights sit on the centre point
_MAX_POINTS = 4096  # training points the loss is evaluated on (a fixed sample of larger sets)


@dataclass(frozen=True)
class Landscape:
    """Loss on an (steps, steps) grid of the plane final + a*d1 + b*d2, and the path projected onto it."""

    alphas: np.ndarray  # (steps,) coefficient of d1, column by column
    betas: np.ndarray  # (steps,) coefficient of d2, row by row (row 0 is the smallest beta)
    loss: np.ndarray  # (steps, steps) float64 training loss, loss[row, col] at (alphas[col], betas[row])
    path: np.ndarray  # (points, 2) the recorded weights projected on (d1, d2): start, then each recorded epoch
    directions: np.ndarray  # (2, parameters) float64 directions d1, d2 (orthonormal for PCA)
    centre: np.ndarray  # (parameters,) float64 final weights
    kind: str = "pca"  # how d1, d2 were chosen: "pca" of the path, or "random" filter-normalised


def landscape_directions(trajectory: np.ndarray) -> np.ndarray:
    """First two principal directions (2, parameters) of the trajectory's offsets from its last point."""
    traj = np.asarray(trajectory, dtype=np.float64)
    if traj.ndim != 2 or len(traj) < 3:
        got = max(len(traj) - 1, 0) if traj.ndim == 2 else 0
        raise ValueError(f"the loss landscape needs at least 2 recorded epochs. Got {got} instead.")
    offsets = traj - traj[-1]
    _, sv, vt = np.linalg.svd(offsets, full_matrices=False)
    d1 = vt[0]
    if len(sv) > 1 and sv[1] > 1e-9 * max(sv[0], 1e-30):
        d2 = vt[1]
    else:  # the path is a straight line: any direction orthogonal to it spans the slice
        d2 = np.random.default_rng(0).normal(size=d1.shape)
        d2 -= d2 @ d1 * d1
        d2 /= np.linalg.norm(d2)
    return np.stack([d1, d2])


def filter_normalised_directions(model: nn.Module, centre: np.ndarray, seed: int = 0) -> np.ndarray:
    """Two random directions (2, parameters), each row of each weight matrix scaled to that row's norm in `centre`."""
    rng = np.random.default_rng(seed)
    out = np.zeros((2, centre.size))
    k = 0
    for p in model.parameters():
        n = p.numel()
        if p.ndim > 1:  # weights: one filter (output unit) per row; biases stay at zero, as Li et al. (2018) do
            w = centre[k : k + n].reshape(p.shape[0], -1)
            for d in range(2):
                r = rng.normal(size=w.shape)
                r *= np.linalg.norm(w, axis=1, keepdims=True) / np.maximum(np.linalg.norm(r, axis=1, keepdims=True), 1e-12)
                out[d, k : k + n] = r.ravel()
        k += n
    return out


def _named(model: nn.Module, flat: torch.Tensor) -> dict[str, torch.Tensor]:
    """Split (batch, parameters) into a dict of (batch, *shape) tensors in `named_parameters` order."""
    out, k = {}, 0
    for name, p in model.named_parameters():
        out[name] = flat[:, k : k + p.numel()].reshape(-1, *p.shape)
        k += p.numel()
    return out


def _points(data: Dataset) -> tuple[torch.Tensor, torch.Tensor]:
    x, y = data.x_train, data.y_train
    if len(x) > _MAX_POINTS:
        rows = np.sort(np.random.default_rng(0).choice(len(x), size=_MAX_POINTS, replace=False))
        x, y = x[rows], y[rows]
    xt = torch.as_tensor(x, dtype=torch.float64)
    yt = torch.as_tensor(y, dtype=torch.int64) if data.classes > 2 else torch.as_tensor(y, dtype=torch.float64).reshape(-1, 1)
    return xt, yt


def loss_at(model: nn.Module, data: Dataset, flat: np.ndarray) -> float:
    """Training loss (float64) with the weights set to `flat`, evaluated directly, one point of the plane."""
    x, y = _points(data)
    params = {k: v[0] for k, v in _named(model, torch.as_tensor(flat, dtype=torch.float64)[None]).items()}
    with torch.no_grad():
        return float(loss_fn(torch.func.functional_call(model, params, (x,)), y))


def loss_landscape(
    model: nn.Module, data: Dataset, trajectory: np.ndarray, steps: int = LANDSCAPE_STEPS, margin: float = 0.25,
    directions: str = "pca",
) -> Landscape:
    """Loss over the plane through the trajectory's last point along its PCA (or filter-normalised random) directions."""
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 3 or steps % 2 == 0:
        raise ValueError(f"landscape steps must be an odd integer of at least 3. Got {steps!r} instead.")
    if directions not in DIRECTIONS:
        raise ValueError(f"landscape directions must be 'pca' or 'random'. Got {directions!r} instead.")
    centre = np.asarray(trajectory[-1], dtype=np.float64)
    pca = landscape_directions(trajectory)
    dirs = pca if directions == "pca" else filter_normalised_directions(model, centre)
    offsets = np.asarray(trajectory, dtype=np.float64) - centre
    path = np.linalg.lstsq(dirs.T, offsets.T, rcond=None)[0].T  # (points, 2); the plain projection for orthonormal PCA
    reach = np.abs(path).max(axis=0) * (1.0 + margin)
    reach = np.maximum(reach, 1e-3 if directions == "pca" else 1.0)  # random: at least one filter norm either way
    alphas = np.linspace(-reach[0], reach[0], steps)  # symmetric: the centre column is alpha = 0
    betas = np.linspace(-reach[1], reach[1], steps)
    a, b = np.meshgrid(alphas, betas)  # (steps, steps): row = beta, column = alpha
    flat = centre + a.reshape(-1, 1) * dirs[0] + b.reshape(-1, 1) * dirs[1]  # (steps**2, parameters)
    x, y = _points(data)

    def one(params: dict[str, torch.Tensor]) -> torch.Tensor:
        return loss_fn(torch.func.functional_call(model, params, (x,)), y)

    with torch.no_grad():
        batched = _named(model, torch.as_tensor(flat, dtype=torch.float64))
        losses = torch.cat([torch.vmap(one)({k: v[s : s + 512] for k, v in batched.items()}) for s in range(0, steps * steps, 512)])
    return Landscape(alphas, betas, losses.numpy().reshape(steps, steps), path, dirs, centre, directions)
