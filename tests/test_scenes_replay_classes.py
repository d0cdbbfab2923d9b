"""The replay and the lecture draw runs with k > 2 classes: winning-class surface, ink boundaries, k-colour key, true words."""

import hashlib

import numpy as np
import pytest
from click.testing import CliRunner
from manim import Text, config

from cli.main import cli
from model import layer_widths, make_mlp
from render.palette import PALETTE, hex_to_rgb
from render.files.snapshots import load_snapshots
from render.video_frames.surface import class_pixels, outline_colour, surface_pixels
from render.speech.voice import VOICE_ENV_VAR
from scenes.kit import LINE_CHARS, subtitle_chunks
from scenes.lecture_mobjects import NetworkDiagram
from scenes.names import SNAPSHOTS_ENV_VAR
from scenes.run_words import data_notes, dataset_caption, dataset_words, lecture_words, title_subtitle, training_words
from scenes.script import LECTURE, LECTURE_CLASSES, LECTURE_DATASET, TRAINING, TRAINING_CLASSES, TRAINING_DATASET
from scenes.training_beats import ReplayBeats, captions
from scenes.training_mobjects import ReplayBoard, legend
from tests.scene_checks import render, subtitles, video_seconds

SCREEN = np.array(hex_to_rgb(PALETTE.screen), dtype=float)
HALF_WIDTH = config.frame_width / 2  # 7.11: the frame's right edge


def _train(directory, *args: str):
    """Train with the command line as a user does; the snapshots file it wrote."""
    out = [directory / "t.gif", directory / "f.png", directory / "s.npz"]
    command = ["train", *args, "--quiet", "--size", "120", "--gif", str(out[0]), "--figure", str(out[1]), "--snapshots", str(out[2])]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    return out[2]


@pytest.fixture(scope="module")
def run_file(tmp_path_factory):
    """Three blobs, trained briefly the way `lesson train` does."""
    return _train(tmp_path_factory.mktemp("blobs"), "--dataset", "blobs", "--classes", "3", "--epochs", "10")


@pytest.fixture(scope="module")
def run(run_file):
    return load_snapshots(run_file)


@pytest.fixture(scope="module")
def eight(tmp_path_factory):
    """Eight classes read from a CSV file."""
    d = tmp_path_factory.mktemp("eight")
    rng = np.random.default_rng(0)
    y = np.arange(160) % 8
    angle = 2 * np.pi * y / 8
    x = 2 * np.stack([np.cos(angle), np.sin(angle)], axis=1) + rng.normal(scale=0.4, size=(160, 2))
    rows = "".join(f"{a:.4f},{b:.4f},{label}\n" for (a, b), label in zip(x, y, strict=True))
    (d / "eight.csv").write_text("x1,x2,label\n" + rows, encoding="utf-8")
    return load_snapshots(_train(d, "--csv", str(d / "eight.csv"), "--epochs", "5"))


def _expected_tint(p: np.ndarray) -> np.ndarray:
    """(k,) probabilities at one grid point -> the RGB the surface must show there, away from any boundary."""
    k = len(p)
    sure = np.clip((p.max() - 1 / k) / (1 - 1 / k), 0, 1)
    colour = np.array(hex_to_rgb(PALETTE.classes(k)[int(p.argmax())]), dtype=float)
    return SCREEN + (colour - SCREEN) * (0.12 + 0.38 * sure)


def test_three_class_pixels_take_the_predicted_class_colour(run):
    probs = run.snapshots[-1].probs  # (3, res, res)
    res = probs.shape[-1]
    image = surface_pixels(probs, size=4 * (res - 1) + 1)  # grid point (i, j) lands exactly on pixel (4i, 4j)
    winner = probs.argmax(axis=0)
    padded = np.pad(winner, 1, mode="edge")
    settled = np.all([padded[1 + dy : 1 + dy + res, 1 + dx : 1 + dx + res] == winner for dy in (-1, 0, 1) for dx in (-1, 0, 1)], axis=0)
    shown = set()
    for i, j in zip(*np.nonzero(settled), strict=True):  # every point whose neighbours agree: no boundary near it
        np.testing.assert_allclose(image[4 * i, 4 * j, :3], _expected_tint(probs[:, i, j]), atol=1.5)
        shown.add(int(winner[i, j]))
    assert shown == {0, 1, 2}  # all three colours appear, each where the model predicts its class


