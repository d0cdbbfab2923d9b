"""The training replay colours the surface by class, shows the snapshot file's numbers, and renders to the expected video."""

from pathlib import Path

import av
import numpy as np
import pytest
import torch
from manim import DOWN, LEFT, Circle, Text

from model import SurfaceRecorder, TrainConfig, load_dataset, make_mlp, set_seed, train
from render.palette import PALETTE, hex_to_rgb
from render.files.snapshots import SnapshotRun, load_snapshots, save_snapshots
from scenes.ticker import FONT, LABEL_SIZE, Ticker
from scenes.training import BEATS, SNAPSHOTS_ENV_VAR, TrainingReplay, snapshots_path
from render.speech.voice import CACHE_ENV_VAR, VOICE_ENV_VAR, make_engine, speak
from scenes.training_beats import ReplayBeats, captions
from scenes.kit import subtitle_chunks
from render.video_frames.surface import surface_pixels
from scenes.training_mobjects import ReplayBoard, epoch_index, make_replay_animation, readout_text
from tests.scene_checks import render, scene_classes, subtitles, video_seconds

ROOT = Path(__file__).resolve().parents[1]
SCENE_FILE = ROOT / "scenes" / "training.py"
EPOCHS = 20


@pytest.fixture(scope="module")
def snapshot_file(tmp_path_factory):
    """A short recorded run saved the way `lesson train` saves one."""
    torch.set_num_threads(1)
    data = load_dataset("circles", seed=0)
    set_seed(0)
    recorder = SurfaceRecorder(resolution=32)
    train(make_mlp(), data, TrainConfig(epochs=EPOCHS), [recorder])
    path = tmp_path_factory.mktemp("replay") / "snapshots.npz"
    save_snapshots(path, SnapshotRun(recorder.grid, data, recorder.snapshots, EPOCHS, "circles, test run"))
    return path


@pytest.fixture(scope="module")
def board(snapshot_file):
    run = load_snapshots(snapshot_file)
    board = ReplayBoard.build(run, image_size=64)
    board.show(len(run.snapshots) - 1)
    return board


def test_scene_file_defines_exactly_one_scene():
    assert scene_classes(SCENE_FILE) == ["TrainingReplay"]


def test_pixels_take_the_colour_of_the_predicted_class():
    probs = np.zeros((16, 16), dtype=np.float32)
    probs[:, :8] = 0.95  # left half class 1
    probs[:, 8:] = 0.05  # right half class 0
    image = surface_pixels(probs, size=64)
    assert image.shape == (64, 64, 4) and image.dtype == np.uint8
    assert (image[..., 3] == 255).all()
    screen = np.array(hex_to_rgb(PALETTE.screen))
    for (row, col), colour in (((32, 5), PALETTE.class1), ((32, 58), PALETTE.class0)):
        pixel, target = image[row, col, :3].astype(float), np.array(hex_to_rgb(colour)) - screen
        tint = pixel - screen
        assert np.dot(tint, target) / (np.linalg.norm(tint) * np.linalg.norm(target)) > 0.99, (row, col, pixel)
    assert image[32, 31:33, :3].min() > 200  # the p = 0.5 line is drawn in ink (white)


def test_confidence_deepens_the_tint():
    faint, strong = (surface_pixels(np.full((4, 4), p, dtype=np.float32), size=8)[4, 4, :3] for p in (0.6, 0.99))
    screen = np.array(hex_to_rgb(PALETTE.screen))
    assert np.abs(strong - screen).sum() > np.abs(faint.astype(int) - screen).sum()


def test_surface_pixels_rejects_a_grid_that_is_not_square():
    with pytest.raises(ValueError, match=r"probs must be a square grid .* Got shape \(3, 4\)"):
        surface_pixels(np.zeros((3, 4)))


