"""The homework figure: all points over background regions coloured by predicted class."""

from pathlib import Path

import numpy as np
from torch import nn

from model.data import Dataset
from model.surface import Grid, probability_grid
from render.atomic import atomic_path
from render.palette import PALETTE

__all__ = ["FIGURE_EXTENSIONS", "save_decision_figure"]

FIGURE_EXTENSIONS = (".png", ".svg", ".pdf")
_METADATA = {".png": {"Software": None}, ".svg": {"Date": None}, ".pdf": {"CreationDate": None, "ModDate": None}}


def _scatter(ax, data: Dataset, preds: tuple[np.ndarray, np.ndarray]) -> None:
    """Train points filled, test points hollow, both coloured by true class; mistakes ringed."""
    wrong_label = "misclassified"
    splits = ((data.x_train, data.y_train, preds[0], "train"), (data.x_test, data.y_test, preds[1], "test"))
    for x, y, pred, kind in splits:
        for label, colour in ((0, PALETTE.class0), (1, PALETTE.class1)):
            pts = x[y == label]
            if kind == "train":
                style = {"facecolors": colour, "edgecolors": PALETTE.boundary, "linewidths": 0.6}
            else:
                style = {"facecolors": "none", "edgecolors": colour, "linewidths": 1.8}
            ax.scatter(pts[:, 0], pts[:, 1], s=36, label=f"class {label} ({kind})", zorder=3, **style)
        wrong = x[pred != y]
        if len(wrong):
            ax.scatter(wrong[:, 0], wrong[:, 1], s=150, facecolors="none", edgecolors=PALETTE.error,
                       linewidths=1.4, label=wrong_label, zorder=4)
            wrong_label = None


def save_decision_figure(
    path: str | Path,
    model: nn.Module,
    data: Dataset,
    test_acc: float,
    preds: tuple[np.ndarray, np.ndarray],
    title: str = "make_circles(n_samples=100, factor=0.1, noise=0.1)",
    resolution: int = 400,
) -> None:
    """Draw every point over the model's predicted-class regions; format from the extension."""
    import matplotlib  # lazily: importing render must stay light
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    path = Path(path)
    grid = Grid.around(data.x, resolution=resolution)
    xs, ys = grid.axes()
    probs = probability_grid(model, grid)
    with matplotlib.rc_context({"svg.hashsalt": "decision-figure", "font.size": 10}):
        fig = Figure(figsize=(6, 6), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        shades = ListedColormap([_light(PALETTE.class0), _light(PALETTE.class1)])
        ax.contourf(xs, ys, (probs >= 0.5).astype(float), levels=[-0.5, 0.5, 1.5], cmap=shades)
        ax.contour(xs, ys, probs, levels=[0.5], colors=PALETTE.boundary, linewidths=1.2)
        _scatter(ax, data, preds)
        ax.set(xlim=(grid.xmin, grid.xmax), ylim=(grid.ymin, grid.ymax), aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
        n_test = len(data.y_test)
        ax.set_title(f"{title}\ntest accuracy {test_acc:.1%} on {n_test} held-out points", fontsize=10)
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
        fig.tight_layout()
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=path.suffix.lower().lstrip("."), metadata=_METADATA[path.suffix.lower()])


def _light(colour: str, alpha: float = 0.35) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    rgb = np.array(to_rgb(colour))
    return tuple(alpha * rgb + (1 - alpha))