def test_boundaries_are_inked_where_the_prediction_changes(run):
    probs = run.snapshots[-1].probs
    res = probs.shape[-1]
    image = surface_pixels(probs, size=4 * (res - 1) + 1).astype(int)
    winner = probs.argmax(axis=0)
    changes = np.argwhere(winner[:, 1:] != winner[:, :-1])  # (n, 2): the change lies between (i, j) and (i, j + 1)
    assert len(changes) > 10
    for i, j in changes:
        between = image[4 * i, 4 * j : 4 * j + 5, :3]
        assert between.min(axis=1).max() > 200, (i, j, between)  # some pixel there is (nearly) white ink


def test_two_class_surface_is_unchanged():
    y, x = np.mgrid[-1:1:32j, -1:1:32j]
    probs = (1 / (1 + np.exp(-4 * (x**2 + 0.5 * y - 0.3)))).astype(np.float32)
    digests = {size: hashlib.sha256(surface_pixels(probs, size).tobytes()).hexdigest()[:16] for size in (64, 240)}
    assert digests == {64: "f3b797be8d33d866", 240: "859b370f9cd2a7b1"}  # the bytes before k-class runs were drawn
    both = class_pixels(np.stack([1 - probs, probs]), 240).astype(int)  # the k-class rule agrees at k = 2
    assert np.abs(both - surface_pixels(probs, 240)).max() <= 2


def test_class_pixels_refuse_a_bad_shape():
    with pytest.raises(ValueError, match=r"probs must be \(classes, n, n\) with 2 to 8 classes. Got shape \(9, 4, 4\)"):
        class_pixels(np.full((9, 4, 4), 1 / 9))


def test_board_accepts_three_classes_and_swaps_the_surface(run):
    board = ReplayBoard.build(run, image_size=48)
    train, test = board.surface.dots
    assert len(train) == len(test) == 3
    for label, cloud in enumerate(train):
        assert cloud.get_fill_color().to_hex().upper() == PALETTE.classes(3)[label].upper()
    board.show(len(run.snapshots) - 1)
    np.testing.assert_array_equal(board.surface.image.pixel_array, surface_pixels(run.snapshots[-1].probs, 48))


def test_class_seven_points_are_outlined_to_show_on_the_dark_screen(eight):
    assert outline_colour(PALETTE.class7) == PALETTE.muted
    assert all(outline_colour(c) == PALETTE.screen for c in PALETTE.classes(7))
    train, test = ReplayBoard.build(eight, image_size=32).surface.dots
    assert train[7].get_stroke_color().to_hex().upper() == PALETTE.muted.upper()
    assert test[7].get_stroke_color(background=True).to_hex().upper() == PALETTE.muted.upper()
    assert train[0].get_stroke_color().to_hex().upper() == PALETTE.screen.upper()


def test_key_fits_the_frame_beside_the_readout(run, eight):
    for shown in (run, eight):
        beats = ReplayBeats(shown)
        key, board = beats.key, beats.board
        assert -HALF_WIDTH < key.get_left()[0] and key.get_right()[0] < HALF_WIDTH
        assert key.get_left()[0] > board.readout.get_right()[0] + 0.2  # clear of the readout
        assert key.get_bottom()[1] > board.loss.get_top()[1] and key.get_left()[0] > beats.title.get_right()[0] + 0.2  # beside the title too
    for k in range(2, 9):  # every class count fits beside the readout, in two rows of two entries
        key = legend(k).to_edge((1, 0, 0), buff=0.2)
        assert key.get_left()[0] > -HALF_WIDTH + 9.9 and [len(row) for row in key] == [2, 2]


def test_key_names_the_boundary_and_keeps_the_two_class_words():
    def words(group):
        return [m.text for m in group.get_family() if isinstance(m, Text)]

    assert "boundary" in words(legend(3)) and "p=0.5" not in words(legend(3))
    assert words(legend(2)) == ["train", "test", "wrong", "p=0.5"]  # train and test above, wrong and the boundary below


