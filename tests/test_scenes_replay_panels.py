"""The replay's network shows each unit's recorded activation in a tile at its place and each weight as an edge."""

from dataclasses import replace

import av
import numpy as np
import pytest
from click.testing import CliRunner
from manim import config

from cli.main import cli
from render.palette import PALETTE, hex_to_rgb
from render.files.snapshots import load_snapshots, save_snapshots
from render.speech.voice import VOICE_ENV_VAR
from render.gif.tiles import weight_matrices
from render.video_frames.panels import LEVELS, edge_levels, tile_pixels
from scenes.replay_network import ReplayNetwork
from scenes.replay_panels import ReplayPanels
from scenes.script import TRAINING_NETWORK
from scenes.training_beats import ReplayBeats, captions
from scenes.names import SNAPSHOTS_ENV_VAR
from scenes.training_mobjects import ReplayBoard
from tests.scene_checks import render

HIDDEN = (4, 3)


def _train(d, *extra) -> object:
    args = ["train", "--epochs", "12", "--hidden", ",".join(map(str, HIDDEN)), "--neurons", "--quiet",
            "--gif", str(d / "t.gif"), "--figure", str(d / "f.png"), "--snapshots", str(d / "s.npz"), *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return load_snapshots(d / "s.npz")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return _train(tmp_path_factory.mktemp("panels"), "--landscape")


@pytest.fixture(scope="module")
def beats(run):
    return ReplayBeats(run)


def _edges_drawn(network: ReplayNetwork) -> dict[int, int]:
    """Edges in each bucket: a straight edge is one cubic of 4 points."""
    return {k: len(bucket.points) // 4 for k, bucket in enumerate(network.buckets)}


def test_one_tile_per_hidden_unit_and_one_node_per_output(beats):
    network = beats.board.panels.network
    assert len(network.tiles) == sum(HIDDEN) and len(network.inputs) == 2 and len(network.outputs) == 1


def test_tile_colours_mean_the_activation():
    pixels = tile_pixels(np.array([[[-1.0, 0.0, 1.0]]], dtype=np.float32), bounded=True)[0, 0]
    assert pixels[:, :3].tolist() == [list(hex_to_rgb(c)) for c in (PALETTE.class0, PALETTE.screen, PALETTE.class1)]
    scaled = tile_pixels(np.array([[[0.0, 2.0, 4.0]]], dtype=np.float32), bounded=False)[0, 0]  # relu: own scale
    assert scaled[2, :3].tolist() == list(hex_to_rgb(PALETTE.class1)) and scaled[1, 2] < scaled[2, 2]


def test_tiles_show_the_snapshot_on_screen(run, beats):
    network, last = beats.board.panels.network, len(run.snapshots) - 1
    first = [tile.pixel_array.copy() for tile in network.tiles]
    beats.board.show(last)
    units = run.snapshots[last].units
    unit = int(np.argmax(np.abs(units).reshape(len(units), -1).max(axis=1)))  # the unit reaching furthest from 0
    row, col = np.unravel_index(np.argmax(np.abs(units[unit])), units[unit].shape)
    pixel = network.tiles[unit].pixel_array[row, col, :3].astype(int)
    sign_colour = np.array(hex_to_rgb(PALETTE.class1 if units[unit][row, col] > 0 else PALETTE.class0))
    other = np.array(hex_to_rgb(PALETTE.class0 if units[unit][row, col] > 0 else PALETTE.class1))
    assert np.abs(pixel - sign_colour).sum() < np.abs(pixel - other).sum()  # an active unit shows its sign's colour
    assert np.array_equal(network.tiles[unit].pixel_array, tile_pixels(units, True)[unit])
    assert any(not np.array_equal(a, tile.pixel_array) for a, tile in zip(first, network.tiles))
    beats.board.show(0)


def test_edges_carry_each_weights_sign_and_size(run, beats):
    network = beats.board.panels.network
    beats.board.show(len(run.snapshots) - 1)
    weights = np.concatenate([w.ravel() for w in weight_matrices(run.snapshots[-1].params, network.widths)])
    levels = edge_levels(weights, network._scale)
    drawn = _edges_drawn(network)
    for sign in (0, 1):
        for level in range(LEVELS):
            expect = int(np.sum((levels == level) & ((weights > 0) == bool(sign))))
            assert drawn[sign * LEVELS + level] == expect
    colours = [bucket.get_stroke_color().to_hex().upper() for bucket in network.buckets]
    assert colours[:LEVELS] == [PALETTE.class0] * LEVELS and colours[LEVELS:] == [PALETTE.class1] * LEVELS
    widths = [bucket.get_stroke_width() for bucket in network.buckets[:LEVELS]]
    assert widths == sorted(widths) and widths[0] < widths[-1]
    beats.board.show(0)


def test_edge_levels_follow_the_share_of_the_largest_weight():
    levels = edge_levels(np.array([0.01, -0.19, 0.5, -1.0, 2.0]), np.full(5, 2.0))
    assert levels.tolist() == [-1, -1, 1, 3, LEVELS - 1]  # 0.19 of 2.0 is below FAINT_EDGE (0.1 of the largest)


def test_edges_run_from_tile_to_tile_where_the_tiles_are(beats):
    network = beats.board.panels.network
    beats.board.show(1)
    points = np.concatenate([b.points.reshape(-1, 4, 3) for b in network.buckets if len(b.points)])
    rights = {tuple(np.round(t.get_right(), 6)) for t in (*network.inputs, *network.tiles)}
    lefts = {tuple(np.round(t.get_left(), 6)) for t in network.tiles} | {tuple(np.round(o.get_left(), 6)) for o in network.outputs}
    assert all(tuple(np.round(p[0], 6)) in rights and tuple(np.round(p[-1], 6)) in lefts for p in points)
    beats.board.show(0)


def test_landscape_path_grows_to_the_snapshot_shown(run, beats):
    land = beats.board.panels.landscape
    beats.board.show(4)
    assert np.allclose(land.marker.get_center(), land.to_scene(run.landscape.path[5:6])[0])
    beats.board.show(len(run.snapshots) - 1)
    assert np.allclose(land.marker.get_center(), land.to_scene(run.landscape.path[-1:])[0])
    beats.board.show(0)


def _box(mob) -> tuple[float, float, float, float]:
    (x0, y0, _), (x1, y1, _) = mob.get_corner([-1, -1, 0]), mob.get_corner([1, 1, 0])
    return x0, y0, x1, y1


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_network_layout_fits_the_frame_without_overlaps(beats):
    board, panels = beats.board, beats.board.panels
    parts = {"network": panels.network, "key": panels.key, "surface": board.surface, "loss": board.loss,
             "accuracy": board.accuracy, "landscape": panels.landscape, "readout": board.readout, "legend": beats.key}
    boxes = {name: _box(mob) for name, mob in parts.items()}
    w, h = config.frame_width / 2, config.frame_height / 2
    for name, (x0, y0, x1, y1) in boxes.items():
        assert -w <= x0 and x1 <= w and -h <= y0 and y1 <= h, name
    names = list(boxes)
    clashes = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :] if _overlap(boxes[a], boxes[b])]
    assert clashes == []
    assert panels.network.get_right()[0] < board.surface.get_left()[0] < board.surface.get_right()[0] < board.loss.get_left()[0]
    assert np.allclose(panels.link.get_end()[0], board.surface.frame.get_left()[0], atol=0.1)


