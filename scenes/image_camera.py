"""A Cairo camera that draws upright ImageMobjects with Pillow 13 (manim 0.22's own image path fails there)."""

import numpy as np
from manim import Camera, ImageMobject
from PIL import Image

__all__ = ["ImageCamera"]


class ImageCamera(Camera):
    """Camera whose ImageMobjects are resized and alpha-composited straight into the frame."""

    def display_image_mobject(self, image_mobject: ImageMobject, pixel_array: np.ndarray) -> None:
        """Draw an upright (unrotated) image; manim 0.22 builds a float array Pillow 13 rejects."""
        corners = self.points_to_subpixel_coords(image_mobject, image_mobject.points)  # (4, 2) as (x, y)
        (x0, y0), (x1, y1) = np.rint(corners.min(axis=0)).astype(int), np.rint(corners.max(axis=0)).astype(int)
        height, width = pixel_array.shape[:2]
        left, top, right, bottom = max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)
        if right <= left or bottom <= top:  # off screen or squashed to nothing
            return
        image = Image.fromarray(np.ascontiguousarray(image_mobject.get_pixel_array(), dtype=np.uint8))
        image = image.resize((x1 - x0, y1 - y0), resample=image_mobject.resampling_algorithm)
        patch = image.crop((left - x0, top - y0, right - x0, bottom - y0))
        under = Image.fromarray(np.ascontiguousarray(pixel_array[top:bottom, left:right]))
        pixel_array[top:bottom, left:right] = np.asarray(Image.alpha_composite(under, patch))