def test_three_class_words_say_what_the_run_is(run):
    said = " ".join(captions(run).values())
    assert "The data, make blobs (n samples=100, centers=3): 70 training points" in said  # the caption, as it is read
    for false in ("orange", "p = 0.5", "circles", "blue"):
        assert false not in said.lower()
    facts = {"points": 100, "train": 70, "test": 30, "widths": "2, 16, 16 and 3", "activation": "tanh",
             "dataset": dataset_words(run), "classes": 3}
    lecture = {key: " ".join(text).format(**facts) for key, text in lecture_words(run).items() if key in ("title", "data", "network")}
    assert "3 classes" in lecture["title"] and "make blobs" in lecture["data"] and "softmax" in lecture["network"]
    assert not any(word in " ".join(lecture.values()).lower() for word in ("circles", "rings", "inner class"))
    assert title_subtitle(run) == "From a 3-class classifier to the gradients of a tiny CNN"
    notes = data_notes(run).splitlines()
    assert notes[0] == "make_blobs(n_samples=100, centers=3)" and notes[-2].startswith("train ") and len(notes[-1].split("+")) == 3


def test_captions_are_read_as_words(run):
    from dataclasses import replace

    assert dataset_caption(run) == "make_blobs(n_samples=100, centers=3)"
    assert dataset_words(replace(run, title="points.csv: 240 points, 8 classes")) == "points.csv"
    assert dataset_words(replace(run, title="3-arm spiral, 100 points")) == "3-arm spiral, 100 points"


def test_the_homework_run_keeps_its_words_and_note(run):
    from dataclasses import replace

    from model import load_dataset

    homework = replace(run, data=load_dataset("circles", seed=0), title="")
    assert training_words(homework) == TRAINING and lecture_words(homework) == LECTURE
    assert title_subtitle(homework) == "From a circles classifier to the gradients of a tiny CNN"
    assert data_notes(homework).splitlines()[:2] == ["make_circles(n_samples=100,", "             factor=0.1, noise=0.1)"]
    assert data_notes(homework).splitlines()[-1] == "stratified: 35 + 35 and 15 + 15"


def test_network_chapter_draws_one_output_per_class():
    widths, activation = layer_widths(make_mlp((16, 16), "tanh", classes=3))
    assert widths == (2, 16, 16, 3)
    diagram = NetworkDiagram(widths, activation)
    assert len(diagram.layers[-1]) == 3
    assert diagram.captions[-1][1].text == "3logits→softmax→p"  # manim's Text drops spaces


def test_new_subtitles_fit():
    lecture = [phrase for phrases in (*LECTURE_DATASET.values(), *LECTURE_CLASSES.values()) for phrase in phrases]
    for text in [*TRAINING_DATASET.values(), *TRAINING_CLASSES.values(), *lecture]:
        filled = text.format(train=70, test=30, points=100, classes=8, widths="2, 16, 16 and 8", activation="leaky_relu",
                             dataset="make_blobs(n_samples=100, centers=3)")
        for cue in subtitle_chunks(filled):
            assert all(len(line) <= LINE_CHARS for line in cue.splitlines()) and cue.count("\n") <= 1


@pytest.mark.slow
def test_three_class_replay_renders_at_its_planned_length_with_its_words(run_file, run, tmp_path):
    from scenes.training import TrainingReplay

    render("scenes/training.py", tmp_path, {SNAPSHOTS_ENV_VAR: str(run_file), VOICE_ENV_VAR: "none"})
    video = next(tmp_path.rglob("TrainingReplay.mp4"))
    seconds = video_seconds(video)
    assert seconds == pytest.approx(TrainingReplay.expected_duration(), rel=0.1)
    cues = [entry.content for entry in subtitles(video, seconds)]
    assert cues == [cue for text in captions(run).values() for cue in subtitle_chunks(text)]


def test_wrong_rings_never_share_a_class_colour():
    from render.palette import CLASS_COLOURS

    assert PALETTE.highlight not in CLASS_COLOURS  # the rings take the highlight role, whatever the classes


def test_a_black_class_region_is_tinted_grey_to_show_on_the_dark_screen():
    probs = np.full((8, 8, 8), 0.05 / 7, dtype=np.float32)
    probs[7] = 0.95  # class 7 (black) sure everywhere
    pixel = class_pixels(probs, 16)[8, 8, :3].astype(int)
    screen = np.array(hex_to_rgb(PALETTE.screen))
    assert np.abs(pixel - screen).min() > 40  # black over the screen would be darker than the screen itself
    sure = (0.95 - 1 / 8) / (1 - 1 / 8)
    tint = 0.12 + (0.5 - 0.12) * sure  # the surface's opacity at this confidence
    assert np.abs(pixel - (screen + (np.array(hex_to_rgb(PALETTE.muted)) - screen) * tint)).max() <= 1
