"""Wide frames decoded from what was written: neuron tiles, many-class surfaces, the landscape panel."""

import imageio.v3 as iio
import numpy as np
import pytest
import torch
from click.testing import CliRunner
from scipy import ndimage

from model import EpochMetrics, TrainConfig, load_dataset, make_mlp, set_seed, train
from model.callbacks import SurfaceRecorder
from cli.main import cli
from render.gif.stream import encode_gif
from render.gif.composite import WideFrameRenderer
from render.gif.wide_palette import CLASS_SHADE, SHADES, TILE_RAMP, TILE_STEPS, wide_palette

PALETTE_RGB = np.frombuffer(wide_palette(), dtype=np.uint8).reshape(-1, 3)


def _indices(rgb: np.ndarray) -> np.ndarray:
    """Palette indices of a decoded RGB frame (every colour is exactly one palette entry)."""
    key = lambda a: (a[..., 0].astype(np.int64) << 16) | (a[..., 1].astype(np.int64) << 8) | a[..., 2]  # noqa: E731
    lookup = {int(k): i for i, k in enumerate(key(PALETTE_RGB))}
    codes = key(rgb[..., :3])
    out = np.vectorize(lookup.__getitem__, otypes=[np.uint8])(codes)
    return out


def _run(args):
    return CliRunner().invoke(cli, ["train", "--quiet", *args], catch_exceptions=False)


def _outputs(d):
    return ["--gif", str(d / "t.gif"), "--figure", str(d / "f.png"), "--snapshots", str(d / "s.npz")]


def _hand_made_net():
    """Two tanh units: unit 0 = tanh(10 x1) (on where x1 > 0), unit 1 = tanh(-10 x2) (on where x2 < 0)."""
    net = make_mlp((2,), "tanh")
    with torch.no_grad():
        for p in net.parameters():
            p.zero_()
        net[0].weight.copy_(torch.tensor([[10.0, 0.0], [0.0, -10.0]]))
        net[2].weight.copy_(torch.tensor([[1.0, -1.0]]))
    return net


