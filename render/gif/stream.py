"""Encode GIF frames as they come, into the very bytes Pillow writes when handed the whole list at once."""

# Pillow's GIF writer keeps every frame until the end (it merges the durations of repeated frames);
# this encoder keeps one frame back instead, so memory stays flat however long the run. It follows
# `PIL.GifImagePlugin._write_multiple_frames` step by step, for palette-indexed ("L") frames with a
# global palette, `optimize=True` and no disposal; a test checks it byte for byte against Pillow.

import io
from typing import IO

import numpy as np
from PIL import GifImagePlugin as _gif
from PIL import Image

__all__ = ["GifStream", "encode_gif"]


class GifStream:
    """Write palette-indexed (h, w) uint8 frames to `fp` one by one; `close()` writes the trailer."""

    def __init__(self, fp: IO[bytes], palette: bytes, frame_ms: int = 60, hold_ms: int = 1500, loop: int = 0) -> None:
        self.fp, self.palette = fp, palette
        self.frame_ms, self.last_ms = frame_ms, max(frame_ms, hold_ms)  # the last frame lingers
        self.count = 0  # frames added
        self._info = {"palette": palette, "loop": loop, "optimize": True}
        self._first: Image.Image | None = None
        self._previous: Image.Image | None = None
        self._pending: _gif._Frame | None = None  # the frame waiting to learn whether the next repeats it
        self._started = False

    def add(self, frame: np.ndarray) -> None:
        """Append one frame (as Pillow's loop body does for each appended image)."""
        image = Image.fromarray(np.ascontiguousarray(frame))
        im_frame = _gif._normalize_mode(image.copy())
        if self.count == 0:
            self._first = image
            for k, v in im_frame.info.items():
                if k != "transparency" and isinstance(k, str):
                    self._info.setdefault(k, v)
        info = self._info.copy()
        im_frame = _gif._normalize_palette(im_frame, self.palette, info)
        info["duration"] = self.frame_ms
        self.count += 1
        diff_frame, bbox = None, None
        if self._pending is not None and self._previous is not None:
            delta, bbox = _gif._getbbox(self._previous, im_frame)
            if not bbox:  # the same picture again: the pending frame shows for longer
                self._pending.encoderinfo["duration"] += info["duration"]
                return
            if "transparency" not in info:
                try:
                    info["transparency"] = im_frame.palette._new_color_index(im_frame)
                except ValueError:
                    pass
            if "transparency" in info:  # unchanged pixels become transparent: they compress to nothing
                unchanged = delta.point([255, *(0,) * 255], "1")
                diff_frame = im_frame.copy()
                diff_frame.paste(info["transparency"], mask=unchanged)
        self._previous = im_frame
        self._write_pending()
        self._pending = _gif._Frame(diff_frame or im_frame, bbox, info)

    def _write_pending(self) -> None:
        frame = self._pending
        if frame is None:
            return
        im_frame, offset = frame.im, (0, 0)
        if not frame.bbox:
            for chunk in _gif._get_global_header(im_frame, frame.encoderinfo):
                self.fp.write(chunk)
        else:
            if frame.bbox != (0, 0, *im_frame.size):
                im_frame = im_frame.crop(frame.bbox)
            offset = frame.bbox[:2]
        _gif._write_frame_data(self.fp, im_frame, offset, frame.encoderinfo)
        self._started = True

    def close(self) -> None:
        """Write the last frame (held for `hold_ms`) and the trailer."""
        if self._pending is None:
            raise ValueError("a GIF needs at least one frame. Got none instead.")
        self._pending.encoderinfo["duration"] += self.last_ms - self.frame_ms
        if not self._started:  # one distinct picture: Pillow writes a single-frame GIF
            first = self._first
            first.encoderinfo = {**self._info, "duration": self._pending.encoderinfo["duration"]}
            first.encoderconfig = ()
            _gif._save(first, self.fp, "")
            return
        self._write_pending()
        self._pending = None
        self.fp.write(b";")
        self.fp.flush()


def encode_gif(frames, palette: bytes, frame_ms: int = 60, hold_ms: int = 1500) -> bytes:
    """The GIF bytes of an iterable of palette-indexed frames."""
    buffer = io.BytesIO()
    stream = GifStream(buffer, palette, frame_ms, hold_ms)
    for frame in frames:
        stream.add(frame)
    stream.close()
    return buffer.getvalue()
