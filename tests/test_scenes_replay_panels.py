"""The replay's neuron tiles and landscape panels show the recorded numbers of the snapshot on screen."""

import numpy as np
import pytest
from click.testing import CliRunner

from cli.main import cli
from render.playground_palette import playground_palette
from render.snapshots import load_snapshots
from scenes.replay_panels import ReplayPanels
from scenes.training_beats import ReplayBeats
from scenes.training_mobjects import ReplayBoard

PALETTE_RGB = np.frombuffer(playground_palette(), dtype=np.uint8).reshape(-1, 3)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("panels")
    args = ["train", "--epochs", "10", "--hidden", "4,3", "--neurons", "--landscape", "--quiet",
            "--gif", str(d / "t.gif"), "--figure", str(d / "f.png"), "--snapshots", str(d / "s.npz")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    return load_snapshots(d / "s.npz")


def test_panels_follow_the_snapshot_shown(run):
    board = ReplayBoard.build(run, image_size=64)
    panels = board.panels
    assert isinstance(panels, ReplayPanels) and panels.tiles is not None and panels.landscape is not None
    first_tiles, first_path = panels.tiles.pixel_array.copy(), panels.landscape.pixel_array.copy()
    board.show(len(run.snapshots) - 1)
    snap = run.snapshots[-1]
    expect = PALETTE_RGB[panels._tiles.render(snap.units, snap.params)]
    assert np.array_equal(panels.tiles.pixel_array[..., :3], expect)
    assert not np.array_equal(panels.tiles.pixel_array, first_tiles)
    assert not np.array_equal(panels.landscape.pixel_array, first_path)  # the path has grown


def test_panels_fit_on_screen_below_the_plots(run):
    beats = ReplayBeats(run)
    panels = beats.board.panels
    assert panels.get_bottom()[1] >= -4.0 and panels.get_top()[1] < beats.board.accuracy.get_bottom()[1]


def test_a_plain_run_has_no_panels(run):
    from dataclasses import replace

    plain = replace(run, landscape=None, snapshots=[replace(s, units=None) for s in run.snapshots])
    assert not ReplayPanels.available(plain) and ReplayBoard.build(plain, image_size=64).panels is None
