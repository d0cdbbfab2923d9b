"""Bilinear upsampling and the decision boundary drawn into the band indices."""

import numpy as np
import pytest

from render.gif.raster import band_indices, upsample


def test_upsample_keeps_corners_and_interpolates_linearly():
    grid = np.array([[0.0, 1.0], [2.0, 3.0]], dtype=np.float32)
    big = upsample(grid, 5)
    assert big.shape == (5, 5) and big.dtype == np.float32
    assert big[0, 0] == 0.0 and big[0, -1] == 1.0 and big[-1, 0] == 2.0 and big[-1, -1] == 3.0
    assert big[2, 2] == pytest.approx(1.5) and big[0, 2] == pytest.approx(0.5)


def test_boundary_is_two_pixels_wide_where_the_class_flips():
    p = np.zeros((6, 6))
    p[:, 3:] = 1.0
    index = band_indices(p, 6, bands=16, first=16, boundary=63)
    assert (index == 63).nonzero()[1].tolist() == [2, 3] * 6


@pytest.mark.parametrize("shape", [(3,), (2, 3), (1, 1)])
def test_upsample_rejects_non_square_grids(shape):
    with pytest.raises(ValueError, match=r"probs must be a square grid of at least 2x2. Got shape"):
        upsample(np.zeros(shape), 10)
