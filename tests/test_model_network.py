"""The classifier is made of fully-connected layers only."""

import pytest
import torch
from torch import nn

from model import ACTIVATIONS, layer_widths, make_mlp, parse_hidden


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_only_linear_layers_and_activations(activation):
    net = make_mlp((8, 4, 3), activation)
    kinds = {type(m) for m in net.modules()} - {nn.Sequential}
    assert kinds == {nn.Linear, ACTIVATIONS[activation]}
    widths = [(m.in_features, m.out_features) for m in net if isinstance(m, nn.Linear)]
    assert widths == [(2, 8), (8, 4), (4, 3), (3, 1)]


def test_maps_points_to_one_logit_each():
    assert make_mlp()(torch.zeros(5, 2)).shape == (5, 1)


def test_parse_hidden():
    assert parse_hidden("16, 8") == (16, 8)
    with pytest.raises(ValueError, match="hidden widths must be positive integers like '16,16'. Got 'a,b' instead"):
        parse_hidden("a,b")


@pytest.mark.parametrize("hidden", [(), (0,), (4, -1)])
def test_bad_widths(hidden):
    with pytest.raises(ValueError, match=r"hidden widths must be a non-empty list of positive integers. Got \["):
        make_mlp(hidden)


def test_unknown_activation():
    with pytest.raises(ValueError, match="activation must be one of .* Got 'swish' instead"):
        make_mlp((4,), "swish")


def test_layer_widths_read_back_the_configuration():
    assert layer_widths(make_mlp((16, 8), "relu")) == ((2, 16, 8, 1), "relu")
    with pytest.raises(ValueError, match="network must contain Linear layers. Got Tanh without any."):
        layer_widths(nn.Tanh())
