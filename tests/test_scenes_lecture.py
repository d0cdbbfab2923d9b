"""The lecture: one scene, every chapter a section, subtitles inside the video, and the `lecture` command."""

import json

import pytest
from click.testing import CliRunner

from model import SurfaceRecorder, TrainConfig, load_dataset, make_mlp, set_seed, train
from model.conv import load_example
from cli.main import cli
from cli.lecture import lecture_outputs
from render.snapshots import SnapshotRun, save_snapshots
from model.scene_numbers import scene_numbers
from scenes.lecture import CHAPTERS, Lecture
from tests.scene_checks import ROOT, scene_classes, subtitles, video_seconds


@pytest.fixture(scope="module")
def snapshot_file(tmp_path_factory):
    """A short recorded run of the homework's classifier."""
    set_seed(0)
    data, recorder = load_dataset(seed=0), SurfaceRecorder()
    train(make_mlp((8, 8)), data, TrainConfig(epochs=15), [recorder])
    path = tmp_path_factory.mktemp("run") / "snapshots.npz"
    save_snapshots(path, SnapshotRun(recorder.grid, data, recorder.snapshots, 15, "circles, test run", (8, 8), "tanh"))
    return path


def test_scene_file_defines_exactly_one_scene():
    assert scene_classes(ROOT / "scenes" / "lecture.py") == ["Lecture"]


def test_chapters_cover_the_whole_lesson_each_with_a_method():
    names = [name for name, _, _ in CHAPTERS]
    assert names == ["title", "data", "network", "training", "cnn_forward", "gradient_w00", "gradient_a21", "summary"]
    source = (ROOT / "scenes" / "lecture.py").read_text(encoding="utf-8")
    assert all(source.count(f'"{name}"') >= 2 for name in names)  # declared, and started as a section


def test_missing_snapshots_names_the_file_and_the_command(tmp_path):
    result = CliRunner().invoke(cli, ["lecture", "--snapshots", str(tmp_path / "gone.npz")])
    assert result.exit_code == 2
    assert result.stderr == f"error: snapshots file '{tmp_path / 'gone.npz'}' does not exist. Make it with: make demo (or: python -m render train)\n"


def test_malformed_example_is_refused_before_rendering(tmp_path, snapshot_file):
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": [[1, 2], [3, 4]]}')
    result = CliRunner().invoke(cli, ["lecture", "--snapshots", str(snapshot_file), "--example", str(bad)])
    assert result.exit_code == 2 and "bad.json" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.slow
def test_lecture_renders_with_chapters_and_subtitles(tmp_path, snapshot_file):
    media = tmp_path / "media"
    result = CliRunner().invoke(cli, ["lecture", "--quality", "l", "--snapshots", str(snapshot_file), "--media-dir", str(media)])
    assert result.exit_code == 0, result.output
    outputs = lecture_outputs(media, "l")
    video, index = outputs["video"][0], outputs["index"][0]
    for kind, paths in outputs.items():
        for path in paths:
            assert path.is_file() and f"{kind:<9} {path}" in result.stdout
    seconds = video_seconds(video)
    assert seconds == pytest.approx(Lecture.expected_duration(scene_numbers(load_example(None))), rel=0.1)
    sections = json.loads(index.read_text(encoding="utf-8"))
    assert [s["name"] for s in sections] == [name for name, _, _ in CHAPTERS]
    assert len(outputs["chapters"]) == len(CHAPTERS)
    assert sum(video_seconds(path) for path in outputs["chapters"]) == pytest.approx(seconds, rel=0.02)
    entries = subtitles(video, seconds)
    assert len(entries) >= len(CHAPTERS)
    assert entries[0].content.startswith("Backpropagation in motion")


def test_command_knows_the_scene_chapters():
    from scenes.names import CHAPTER_KEYS

    assert CHAPTER_KEYS == tuple(name for name, _, _ in CHAPTERS)  # the command reads them without manim


def test_command_and_scenes_share_the_environment_variables():
    from scenes import lecture, names, training

    assert (names.CHAPTERS_ENV_VAR, names.SNAPSHOTS_ENV_VAR) == (lecture.CHAPTERS_ENV_VAR, training.SNAPSHOTS_ENV_VAR)


def test_unknown_chapter_is_one_line(snapshot_file):
    result = CliRunner().invoke(cli, ["lecture", "--snapshots", str(snapshot_file), "--chapter", "intro"])
    assert result.exit_code == 2 and result.stderr.startswith("error: chapter must be one of title, data,")


@pytest.mark.slow
def test_one_chapter_renders_alone(tmp_path, snapshot_file):
    media = tmp_path / "media"
    args = ["lecture", "--quality", "l", "--snapshots", str(snapshot_file), "--media-dir", str(media), "--chapter", "summary"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    video = lecture_outputs(media, "l")["video"][0]
    assert video_seconds(video) == pytest.approx(Lecture.card_time + Lecture.read_time, abs=0.5)
