"""Fade mobjects in as pictures drawn once, so a fade costs one image per frame instead of every glyph and edge."""

import numpy as np
from manim import Animation, Group, ImageMobject, Mobject, config

from scenes.kit import ImageCamera

__all__ = ["RasterFadeIn", "raster"]


def raster(mobject: Mobject) -> ImageMobject:
    """`mobject` drawn once, as the scene's camera would draw it, into an image lying exactly over it."""
    camera = ImageCamera(background_color="#000000", background_opacity=0.0)  # all zero: cairo then premultiplies
    camera.capture_mobjects([mobject])
    rows, cols = np.nonzero(camera.pixel_array[..., 3])
    if not len(rows):  # nothing visible: a transparent pixel in the middle
        rows, cols = np.array([config.pixel_height // 2]), np.array([config.pixel_width // 2])
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    patch = camera.pixel_array[top:bottom, left:right].astype(np.float32)
    alpha = patch[..., 3:]
    patch[..., :3] *= 255.0 / np.maximum(alpha, 1.0)  # cairo leaves colours multiplied by their coverage
    image = ImageMobject(np.clip(np.rint(patch), 0, 255).astype(np.uint8))
    unit = config.frame_width / config.pixel_width  # scene units per pixel, the same both ways
    image.stretch_to_fit_width((right - left) * unit).stretch_to_fit_height((bottom - top) * unit)
    centre = ((left + right) / 2 * unit - config.frame_width / 2, config.frame_height / 2 - (top + bottom) / 2 * unit, 0.0)
    return image.move_to(np.array(centre))


class RasterFadeIn(Animation):
    """FadeIn for mobjects that only appear: each is drawn once into a picture that fades in, then put in its place."""

    def __init__(self, *mobjects: Mobject, apart: bool = False, **kwargs) -> None:
        self.targets = mobjects
        parts = [part for m in mobjects for part in (m.submobjects if apart and m.submobjects else [m])]
        self.pictures = Group(*(raster(part) for part in parts))  # apart: one picture per part, none spanning the gaps
        super().__init__(self.pictures, introducer=True, remover=True, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        """Every picture at the fade's opacity."""
        for picture in self.pictures:
            picture.set_opacity(self.rate_func(alpha))

    def clean_up_from_scene(self, scene) -> None:
        """Swap the pictures for the mobjects they show."""
        super().clean_up_from_scene(scene)
        scene.add(*self.targets)
