"""The homework figure for k > 2 classes: every point over regions coloured by the predicted class."""

from pathlib import Path

import numpy as np
from torch import nn

from model.data import Dataset
from model.surface import Grid, probability_grid
from render.files.atomic import atomic_path
from render.figure.decision import _METADATA, _light
from render.palette import PALETTE

__all__ = ["save_class_figure"]


def save_class_figure(
    path: str | Path, model: nn.Module, data: Dataset, test_acc: float, preds: tuple[np.ndarray, np.ndarray], title: str, resolution: int = 300
) -> None:
    """Draw every point over the model's predicted-class regions, boundaries between classes drawn."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    path = Path(path)
    k = data.classes
    colours = PALETTE.classes(k)
    grid = Grid.around(data.x, resolution=resolution)
    xs, ys = grid.axes()
    winner = probability_grid(model, grid).argmax(axis=0).astype(float)  # (res, res)
    with matplotlib.rc_context({"svg.hashsalt": "decision-figure", "font.size": 10}):
        fig = Figure(figsize=(6, 6), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        levels = np.arange(k + 1) - 0.5
        ax.contourf(xs, ys, winner, levels=levels, cmap=ListedColormap([_light(c) for c in colours]))
        ax.contour(xs, ys, winner, levels=levels[1:-1], colors=PALETTE.boundary, linewidths=1.2)
        for x, y, pred, kind in ((data.x_train, data.y_train, preds[0], "train"), (data.x_test, data.y_test, preds[1], "test")):
            for label, colour in enumerate(colours):
                pts = x[y == label]
                style = {"facecolors": colour, "edgecolors": PALETTE.boundary, "linewidths": 0.6} if kind == "train" else {"facecolors": "none", "edgecolors": colour, "linewidths": 1.8}
                ax.scatter(pts[:, 0], pts[:, 1], s=30, label=f"class {label} ({kind})" if kind == "train" else None, zorder=3, **style)
            wrong = x[pred != y]
            ax.scatter(wrong[:, 0], wrong[:, 1], s=140, facecolors="none", edgecolors=PALETTE.error, linewidths=1.4, zorder=4)
        ax.set(xlim=(grid.xmin, grid.xmax), ylim=(grid.ymin, grid.ymax), aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
        ax.set_title(f"{title}\ntest accuracy {test_acc:.1%} on {len(data.y_test)} held-out points", fontsize=10)
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
        fig.tight_layout()
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=path.suffix.lower().lstrip("."), metadata=_METADATA[path.suffix.lower()])
