"""The homework figure for 2 to 8 classes: all points over background regions coloured by predicted class.

Computing and drawing are split, as in scikit-learn's DecisionBoundaryDisplay: `DecisionFigure`
holds the numbers (from a model, or from a recorded snapshot), `plot(ax=None)` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from render.files.atomic import atomic_path
from render.palette import FONT, PALETTE

if TYPE_CHECKING:  # the command line reads FIGURE_EXTENSIONS without loading torch and scikit-learn
    from model.data import Dataset
    from model.surface import Grid, Snapshot

__all__ = ["CIRCLES_TITLE", "FIGURE_EXTENSIONS", "FIGURE_RESOLUTION", "DecisionFigure", "save_decision_figure"]

FIGURE_EXTENSIONS = (".png", ".svg", ".pdf")
FIGURE_RESOLUTION = 400  # grid samples per side of the figure's background
CIRCLES_TITLE = "make_circles(n_samples=100, factor=0.1, noise=0.1)"
_METADATA = {".png": {"Software": None}, ".svg": {"Date": None}, ".pdf": {"CreationDate": None, "ModDate": None}}


@dataclass(frozen=True)
class DecisionFigure:
    """What the figure shows, as plain arrays; `plot` draws it, `save` writes it."""

    grid: Grid
    probs: np.ndarray  # (res, res) class-1 probability for 2 classes, else (k, res, res) each class's; row 0 at the top
    data: Dataset
    preds: tuple[np.ndarray, np.ndarray]  # predicted class of the train points, of the test points
    test_acc: float
    title: str = CIRCLES_TITLE

    @classmethod
    def from_model(cls, model, data: Dataset, test_acc: float, preds: tuple[np.ndarray, np.ndarray],
                   title: str = CIRCLES_TITLE, resolution: int = FIGURE_RESOLUTION) -> DecisionFigure:
        """Evaluate `model` (model.network's classifier) on a grid around the data."""
        from model.surface import Grid, probability_grid

        grid = Grid.around(data.x, resolution=resolution)
        return cls(grid, probability_grid(model, grid), data, preds, test_acc, title)

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot, grid: Grid, data: Dataset, title: str = CIRCLES_TITLE) -> DecisionFigure:
        """Use a recorded snapshot's surface and predictions (no model needed)."""
        return cls(grid, snapshot.probs, data, (snapshot.train_pred, snapshot.test_pred), snapshot.test_acc, title)

    @property
    def winner(self) -> np.ndarray:
        """(res, res) predicted class at every grid point, as floats for contourf."""
        return (self.probs >= 0.5).astype(float) if self.probs.ndim == 2 else self.probs.argmax(axis=0).astype(float)

    def plot(self, ax=None):
        """Draw into `ax` (a new 6x6-inch figure when None); return the axes."""
        from matplotlib.colors import ListedColormap

        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(6, 6), dpi=100)
        xs, ys = self.grid.axes()
        colours = PALETTE.classes(self.data.classes)
        levels = np.arange(len(colours) + 1) - 0.5
        ax.contourf(xs, ys, self.winner, levels=levels, cmap=ListedColormap([_light(c) for c in colours]))
        if self.probs.ndim == 2:  # the smooth p = 0.5 line
            ax.contour(xs, ys, self.probs, levels=[0.5], colors=PALETTE.boundary, linewidths=1.2)
        else:  # the edges between winning classes
            ax.contour(xs, ys, self.winner, levels=levels[1:-1], colors=PALETTE.boundary, linewidths=1.2)
        _scatter(ax, self.data, self.preds, colours)
        g = self.grid
        ax.set(xlim=(g.xmin, g.xmax), ylim=(g.ymin, g.ymax), aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
        n_test = len(self.data.y_test)
        ax.set_title(f"{self.title}\ntest accuracy {self.test_acc:.1%} on {n_test} held-out points", fontsize=10)
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
        return ax

    def save(self, path: str | Path) -> None:
        """Write the figure atomically; the format follows the extension (.png, .svg or .pdf)."""
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        path = Path(path)
        suffix = path.suffix.lower()
        with matplotlib.rc_context({"svg.hashsalt": "decision-figure", "font.size": 10, "font.family": FONT}):
            fig = Figure(figsize=(6, 6), dpi=100)
            FigureCanvasAgg(fig)
            self.plot(fig.add_subplot())
            fig.tight_layout()
            with atomic_path(path) as tmp:
                fig.savefig(tmp, format=suffix.lstrip("."), metadata=_METADATA[suffix])


def save_decision_figure(path: str | Path, model, data: Dataset, test_acc: float, preds: tuple[np.ndarray, np.ndarray],
                         title: str = CIRCLES_TITLE, resolution: int = FIGURE_RESOLUTION) -> None:
    """Draw every point over the model's predicted-class regions; format from the extension."""
    DecisionFigure.from_model(model, data, test_acc, preds, title, resolution).save(path)


def _scatter(ax, data: Dataset, preds: tuple[np.ndarray, np.ndarray], colours: tuple[str, ...]) -> None:
    """Train points filled, test points hollow, both coloured by true class; mistakes ringed."""
    wrong_label = "misclassified"
    splits = ((data.x_train, data.y_train, preds[0], "train"), (data.x_test, data.y_test, preds[1], "test"))
    for x, y, pred, kind in splits:
        for label, colour in enumerate(colours):
            pts = x[y == label]
            if kind == "train":
                style = {"facecolors": colour, "edgecolors": PALETTE.text, "linewidths": 0.6}
            else:
                style = {"facecolors": "none", "edgecolors": colour, "linewidths": 1.8}
            named = kind == "train" or len(colours) == 2  # many classes: one legend entry each
            ax.scatter(pts[:, 0], pts[:, 1], s=36, label=f"class {label} ({kind})" if named else None, zorder=3, **style)
        wrong = x[pred != y]
        if len(wrong):
            ax.scatter(wrong[:, 0], wrong[:, 1], s=150, facecolors="none", edgecolors=PALETTE.mismatch,
                       linewidths=1.4, label=wrong_label, zorder=4)
            wrong_label = None


def _light(colour: str, alpha: float = 0.35) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    rgb = np.array(to_rgb(colour))
    return tuple(alpha * rgb + (1 - alpha))
