"""The training GIF, decoded: frames, size, pace, and colours that match the model."""

import imageio.v3 as iio
import numpy as np
import pytest
import torch

from model import TrainConfig, TrainingDiverged, load_dataset, make_mlp, set_seed, train
from model.surface import probability_grid
from render.gif.frames import CLASS0, CLASS1, WRONG, FrameLayout, FrameRenderer, gif_palette
from render.gif.callback import GifWriter, write_gif

PALETTE_RGB = np.frombuffer(gif_palette(), dtype=np.uint8).reshape(-1, 3)
BANDS0 = {tuple(c) for c in PALETTE_RGB[16:24]}  # p < 0.5 shades
BANDS1 = {tuple(c) for c in PALETTE_RGB[24:32]}  # p >= 0.5 shades


def test_one_frame_per_epoch_of_the_frame_size(default_run):
    _, _, history, writer = default_run
    frames = iio.imread(writer.path, index=None)
    assert frames.shape == (len(history.metrics), 480, 480, 3)


def test_gif_loops_and_holds_the_last_frame(default_run):
    meta = iio.immeta(default_run[3].path, index=0)
    assert meta["loop"] == 0 and meta["duration"] == 60
    assert iio.immeta(default_run[3].path, index=149)["duration"] == 1500


def test_frames_decode_exactly_to_what_was_drawn(default_run):
    writer = default_run[3]
    frames = iio.imread(writer.path, index=None)
    for k in (0, 17, 149):
        assert np.array_equal(frames[k][..., :3], PALETTE_RGB[writer.frames[k]])


def _rgb_at(frame, layout, point):
    row, col = np.rint(layout.to_pixel(np.array([point]))[0]).astype(int)
    return tuple(frame[row, col, :3])


def test_background_colour_matches_the_models_class(default_run):
    model, data, _, writer = default_run
    last = iio.imread(writer.path, index=149)
    layout = FrameLayout(480, writer.recorder.grid)
    inner, outer = (0.0, 0.35), (1.35, 1.35)  # inside the inner circle; outside the ring, clear of points
    with torch.no_grad():
        p = torch.sigmoid(model(torch.tensor([inner, outer], dtype=torch.float32))).reshape(-1).tolist()
    assert p[0] > 0.5 > p[1]
    assert _rgb_at(last, layout, inner) in BANDS1
    assert _rgb_at(last, layout, outer) in BANDS0


def test_points_drawn_in_their_true_class_colour(default_run):
    _, data, _, writer = default_run
    last = iio.imread(writer.path, index=149)
    layout = FrameLayout(480, writer.recorder.grid)
    for x, y in zip(data.x_train[:10], data.y_train[:10], strict=True):
        assert _rgb_at(last, layout, x) == tuple(PALETTE_RGB[CLASS1 if y else CLASS0])


def test_misclassified_points_are_ringed(default_run):
    _, data, history, writer = default_run
    early = next(k for k, m in enumerate(history.metrics) if (m.train_pred != data.y_train).any())
    wrong = int(np.flatnonzero(history.metrics[early].train_pred != data.y_train)[0])
    layout = FrameLayout(480, writer.recorder.grid)
    row, col = np.rint(layout.to_pixel(data.x_train[wrong : wrong + 1])[0]).astype(int)
    ring = 480 / 80 + 2.2  # between the point's edge and the ring's outer radius
    samples = [(round(row + ring * np.sin(a)), round(col + ring * np.cos(a))) for a in np.linspace(0, 2 * np.pi, 16)]
    error_share = np.mean([writer.frames[early][r, c] == WRONG for r, c in samples])
    assert error_share > 0.5  # the ring shows where the point is not hidden under a neighbour
    assert all(writer.frames[-1][r, c] != WRONG for r, c in samples)  # 100% accuracy at the end: no ring


def test_every_k_epochs_and_in_memory_encoding(tmp_path):
    set_seed(0)
    writer = GifWriter(tmp_path / "k.gif", every=5, size=160, keep_frames=True)
    train(make_mlp((4,)), load_dataset(), TrainConfig(epochs=12), [writer])
    assert iio.imread(writer.path, index=None).shape == (4, 160, 160, 3)  # epochs 1, 6, 11, 12
    encoded = iio.imwrite("<bytes>", np.stack(writer.frames), extension=".gif", palette=gif_palette())
    assert iio.imread(encoded, index=None).shape[0] == 4


def test_divergence_still_writes_the_frames_before_it(tmp_path):
    set_seed(0)
    writer = GifWriter(tmp_path / "d.gif", size=160)
    with pytest.raises(TrainingDiverged, match="epoch 2"):
        train(make_mlp(), load_dataset(), TrainConfig(lr=1.0, diverge_factor=3.0), [writer])
    assert iio.imread(writer.path, index=None).shape == (1, 160, 160, 3)


def test_renderer_rejects_a_tiny_frame(default_run):
    with pytest.raises(ValueError, match="frame size must be an integer of at least 120 pixels. Got 50 instead"):
        FrameRenderer(default_run[3].recorder.grid, default_run[1], 10, size=50)


def test_write_gif_needs_frames(tmp_path):
    with pytest.raises(ValueError, match="a GIF needs at least one frame"):
        write_gif(tmp_path / "x.gif", [])
    assert list(tmp_path.iterdir()) == []


def test_grid_probabilities_are_the_models(default_run):
    model, _, _, writer = default_run
    grid = writer.recorder.grid
    probs = probability_grid(model, grid)
    x, y = grid.points()[5 * grid.resolution + 7]
    with torch.no_grad():
        expected = torch.sigmoid(model(torch.tensor([[x, y]], dtype=torch.float32))).item()
    assert probs[5, 7] == pytest.approx(expected, abs=1e-6)
    assert np.array_equal(writer.recorder.snapshots[-1].probs, probs)
