"""Time the training GIF per frame: the toolkit's pipeline against a naive matplotlib loop.

Both train the same network on the same data for 300 epochs and write a 480x480 GIF with one
frame per epoch showing the same things: shaded surface, 0.5 boundary, train points filled, test
points hollow, mistakes ringed, the epoch's numbers, a loss curve with the epoch marked. Prints
ms/frame for each, their ratio, and both GIF sizes in bytes.
"""

import io
import statistics
import tempfile
import time
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import torch

from model import Callback, TrainConfig, load_dataset, make_mlp, set_seed, train
from model.surface import Grid, probability_grid
from render.gif.callback import GifWriter
from render.palette import PALETTE

EPOCHS, SIZE = 300, 480
REPEATS = 3  # each pipeline runs this many times; the median is printed


class NaiveGif(Callback):
    """The obvious way to draw the same frame: a new matplotlib figure per epoch, saved to PNG and decoded."""

    def __init__(self, path: Path) -> None:
        self.path, self.frames, self.losses = path, [], []

    def on_train_start(self, model, data):
        self.grid = Grid.around(data.x)

    def on_epoch_end(self, model, data, metrics):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        self.losses.append((metrics.train_loss, metrics.test_loss))
        xs, ys = self.grid.axes()
        probs = probability_grid(model, self.grid)
        fig, ax = plt.subplots(figsize=(SIZE / 100, SIZE / 100), dpi=100)
        ax.contourf(xs, ys, probs, levels=16, cmap="RdBu", alpha=0.6)
        ax.contour(xs, ys, probs, levels=[0.5], colors="k", linewidths=1)
        for x, y, pred, filled in ((data.x_train, data.y_train, metrics.train_pred, True), (data.x_test, data.y_test, metrics.test_pred, False)):
            colours = np.where(y == 1, PALETTE.class1, PALETTE.class0)
            face = colours if filled else "none"
            ax.scatter(x[:, 0], x[:, 1], c=None, facecolors=face, edgecolors=colours if not filled else "k", s=30)
            wrong = x[pred != y]
            ax.scatter(wrong[:, 0], wrong[:, 1], facecolors="none", edgecolors="k", s=90, linewidths=1.2)
        ax.set_title(f"epoch {metrics.epoch}  loss {metrics.train_loss:.3f}  train {metrics.train_acc:.0%}  test {metrics.test_acc:.0%}")
        inset = ax.inset_axes([0.62, 0.03, 0.35, 0.2])
        losses = np.array(self.losses)
        inset.plot(losses[:, 1], color="grey")
        inset.plot(losses[:, 0], color="k")
        inset.plot([len(losses) - 1], [losses[-1, 0]], "o", color=PALETTE.gradient)
        inset.set(xlim=(0, metrics.epochs), xticks=[], yticks=[])
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
        plt.close(fig)
        self.frames.append(iio.imread(buf.getvalue())[..., :3])

    def on_train_end(self, model, data):
        iio.imwrite(self.path, np.stack(self.frames), extension=".gif", duration=60, loop=0)


def _time(callback, epochs: int = EPOCHS) -> float:
    set_seed(0)
    model, data = make_mlp(), load_dataset(seed=0)
    start = time.perf_counter()
    train(model, data, TrainConfig(epochs=epochs), [callback])
    return (time.perf_counter() - start) / epochs * 1000.0


def main() -> None:
    """Run both pipelines once and print the figures."""
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, naive_path = Path(tmp) / "ours.gif", Path(tmp) / "naive.gif"
        _time(GifWriter(ours_path, size=SIZE), epochs=3)  # warm up: imports, fonts, caches
        _time(NaiveGif(naive_path), epochs=3)
        ours = statistics.median(_time(GifWriter(ours_path, size=SIZE)) for _ in range(REPEATS))
        naive = statistics.median(_time(NaiveGif(naive_path)) for _ in range(REPEATS))
        ours_bytes, naive_bytes = ours_path.stat().st_size, naive_path.stat().st_size
        assert iio.imread(ours_path, index=None).shape[:3] == iio.imread(naive_path, index=None).shape[:3]
    print(f"{EPOCHS} epochs, {SIZE}x{SIZE} frames, training step + snapshot + frame + encoding, median of {REPEATS} runs")
    print(f"toolkit : {ours:7.2f} ms/frame   GIF {ours_bytes:>10,} bytes")
    print(f"naive   : {naive:7.2f} ms/frame   GIF {naive_bytes:>10,} bytes")
    print(f"speed-up: {naive / ours:.1f}x   size ratio (toolkit / naive): {ours_bytes / naive_bytes:.2f}")


if __name__ == "__main__":
    main()