def test_shown_numbers_equal_the_snapshot_file(snapshot_file, board):
    with np.load(snapshot_file) as z:
        epoch, train_acc, test_acc, loss = int(z["epoch"][-1]), float(z["train_acc"][-1]), float(z["test_acc"][-1]), float(z["train_loss"][-1])
    run = board.run
    assert board.readout.text == readout_text(run.snapshots[-1], run.epochs)
    assert board.readout.text.split() == ["epoch", f"{epoch}/{EPOCHS}", "loss", f"{loss:.4f}", "train", f"{train_acc:.0%}", "test", f"{test_acc:.0%}"]
    result = captions(run)["result"]
    assert f"train accuracy {train_acc:.0%}" in result and f"test accuracy {test_acc:.0%}" in result
    np.testing.assert_allclose(board.loss.marker.get_center(), board.loss.axes.c2p(epoch, loss), atol=1e-9)
    np.testing.assert_allclose(board.accuracy.marker.get_center(), board.accuracy.axes.c2p(epoch, train_acc), atol=1e-9)


def test_replay_spends_longer_on_early_epochs(board):
    animation = make_replay_animation(board, run_time=10.0, power=2.0)
    assert animation.run_time == 10.0
    count = len(board.run.snapshots)
    assert epoch_index(animation.rate_func(0.5), count) == round(0.25 * (count - 1))
    assert [epoch_index(p, count) for p in (-1.0, 0.0, 1.0, 2.0)] == [0, 0, count - 1, count - 1]


def test_ticker_keeps_its_template():
    ticker = Ticker("epoch 000/000")
    ticker.set_text("epoch  37/150")
    assert ticker.text == "epoch  37/150"
    with pytest.raises(ValueError, match=r"text must match the template 'epoch 000/000'. Got 'epoch 1/150'"):
        ticker.set_text("epoch 1/150")
    with pytest.raises(ValueError, match=r"template needs a character that never changes.*Got '00 0'"):
        Ticker("00 0")


def test_ticker_puts_digits_where_a_typeset_line_has_them():
    ticker = Ticker("loss 0.0000").set_text("loss 0.6590")
    typeset = Text("loss 0.6590", font=FONT, font_size=LABEL_SIZE, disable_ligatures=True)
    typeset.shift(ticker[0].get_corner(DOWN + LEFT) - typeset[0].get_corner(DOWN + LEFT))
    drawn = [(mine, theirs) for mine, theirs in zip(ticker, typeset, strict=True) if len(theirs.points)]  # spaces have no glyph
    assert len(drawn) >= len("loss0.6590")  # every visible character is compared, not just some
    for mine, theirs in drawn:
        np.testing.assert_allclose(mine.get_center(), theirs.get_center(), atol=2e-3)


def test_snapshots_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(SNAPSHOTS_ENV_VAR, str(tmp_path / "run.npz"))
    assert snapshots_path() == tmp_path / "run.npz"
    monkeypatch.delenv(SNAPSHOTS_ENV_VAR)
    assert snapshots_path() == ROOT / "out" / "snapshots.npz"


def test_missing_snapshots_name_the_file_and_make_demo(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"missing\.npz.*make demo"):
        load_snapshots(tmp_path / "missing.npz")


def test_every_beat_has_a_method_and_a_caption():
    assert [name for name, _ in BEATS] == ["data", "untrained", "training", "result"]
    source = SCENE_FILE.read_text(encoding="utf-8")
    assert all(f'self.play_beat("{name}")' in source and hasattr(ReplayBeats, name) for name, _ in BEATS)