def test_many_outputs_are_coloured_by_class(tmp_path):
    run = _train(tmp_path, "--dataset", "blobs", "--classes", "3")
    network = ReplayPanels(run).network
    assert [o.get_fill_color().to_hex().upper() for o in network.outputs] == list(PALETTE.classes(3))
    assert sum(_edges_drawn(network).values()) <= 2 * 4 + 4 * 3 + 3 * 3


def test_a_landscape_without_tiles_has_a_column_right_of_the_plots(run):
    beats = ReplayBeats(replace(run, snapshots=[replace(s, units=None) for s in run.snapshots]))
    panels, board = beats.board.panels, beats.board
    assert panels.network is None and panels.landscape is not None
    assert panels.get_bottom()[1] >= -3.0 and panels.get_right()[0] <= config.frame_width / 2 - 0.15
    assert panels.get_left()[0] > max(board.loss.get_right()[0], board.accuracy.get_right()[0])
    assert panels.landscape.labels.get_top()[1] < panels.landscape.frame.get_bottom()[1]  # its words under the image


def test_a_plain_run_has_no_panels(run):
    plain = replace(run, landscape=None, snapshots=[replace(s, units=None) for s in run.snapshots])
    assert not ReplayPanels.available(plain) and ReplayBoard.build(plain, image_size=64).panels is None


def test_the_narration_says_what_the_network_colours_mean(run, beats):
    assert beats.captions["untrained"].endswith(TRAINING_NETWORK)
    plain = replace(run, snapshots=[replace(s, units=None) for s in run.snapshots])
    assert TRAINING_NETWORK not in captions(plain)["untrained"]


@pytest.mark.slow
def test_rendered_tiles_show_the_last_snapshot(tmp_path, run, beats):
    """The video's last frame shows each hidden unit's last recorded activation inside that unit's tile."""
    path = tmp_path / "s.npz"
    save_snapshots(path, run)
    render("scenes/training.py", tmp_path, {SNAPSHOTS_ENV_VAR: str(path), VOICE_ENV_VAR: "none"})
    video = next(tmp_path.rglob("TrainingReplay.mp4"))
    with av.open(str(video)) as container:
        last = [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)][-1].astype(float)
    network = beats.board.panels.network
    height, width = last.shape[:2]

    def median_error(units: np.ndarray) -> float:
        """Median colour difference at five points inside every tile between the frame and `units` drawn as tiles."""
        expected = tile_pixels(units, network.bounded)[..., :3].astype(float)  # (units, r, r, 3)
        errors = []
        for unit, tile in enumerate(network.tiles):
            (x0, y0, _), (x1, y1, _) = tile.get_corner([-1, 1, 0]), tile.get_corner([1, -1, 0])
            cols = (np.array([x0, x1]) / config.frame_width + 0.5) * width
            rows = (0.5 - np.array([y0, y1]) / config.frame_height) * height
            for fy, fx in ((0.3, 0.3), (0.3, 0.7), (0.7, 0.3), (0.7, 0.7), (0.5, 0.5)):
                r, c = int(rows[0] + fy * (rows[1] - rows[0])), int(cols[0] + fx * (cols[1] - cols[0]))
                errors.append(np.abs(last[r, c] - expected[unit, int(fy * expected.shape[1]), int(fx * expected.shape[2])]).max())
        return float(np.median(errors))

    shown = run.snapshots[-1].units
    right, first, shifted = median_error(shown), median_error(run.snapshots[0].units), median_error(np.roll(shown, 1, axis=0))
    assert right < 12 and right < first / 3 and right < shifted / 3, (right, first, shifted)


def test_the_gif_and_the_video_hide_the_same_faint_edges():
    from render.gif.tiles import FAINT_EDGE, faint_edges

    weights = np.linspace(-1.0, 1.0, 41)
    hidden = edge_levels(weights, np.full(41, 1.0)) == -1
    assert np.array_equal(hidden, faint_edges(weights, 1.0)) and np.array_equal(hidden, np.abs(weights) < FAINT_EDGE)