def test_a_unit_is_drawn_in_the_active_colour_where_it_is_on(tmp_path):
    data = load_dataset("circles", seed=0)
    net = _hand_made_net()
    recorder = SurfaceRecorder(units=True, params=True)
    recorder.on_train_start(net, data)
    pred = np.zeros(len(data.y_train), dtype=np.int64), np.zeros(len(data.y_test), dtype=np.int64)
    recorder.on_epoch_end(net, data, EpochMetrics(1, 1, 0.5, 0.5, 0.5, 0.5, *pred))
    renderer = WideFrameRenderer(recorder.grid, data, 1, 480, hidden=(2,), neurons=True)
    gif = tmp_path / "u.gif"
    gif.write_bytes(encode_gif([renderer.render(recorder.snapshots[0])], renderer.palette))
    frame = _indices(iio.imread(gif, index=0))
    on, off = TILE_RAMP + TILE_STEPS - 1, TILE_RAMP  # +1 blue, -1 orange
    # the plane's centre is near (0, 0): sample a quarter in from each side of the tile
    row, col, side = renderer.neurons.tile_box(0)
    assert frame[row + side // 2, col + side * 3 // 4] == on and frame[row + side // 2, col + side // 4] == off
    row, col, side = renderer.neurons.tile_box(1)
    assert frame[row + side * 3 // 4, col + side // 2] == on and frame[row + side // 4, col + side // 2] == off


def test_tile_count_equals_hidden_units_and_the_frame_grows_left(tmp_path):
    result = _run(["--epochs", "3", "--hidden", "5,3", "--neurons", *_outputs(tmp_path)])
    assert result.exit_code == 0, result.output
    frames = iio.imread(tmp_path / "t.gif", index=None)
    assert frames.shape[0] == 3 and frames.shape[2] > 480
    index = _indices(frames[-1])
    tiles = (index >= TILE_RAMP) & (index < TILE_RAMP + TILE_STEPS)
    labels, n = ndimage.label(tiles[:, : frames.shape[2] - 480])  # the tile panel, left of the surface
    sizes = ndimage.sum(tiles[:, : frames.shape[2] - 480], labels, range(1, n + 1))
    big = int((sizes >= 0.6 * sizes.max()).sum())
    assert big == 2 + 5 + 3  # the two input tiles, then one per hidden unit


def test_three_class_frame_shows_each_class_where_it_is_predicted(tmp_path):
    result = _run(["--dataset", "blobs", "--classes", "3", "--epochs", "60", "--hidden", "8", *_outputs(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "test accuracy 100.0%" in result.stdout
    frame = _indices(iio.imread(tmp_path / "t.gif", index=None)[-1])
    from render.files.snapshots import load_snapshots

    run = load_snapshots(tmp_path / "s.npz")
    assert run.snapshots[-1].probs.shape == (3, 64, 64) and run.title == "make_blobs(n_samples=100, centers=3)"
    renderer = WideFrameRenderer(run.grid, run.data, run.epochs, 480)
    for c in range(3):
        centre = run.data.x_train[run.data.y_train == c].mean(axis=0)
        pixels = renderer.layout.to_pixel(centre[None] + [[0.35 * (1 if c != 1 else -1), 0.0]]).round().astype(int)[0]
        patch = frame[pixels[0] - 2 : pixels[0] + 3, pixels[1] - 2 : pixels[1] + 3]
        shades = (patch >= CLASS_SHADE + c * SHADES) & (patch < CLASS_SHADE + (c + 1) * SHADES)
        assert shades.mean() > 0.5, (c, np.unique(patch))
    from render.figure.decision import _light
    from render.palette import PALETTE

    figure = iio.imread(tmp_path / "f.png")[..., :3].astype(int)
    for colour in PALETTE.classes(3):  # each class's light region covers part of the figure
        region = np.round(np.array(_light(colour)) * 255)
        assert np.mean(np.all(np.abs(figure - region) <= 2, axis=-1)) > 0.05, colour


def test_binary_frames_stay_in_the_64_colour_palette(default_run):
    """The wide palette starts with the binary one, and a two-class frame uses only those 64 entries, unchanged."""
    from render.gif.frames import FrameRenderer, gif_palette

    assert wide_palette()[: len(gif_palette())] == gif_palette()
    _, data, _, writer = default_run
    rec = writer.recorder
    wide = WideFrameRenderer(rec.grid, data, len(rec.snapshots), 240)
    plain = FrameRenderer(rec.grid, data, len(rec.snapshots), 240)
    for snap in (rec.snapshots[0], rec.snapshots[len(rec.snapshots) // 2], rec.snapshots[-1]):
        frame = wide.render(snap)
        assert frame.max() < len(gif_palette()) // 3
        assert np.array_equal(frame, plain.render(snap))


def _nine_labels(tmp_path, labels):
    path = tmp_path / "k.csv"
    rows = "".join(f"{i % 5},{i // 5},{labels[i % len(labels)]}\n" for i in range(60))
    path.write_text("x1,x2,label\n" + rows)
    return str(path)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--neurons", "--hidden", "32,32"], "neuron tiles fit at most 16 units per layer and 4 hidden layers. Got hidden 32,32 instead."),
        (["--neurons", "--hidden", "4,4,4,4,4"], "neuron tiles fit at most 16 units per layer and 4 hidden layers. Got hidden 4,4,4,4,4 instead."),
        (["--landscape", "--epochs", "1"], "the loss landscape needs at least 2 recorded epochs. Got 1 instead."),
        (["--dataset", "moons", "--classes", "3"], "dataset 'moons' offers 2 classes. Got 3 instead."),
        (["--batch-size", "0"], "batch size must be a positive integer. Got '0' instead."),
        (["--directions", "sideways"], "Invalid value for '--directions': 'sideways' is not one of 'pca', 'random'."),
        (["--directions", "random", "--epochs", "1"], "the loss landscape needs at least 2 recorded epochs. Got 1 instead."),
    ],
)
def test_bad_view_options_are_one_line_and_write_nothing(tmp_path, args, message):
    result = _run([*args, *_outputs(tmp_path)])
    assert result.exit_code == 2 and result.stderr == f"error: {message}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "labels, message",
    [
        (list(range(9)), "may hold at most 8 classes. Got 9 labels instead."),
        ([0, 1, 2, 4], "labels must be the integers 0..3. Got 0, 1, 2, 4 instead."),
        ([0, 1, 2.5], "labels must be the integers 0..2. Got 0, 1, 2.5 instead."),
    ],
)
def test_bad_class_labels_are_one_line(tmp_path, labels, message):
    out = tmp_path / "out"
    out.mkdir()
    result = _run(["--csv", _nine_labels(tmp_path, labels), *_outputs(out)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and message in result.stderr
    assert list(out.iterdir()) == []


def test_csv_with_another_dataset_is_an_error_and_csv_alone_implies_it(tmp_path):
    csv = _nine_labels(tmp_path, [0, 1])
    result = _run(["--dataset", "moons", "--csv", csv, *_outputs(tmp_path)])
    assert result.exit_code == 2 and result.stderr == "error: a CSV path needs dataset 'csv'. Got dataset 'moons' instead.\n"
    result = _run(["--csv", csv, "--epochs", "2", *_outputs(tmp_path)])
    assert result.exit_code == 0, result.output


def test_landscape_run_writes_the_panel_and_the_path(tmp_path):
    result = _run(["--epochs", "20", "--hidden", "4", "--landscape", "--neurons", *_outputs(tmp_path)])
    assert result.exit_code == 0, result.output
    from render.files.snapshots import load_snapshots

    run = load_snapshots(tmp_path / "s.npz")
    assert run.landscape is not None and run.landscape.loss.shape == (41, 41) and run.landscape.path.shape == (21, 2)
    assert np.allclose(run.landscape.path[-1], 0.0)  # the plane passes through the final weights
    frames = iio.imread(tmp_path / "t.gif", index=None)
    assert frames.shape[0] == 20 and frames.shape[2] > 480 + 300
    assert run.landscape.kind == "pca"
    from render.gif.frames import MARKER
    from render.gif.wide_palette import LOSS_RAMP, LOSS_STEPS

    first, last = (_indices(frames[k]) for k in (0, -1))
    ramp = (last >= LOSS_RAMP) & (last < LOSS_RAMP + LOSS_STEPS)
    rows, cols = np.nonzero(ramp)
    top, bottom, left, right = rows.min(), rows.max(), cols.min(), cols.max()  # the plot square, found in the pixels
    assert abs((bottom - top) - (right - left)) <= 2 and left > frames.shape[2] // 2
    panel = (slice(top, bottom + 1), slice(left, right + 1))
    grown = (last[panel] == MARKER).sum() - (first[panel] == MARKER).sum()
    assert grown > 40  # the path drawn so far is longer at the last epoch than at the first
    a, b = run.landscape.alphas, run.landscape.betas
    x = left + (0 - a[0]) / (a[-1] - a[0]) * (right - left)  # the final weights: (0, 0) on the plane
    y = top + (b[-1] - 0) / (b[-1] - b[0]) * (bottom - top)
    near = last[int(y) - 5 : int(y) + 6, int(x) - 5 : int(x) + 6]
    assert (near == MARKER).sum() >= 10  # the marker sits on the final weights at the last epoch


def test_directions_random_alone_draws_a_random_filter_normalised_plane(tmp_path):
    from cli.train import LANDSCAPE_PLANES
    from model.landscape import DIRECTIONS
    from render.files.snapshots import load_snapshots

    assert LANDSCAPE_PLANES == DIRECTIONS
    result = _run(["--epochs", "20", "--hidden", "4", "--directions", "random", *_outputs(tmp_path)])
    assert result.exit_code == 0, result.output
    land = load_snapshots(tmp_path / "s.npz").landscape
    assert land is not None and land.kind == "random" and land.loss.shape == (41, 41)
    assert np.all(land.directions[:, 8:12] == 0.0)  # the hidden biases stay put, as filter normalisation does
    assert frames_differ_from_pca(tmp_path)


def frames_differ_from_pca(tmp_path) -> bool:
    """The random plane's panel is not the PCA plane's: the same run with the default plane draws other pixels."""
    random_frame = iio.imread(tmp_path / "t.gif", index=None)[-1]
    other = tmp_path / "pca"
    other.mkdir()
    assert _run(["--epochs", "20", "--hidden", "4", "--landscape", *_outputs(other)]).exit_code == 0
    pca_frame = iio.imread(other / "t.gif", index=None)[-1]
    assert random_frame.shape == pca_frame.shape
    side = random_frame.shape[0]  # the surface is the first square: the same run, so the same pixels
    assert np.array_equal(random_frame[:, :side], pca_frame[:, :side])
    changed = np.any(random_frame[:, side:] != pca_frame[:, side:], axis=-1).mean()
    return changed > 0.2  # another plane: most of the landscape panel is drawn anew, not a pixel or two


def test_a_big_csv_trains_in_mini_batches_and_draws_a_bounded_sample(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30_000, 2))
    y = (np.hypot(x[:, 0], x[:, 1]) < 1.1).astype(int)
    path = tmp_path / "big.csv"
    np.savetxt(path, np.column_stack([x, y]), fmt=["%.4f", "%.4f", "%d"], delimiter=",", header="x1,x2,label", comments="")
    out = tmp_path / "out"
    out.mkdir()
    result = _run(["--csv", str(path), "--epochs", "3", "--hidden", "8,8", *_outputs(out)])
    assert result.exit_code == 0, result.output
    from render.files.snapshots import load_snapshots

    run = load_snapshots(out / "s.npz")
    assert len(run.data.x) == 2000 and len(run.data.x_train) == 1400  # the drawn sample keeps the 70/30 split
    assert run.title == "big.csv: 30000 points, 2 classes, 2,000 drawn at random"
    assert float(result.stdout.split("test accuracy ")[1].split("%")[0]) > 90.0  # 3 epochs of mini-batches learn it
    assert iio.imread(out / "t.gif", index=None).shape == (3, 480, 480, 3)