@pytest.mark.slow
def test_render_matches_expected_duration_and_writes_subtitles(snapshot_file, tmp_path):
    render("scenes/training.py", tmp_path, {SNAPSHOTS_ENV_VAR: str(snapshot_file), VOICE_ENV_VAR: "none"})
    video = next(tmp_path.rglob("TrainingReplay.mp4"))
    seconds = video_seconds(video)
    assert seconds == pytest.approx(TrainingReplay.expected_duration(), rel=0.1)
    with av.open(str(video)) as container:
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]
    assert frames[-1].shape == (480, 854, 3)
    corner = frames[-1][2, 2].astype(int)  # the dark screen colour, not manim's black
    assert np.abs(corner - hex_to_rgb(PALETTE.screen)).max() <= 3
    assert np.abs(frames[-1].astype(int) - frames[len(frames) // 3].astype(int)).mean() > 1.0  # the surface moved
    texts = captions(load_snapshots(snapshot_file)).values()
    assert [e.content for e in subtitles(video, seconds)] == [cue for text in texts for cue in subtitle_chunks(text)]


@pytest.mark.slow
def test_narrated_render_lasts_as_long_as_its_voice(snapshot_file, tmp_path):
    env = {SNAPSHOTS_ENV_VAR: str(snapshot_file), VOICE_ENV_VAR: "piper", CACHE_ENV_VAR: str(tmp_path / "speech")}
    render("scenes/training.py", tmp_path, env)
    video = next(tmp_path.rglob("TrainingReplay.mp4"))
    texts = captions(load_snapshots(snapshot_file))
    speech = {name: speak(text, make_engine("piper"), tmp_path / "speech").seconds for name, text in texts.items()}
    assert len(list((tmp_path / "speech").iterdir())) == len(BEATS)  # each text synthesised once, then read back
    seconds = video_seconds(video)
    assert seconds == pytest.approx(TrainingReplay.expected_duration(speech), abs=0.2)
    assert seconds > TrainingReplay.expected_duration() + 2  # the voice, not the animation, sets the pace
    with av.open(str(video)) as container:
        audio = np.concatenate([f.to_ndarray().ravel() for f in container.decode(audio=0)])
    assert np.sqrt(np.mean(audio.astype(float) ** 2)) > 0.01  # it speaks


def test_misclassified_points_are_ringed(snapshot_file):
    run = load_snapshots(snapshot_file)
    surface = ReplayBoard.build(run, image_size=32).surface
    per_ring = len(Circle(radius=0.1).points)
    for index in (0, len(run.snapshots) - 1):
        surface.show(index)
        snap = run.snapshots[index]
        wrong = int((snap.train_pred != run.data.y_train).sum() + (snap.test_pred != run.data.y_test).sum())
        assert len(surface.mistakes.points) == wrong * per_ring


def test_a_frame_showing_the_same_epoch_is_not_drawn_again():
    from scenes.replay_camera import HoldingCamera

    camera, shown = HoldingCamera(), {"epoch": 0}
    camera.key = lambda: shown["epoch"]
    dot = Circle(radius=0.5).set_fill(PALETTE.ink, opacity=1).set_stroke(width=0)
    background = camera.background.copy()

    def draw() -> np.ndarray:
        camera.set_frame_to_background(background)
        camera.capture_mobjects([dot])
        return camera.pixel_array.copy()

    first = draw()
    dot.shift(LEFT * 2)  # would move, but the key says the frame shows the same epoch: the pixels stay
    assert np.array_equal(draw(), first)
    shown["epoch"] = 1
    moved = draw()
    assert not np.array_equal(moved, first)
    camera.key = None  # outside the replay every frame is drawn
    dot.shift(DOWN)
    assert not np.array_equal(draw(), moved)


def test_a_faded_picture_matches_what_it_shows(board):
    from scenes.kit import ImageCamera
    from scenes.replay_fade import RasterFadeIn

    for mobject in (board.loss, board.readout):
        direct, pictured = ImageCamera(), ImageCamera()
        direct.capture_mobjects([mobject])
        fade = RasterFadeIn(mobject)
        pictured.capture_mobjects(fade.pictures)
        assert np.abs(direct.pixel_array.astype(int) - pictured.pixel_array.astype(int)).max() <= 2
        fade.interpolate_mobject(0.5)
        half = ImageCamera()
        half.capture_mobjects(fade.pictures)
        bright = direct.pixel_array[..., :3].astype(int).sum(axis=2) > 600  # glyph cores, in ink on the screen
        mid = half.pixel_array[..., :3].astype(int)[bright].mean()
        assert 0.3 * 255 < mid < 0.8 * 255  # halfway (eased): neither the screen nor full ink
