"""Fully-connected classifiers: Linear layers and activations, nothing else."""

import numbers

import torch
from torch import nn

from model.data import MAX_CLASSES

__all__ = ["ACTIVATIONS", "layer_widths", "make_mlp", "network_widths", "output_count", "parse_hidden"]

ACTIVATIONS = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "gelu": nn.GELU,
    "elu": nn.ELU,
    "silu": nn.SiLU,
    "leaky_relu": nn.LeakyReLU,
}


def parse_hidden(text: str) -> tuple[int, ...]:
    """Parse hidden widths such as '16,16' into (16, 16)."""
    parts = [p.strip() for p in str(text).split(",")]
    try:
        widths = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"hidden widths must be positive integers like '16,16'. Got {text!r} instead.") from None
    return widths


def output_count(classes: int) -> int:
    """Logits the classifier ends in: 1 (class-1 log-odds) for two classes, else one per class."""
    return 1 if classes == 2 else int(classes)


def network_widths(hidden: tuple[int, ...], classes: int) -> tuple[int, ...]:
    """Neuron counts per layer, input to output, of make_mlp(hidden, ..., classes), without building it."""
    return (2, *(int(h) for h in hidden), output_count(classes))


def make_mlp(hidden: tuple[int, ...] = (16, 16), activation: str = "tanh", classes: int = 2) -> nn.Sequential:
    """Build 2 -> hidden... -> 1 logit (two classes) or k logits (k > 2 classes) from Linear layers."""
    widths = tuple(hidden)
    if not widths or any(isinstance(h, bool) or not isinstance(h, numbers.Integral) or h <= 0 for h in widths):
        raise ValueError(f"hidden widths must be a non-empty list of positive integers. Got {list(widths)} instead.")
    widths = tuple(int(h) for h in widths)  # NumPy integers become plain ints
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}. Got {activation!r} instead.")
    if isinstance(classes, bool) or not isinstance(classes, numbers.Integral) or not 2 <= classes <= MAX_CLASSES:
        raise ValueError(f"classes must be an integer from 2 to {MAX_CLASSES}. Got {classes!r} instead.")
    layers: list[nn.Module] = []
    fan_in = 2
    for width in widths:
        layers += [nn.Linear(fan_in, width), ACTIVATIONS[activation]()]
        fan_in = width
    layers.append(nn.Linear(fan_in, output_count(classes)))
    return nn.Sequential(*layers).to(torch.float32)


def layer_widths(net: nn.Module) -> tuple[tuple[int, ...], str]:
    """Neuron counts per layer, input to output, and the activation's name, read from a built MLP."""
    linears = [m for m in net.modules() if isinstance(m, nn.Linear)]
    if not linears:
        raise ValueError(f"network must contain Linear layers. Got {type(net).__name__} without any.")
    names = {type(m).__name__ for m in net.modules() if type(m) in ACTIVATIONS.values()}
    activation = next((k for k, v in ACTIVATIONS.items() if v.__name__ in names), "none")
    return (linears[0].in_features, *(m.out_features for m in linears)), activation
