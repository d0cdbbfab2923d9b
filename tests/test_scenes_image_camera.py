"""The image camera draws ImageMobjects; a canary says when manim's own image path works again."""

import numpy as np
import pytest
from manim import Camera, ImageMobject

from scenes.kit import ImageCamera


def _red_square() -> ImageMobject:
    img = np.zeros((4, 4, 4), dtype=np.uint8)
    img[..., 0], img[..., 3] = 255, 255
    return ImageMobject(img).scale(2)


def test_image_camera_draws_the_image_at_the_centre():
    camera = ImageCamera()
    camera.capture_mobject(_red_square())
    h, w = camera.pixel_array.shape[:2]
    assert camera.pixel_array[h // 2, w // 2].tolist() == [255, 0, 0, 255]


def test_canary_manim_own_image_path_still_fails_with_this_pillow():
    """When this fails, manim draws images itself again: drop ImageCamera from scenes/kit.py and this test."""
    with pytest.raises(ValueError, match="Invalid mode for data type"):
        Camera().capture_mobject(_red_square())
