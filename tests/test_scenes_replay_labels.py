"""Every label the replay shows is at least 36 px tall at 1080p, clear of the others, inside the frame above the subtitles."""

import dataclasses

import numpy as np
import pytest
from click.testing import CliRunner
from manim import DL, DOWN, UP, UR, Group, config

from cli.main import cli
from model.network import network_widths
from render.files.snapshots import load_snapshots
from scenes.kit import FLOOR, text
from scenes.lecture_mobjects import NetworkDiagram, notes_beside
from scenes.lecture_replay import SAFE_BOTTOM, PaceTag, fit_above_subtitles
from scenes.run_words import data_notes
from scenes.script import CHAPTER_TITLES
from scenes.training_beats import ReplayBeats
from tests.replay_labels import MIN_CAP, cap_height, labels, px
from tests.scene_layout import overlapping

RUNS = {  # name: the options of `lesson train` that make it
    "two classes": (),
    "three classes": ("--dataset", "blobs", "--classes", "3"),
    "network and landscape": ("--neurons", "--landscape"),
    "three classes, network and landscape": ("--dataset", "blobs", "--classes", "3", "--neurons", "--landscape"),
    "landscape alone": ("--landscape",),
    "relu network": ("--neurons", "--landscape", "--activation", "relu"),  # the key's ramp reads −max and +max
}
EDGE = 0.15  # the frame's margin on the left, right and top


@pytest.fixture(scope="module", params=list(RUNS))
def run(request, tmp_path_factory):
    """A short run of each kind, trained the way `lesson train` trains it."""
    d = tmp_path_factory.mktemp("labels")
    out = ["--gif", str(d / "t.gif"), "--figure", str(d / "f.png"), "--snapshots", str(d / "s.npz")]
    result = CliRunner().invoke(cli, ["train", "--epochs", "12", "--size", "120", "--quiet", *RUNS[request.param], *out])
    assert result.exit_code == 0, result.output
    return load_snapshots(d / "s.npz")


@pytest.fixture(scope="module")
def eight(tmp_path_factory):
    """Eight classes from a CSV file: the widest key."""
    d = tmp_path_factory.mktemp("eight")
    rng = np.random.default_rng(0)
    y = np.arange(160) % 8
    x = 2 * np.stack([np.cos(np.pi * y / 4), np.sin(np.pi * y / 4)], axis=1) + rng.normal(scale=0.4, size=(160, 2))
    (d / "eight.csv").write_text("x1,x2,label\n" + "".join(f"{a:.4f},{b:.4f},{k}\n" for (a, b), k in zip(x, y, strict=True)))
    out = ["--gif", str(d / "t.gif"), "--figure", str(d / "f.png"), "--snapshots", str(d / "s.npz")]
    result = CliRunner().invoke(cli, ["train", "--csv", str(d / "eight.csv"), "--epochs", "5", "--size", "120", "--quiet", *out])
    assert result.exit_code == 0, result.output
    return load_snapshots(d / "s.npz")


def _panels(beats: ReplayBeats) -> dict[str, object]:
    """The pictures the replay lays out, by name, without their labels."""
    board, panels = beats.board, beats.board.panels
    parts = {"surface": board.surface.frame, "loss": board.loss.axes, "accuracy": board.accuracy.axes}
    if panels is not None and panels.network is not None:
        parts |= {"network": Group(panels.network.inputs, panels.network.tiles, panels.network.outputs)}
    if panels is not None and panels.landscape is not None:
        parts |= {"landscape": panels.landscape.frame}
    return parts


def _box(mob) -> np.ndarray:
    """x0, y0, x1, y1."""
    return np.array([*mob.get_corner(DL)[:2], *mob.get_corner(UR)[:2]])


