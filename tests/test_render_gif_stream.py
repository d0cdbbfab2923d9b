"""The streaming GIF encoder writes exactly the bytes Pillow writes for the whole list of frames."""

import imageio.v3 as iio
import numpy as np
import pytest

from render.gif.frames import gif_palette
from render.gif.stream import encode_gif


def _pillow(frames, frame_ms=60, hold_ms=1500):
    durations = [frame_ms] * (len(frames) - 1) + [max(frame_ms, hold_ms)]
    return iio.imwrite(
        "<bytes>", np.stack(frames), extension=".gif", palette=gif_palette(),
        duration=durations if len(frames) > 1 else durations[0], loop=0, optimize=True,
    )


def test_default_run_frames_encode_to_the_same_bytes(default_run):
    frames = default_run[3].frames
    assert len(frames) == 150
    assert encode_gif(frames, gif_palette()) == _pillow(frames)


@pytest.mark.parametrize("pattern", [[0], [0, 0], [0, 1, 1, 2], [3, 3, 3], [0, 1], [5, 6, 6, 6]])
def test_repeats_and_single_frames_match_pillow(default_run, pattern):
    frames = [default_run[3].frames[k] for k in pattern]
    assert encode_gif(frames, gif_palette()) == _pillow(frames)


def test_no_frame_is_an_error():
    with pytest.raises(ValueError, match="a GIF needs at least one frame. Got none instead."):
        encode_gif([], gif_palette())
