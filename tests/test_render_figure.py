"""The homework figure: every point over regions coloured by the model's predicted class."""

import imageio.v3 as iio
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from render.figure.decision import _light, save_decision_figure
from render.palette import PALETTE


@pytest.fixture(scope="module")
def figure(default_run, tmp_path_factory):
    model, data, history, _ = default_run
    path = tmp_path_factory.mktemp("fig") / "fig.png"
    last = history.metrics[-1]
    save_decision_figure(path, model, data, last.test_acc, (last.train_pred, last.test_pred))
    return iio.imread(path)[..., :3]


def _rgb255(colour):
    return np.round(np.array(colour if isinstance(colour, tuple) else to_rgb(colour)) * 255)


def test_both_region_colours_cover_much_of_the_plot(figure):
    for colour, least in ((_light(PALETTE.class1), 0.03), (_light(PALETTE.class0), 0.3)):
        share = np.mean(np.all(np.abs(figure - _rgb255(colour)) <= 2, axis=-1))
        assert share > least


def test_centre_of_the_inner_circle_is_the_class_one_region(figure):
    h, w, _ = figure.shape
    window = figure[h // 2 - 20 : h // 2 + 20, w // 2 - 20 : w // 2 + 20].reshape(-1, 3)
    colours, counts = np.unique(window, axis=0, return_counts=True)
    assert np.abs(colours[counts.argmax()] - _rgb255(_light(PALETTE.class1))).max() <= 2


def _drawn(display):
    """The display drawn as `save` draws it: (RGB pixels, axes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 6), dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax = display.plot(fig.add_subplot())
    fig.tight_layout()
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(int), ax


def _rows(points):
    return sorted(map(tuple, np.round(np.asarray(points, dtype=float), 9)))


def test_all_hundred_points_are_drawn(default_run):
    from render.figure.decision import DecisionFigure

    model, data, history, _ = default_run
    last = history.metrics[-1]
    pixels, ax = _drawn(DecisionFigure.from_model(model, data, last.test_acc, (last.train_pred, last.test_pred)))
    markers = {c.get_label(): c for c in ax.collections if c.get_label().startswith("class ")}
    for kind, x, y in (("train", data.x_train, data.y_train), ("test", data.x_test, data.y_test)):
        for label in (0, 1):
            assert f"class {label} ({kind})" in markers, f"no {kind} markers of class {label}"
            placed = markers[f"class {label} ({kind})"].get_offsets()
            assert _rows(placed) == _rows(x[y == label])  # every point, once, at its place, in its true class
    assert sum(len(m.get_offsets()) for m in markers.values()) == 100
    h = pixels.shape[0]
    seen = {"train": 0, "test": 0}
    for kind, x, y in (("train", data.x_train, data.y_train), ("test", data.x_test, data.y_test)):
        for (px, py), label in zip(ax.transData.transform(x), y, strict=True):
            colour = _rgb255((PALETTE.class0, PALETTE.class1)[label])
            r, c = int(round(h - py)), int(round(px))
            # a filled marker shows its colour at its centre; a hollow one on a ring about 3 px out
            patch = pixels[r, c][None] if kind == "train" else pixels[r - 4 : r + 5, c - 4 : c + 5].reshape(-1, 3)
            seen[kind] += bool(np.any(np.all(np.abs(patch - colour) <= 3, axis=-1)))
    assert seen["train"] >= 63 and seen["test"] >= 27  # at most a tenth hidden under their neighbours


def test_display_is_computed_once_and_drawn_from_a_snapshot_too(default_run, tmp_path):
    from matplotlib.figure import Figure

    from render.figure.decision import FIGURE_RESOLUTION, DecisionFigure

    model, data, history, writer = default_run
    last = history.metrics[-1]
    display = DecisionFigure.from_model(model, data, last.test_acc, (last.train_pred, last.test_pred))
    assert display.probs.shape == (FIGURE_RESOLUTION, FIGURE_RESOLUTION)
    assert display.probs[FIGURE_RESOLUTION // 2, FIGURE_RESOLUTION // 2] > 0.9  # the inner circle is class 1
    snap = writer.recorder.snapshots[-1]
    replay = DecisionFigure.from_snapshot(snap, writer.recorder.grid, data)
    ax = replay.plot(Figure().add_subplot())
    assert "test accuracy 100.0% on 30 held-out points" in ax.get_title()
    assert len(ax.collections) >= 5  # regions, boundary, four scatter groups
    replay.save(tmp_path / "replay.png")
    assert iio.imread(tmp_path / "replay.png").shape == (600, 600, 4)
