"""What the `train` command adds for the wide views (many classes, neuron tiles, the loss landscape): renderers and the GIF."""

from collections.abc import Callable
from functools import partial
from pathlib import Path

from model.landscape import Landscape
from model.recording import recorded_epochs
from render.files.atomic import atomic_path
from render.gif.frames import FrameRenderer
from render.gif.stream import GifStream
from render.gif.composite import WideFrameRenderer
from render.gif.tiles import check_tileable

__all__ = ["check_views", "make_renderer", "write_replay_gif"]


def check_views(hidden: tuple[int, ...], neurons: bool, landscape: bool, epochs: int, every: int) -> None:
    """Refuse, before training, views that cannot be drawn."""
    if neurons:
        check_tileable(hidden)
    if landscape and recorded_epochs(epochs, every) < 2:
        raise ValueError(f"the loss landscape needs at least 2 recorded epochs. Got {recorded_epochs(epochs, every)} instead.")


def make_renderer(
    classes: int, hidden: tuple[int, ...], activation: str, neurons: bool, landscape: Landscape | None = None
) -> Callable[..., FrameRenderer]:
    """The renderer factory `GifWriter` calls: the plain one for binary runs, else the wide one."""
    if classes == 2 and not neurons and landscape is None:
        return FrameRenderer  # binary runs stay exactly as they always were
    return partial(WideFrameRenderer, hidden=hidden, activation=activation, neurons=neurons, landscape=landscape)


def write_replay_gif(
    path: str | Path, renderer: FrameRenderer, snapshots, frame_ms: int = 60, on_frame: Callable[[int], None] | None = None
) -> int:
    """Render `snapshots` in order and stream them into the GIF at `path`, written whole or not at all; return the frame count."""
    with atomic_path(path) as tmp, tmp.open("wb") as handle:
        stream = GifStream(handle, renderer.palette, frame_ms)
        for k, snap in enumerate(snapshots, start=1):
            stream.add(renderer.render(snap))
            if on_frame is not None:
                on_frame(k)
        stream.close()
    return stream.count
