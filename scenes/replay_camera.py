"""A camera that keeps the last frame while the replay still shows the same epoch, instead of drawing it again."""

from collections.abc import Callable, Hashable

import numpy as np

from scenes.kit import ImageCamera

__all__ = ["HoldingCamera"]


class HoldingCamera(ImageCamera):
    """ImageCamera that skips a frame whose `key()` equals the last drawn frame's: its pixels are already there."""

    # The replay plays 150 epochs over 600 frames, early epochs slowest, so most frames repeat the one
    # before; each would cost a full redraw of everything that moves. `key` (None: always draw) names
    # what the moving mobjects show; a new static background (every play) always draws.

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.key: Callable[[], Hashable] | None = None
        self._drawn: Hashable | None = None  # the key of the picture now in pixel_array
        self._holding = False

    def reset(self) -> "HoldingCamera":
        """Start from the plain background: nothing held."""
        self._drawn, self._holding = None, False
        return super().reset()

    def set_frame_to_background(self, background: np.ndarray) -> None:
        """Put the static background back, unless the frame about to be drawn is the one already shown."""
        key = None if self.key is None else self.key()
        self._holding = key is not None and key == self._drawn
        if not self._holding:
            super().set_frame_to_background(background)
            self._drawn = key

    def capture_mobjects(self, mobjects, **kwargs) -> None:
        """Draw `mobjects` over the background, or nothing while holding."""
        if self._holding:
            self._holding = False
            return
        super().capture_mobjects(mobjects, **kwargs)