def _clash(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def _check(shown: list, pictures: dict[str, object], floor: float, least: int = 8) -> None:
    """Every label tall enough and clear of every other label and picture; labels and pictures inside the safe area."""
    found = labels(*shown)
    assert len(found) >= least  # the layout holds its words: none went missing
    small = {m.original_text if hasattr(m, "original_text") else m.text: round(px(cap_height(m)), 1)
             for m in found if cap_height(m) < MIN_CAP}
    assert small == {}, small  # px at 1080p
    assert overlapping(found) == []
    w, h = config.frame_width / 2 - EDGE, config.frame_height / 2 - EDGE
    for mob in [*found, *pictures.values()]:
        x0, y0, x1, y1 = _box(mob)
        assert -w - 1e-6 <= x0 and x1 <= w + 1e-6 and y1 <= h + 1e-6 and y0 >= floor - 1e-6, (mob, x0, y0, x1, y1)
    boxes = {name: _box(mob) for name, mob in pictures.items()}
    assert [(a, b) for a in boxes for b in boxes if a < b and _clash(boxes[a], boxes[b])] == []
    assert [(m, name) for m in found for name, box in boxes.items() if _clash(_box(m), box)] == []


def _largest(beats: ReplayBeats) -> None:
    """The surface takes more of the screen than any other picture, and is as tall as the tallest."""
    side = beats.board.surface.frame.width
    for name, mob in _panels(beats).items():
        assert name == "surface" or (mob.width * mob.height < side**2 and mob.height <= side + 1e-6), name


@pytest.fixture(scope="module")
def beats(run):
    """The replay laid out for the run, at its last epoch."""
    beats = ReplayBeats(run)
    beats.board.show(len(run.snapshots) - 1)
    return beats


def test_replay_labels_are_36_px_and_clear(beats):
    _check([beats.title, beats.key, *beats.board.group()], _panels(beats), FLOOR)
    _largest(beats)


def test_lecture_replay_labels_are_36_px_and_clear(run):
    beats = ReplayBeats(run, bottom=SAFE_BOTTOM)
    tag = PaceTag(np.array([1.0, 10.0, 50.0])).move_to(beats.title, aligned_edge=np.array([-1, 0, 0]))
    widest = max(tag.labels.values(), key=lambda label: label.width)  # one tag at a time takes the title's place
    _check([widest, beats.key, *beats.board.group()], _panels(beats), SAFE_BOTTOM)
    _largest(beats)


def test_lecture_network_captions_are_36_px_inside_the_frame(run):
    heading = text(CHAPTER_TITLES["network"], font_size=40).to_edge(UP, buff=0.35)
    diagram = NetworkDiagram(network_widths(run.hidden, run.data.classes), run.activation).next_to(heading, DOWN, buff=0.5)
    fit_above_subtitles(diagram, heading.get_bottom()[1] - 0.4)  # as the lecture places it
    _check([heading, diagram.captions], {}, SAFE_BOTTOM)


def test_lecture_data_notes_are_36_px_beside_the_points(run):
    _notes(run)


def test_eight_classes_counts_are_wrapped_not_shrunk(eight):
    _notes(eight)
    assert data_notes(eight).splitlines()[-4:] == ["train 14 + 14 + 14 + 14", "    + 14 + 14 + 14 + 14",
                                                   "test  6 + 6 + 6 + 6", "    + 6 + 6 + 6 + 6"]


def _notes(shown) -> None:
    """The data chapter's notes beside the points, as the lecture places them."""
    surface = ReplayBeats(shown, bottom=SAFE_BOTTOM).board.surface
    place = surface.frame.get_center()
    block, shift = notes_beside([line for line in data_notes(shown).split("\n") if line.strip()], surface)
    heading = text(CHAPTER_TITLES["data"], font_size=40).to_edge(UP, buff=0.35)
    _check([heading, block], {"surface": surface.frame}, SAFE_BOTTOM, least=5)
    assert np.allclose(surface.frame.get_center(), place - [shift, 0, 0]) and shift >= 0


def test_eight_classes_keep_the_key_36_px_beside_the_readout(eight):
    beats = ReplayBeats(eight)
    _check([beats.title, beats.key, *beats.board.group()], _panels(beats), FLOOR)
    assert beats.key.get_left()[0] > beats.board.readout.get_right()[0]


def test_a_long_description_wraps_inside_the_frame(eight):
    words = "measurements_from_the_second_lab_session_2026_cleaned.csv, hidden 64-64-64-64-64-64 tanh, Adam lr 0.003"
    beats = ReplayBeats(dataclasses.replace(eight, description=words))
    _check([beats.title, beats.key, *beats.board.group()], _panels(beats), FLOOR)
    lines = beats.title.original_text.split("\n")
    assert len(lines) == 2 and " ".join(lines) == words  # broken between words, nothing lost


def test_cap_height_reads_the_size_a_label_is_drawn_at():
    label = text("loss 0.8", font_size=27)
    assert px(cap_height(label)) == pytest.approx(36.9, abs=0.2)  # DejaVu Sans capitals: 0.73 em
    assert px(label[4].height) == pytest.approx(38.3, abs=0.2)  # its "0", measured directly, overshoots a little
    assert px(cap_height(label.scale(0.5))) == pytest.approx(18.5, abs=0.2)


def test_the_readout_digits_are_36_px(beats):
    readout = beats.board.readout
    digits = [glyph for glyph, c in zip(readout, readout.text, strict=True) if c.isdigit()]
    assert len(digits) >= 8 and min(px(glyph.height) for glyph in digits) >= 36.0  # every digit glyph, as drawn
