"""The lecture: one scene, every chapter a section, narrated, rendered in one process or as parallel jobs."""

import dataclasses
import json
import subprocess
from itertools import zip_longest

import av
import numpy as np
import pytest
from click.testing import CliRunner

from model import SurfaceRecorder, TrainConfig, load_dataset, make_mlp, set_seed, train
from cli.lecture import lecture_outputs
from cli.main import cli
from render.palette import PALETTE, hex_to_rgb
from render.files.snapshots import SnapshotRun, save_snapshots
from scenes.lecture import CHAPTERS
from model.conv import load_example
from model.scene_numbers import scene_numbers
from scenes.lecture_mobjects import MAX_EDGES, NetworkDiagram, summary_card
from scenes.lecture_replay import SAFE_BOTTOM
from scenes.kit import LINE_CHARS, subtitle_chunks
from scenes.phrases import cue_text
from scenes.script import CHAPTER_CARDS, CHAPTER_PARTS, LECTURE, TRAINING
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


def test_summary_card_fills_the_safe_area_with_36_px_digits():
    numbers = scene_numbers(load_example(None))
    rows = summary_card(numbers, SAFE_BOTTOM)
    digits = [glyph for row in rows[4:6] for glyph in row[-6:] if glyph.height > 0.1]  # autograd's values, the point left out
    assert len(digits) >= 10 and min(glyph.height for glyph in digits) * 1080 / 8 >= 36
    assert rows.get_bottom()[1] >= SAFE_BOTTOM - 1e-6 and rows.get_top()[1] <= 4 - 0.15
    assert abs(rows.get_left()[0]) <= 7.1 - 0.15 and rows[1:].height >= 0.8 * (rows[0].get_bottom()[1] - SAFE_BOTTOM)
    assert [mark.ok for mark in rows[6]] == [True, True]
    off = dataclasses.replace(numbers, kernel_torch=numbers.kernel_torch + 1e-6)
    assert [mark.ok for mark in summary_card(off, SAFE_BOTTOM)[6]] == [False, True]  # a mark from a comparison that can fail


def test_scene_file_defines_exactly_one_scene():
    assert scene_classes(ROOT / "scenes" / "lecture.py") == ["Lecture"]


def test_chapters_cover_the_whole_lesson_each_started_in_the_scene():
    assert list(CHAPTERS) == ["title", "data", "network", "training", "cnn_forward", "gradient_w00", "gradient_a21", "summary"]
    source = (ROOT / "scenes" / "lecture.py").read_text(encoding="utf-8")
    assert all(f'"{name}"' in source for name in CHAPTERS)



def test_command_and_scenes_share_the_names():
    from scenes import lecture, names, training

    assert names.CHAPTER_KEYS == lecture.CHAPTERS  # the command reads them from scenes/names.py, without manim
    assert (names.CHAPTERS_ENV_VAR, names.SNAPSHOTS_ENV_VAR) == (lecture.CHAPTERS_ENV_VAR, training.SNAPSHOTS_ENV_VAR)


def test_every_phrase_is_one_cue_of_two_lines_at_most():
    facts = _Blank(kernel_value="-0.0288", input_value="-0.0295", verdict="Both agree with torch autograd", widths="2, 16, 16 and 1")
    for phrase in [*(p for phrases in LECTURE.values() for p in phrases), *CHAPTER_CARDS.values()]:
        cue = cue_text(phrase.format_map(facts))
        assert all(len(line) <= LINE_CHARS for line in cue.splitlines()) and cue.count("\n") <= 1, cue
    for text in TRAINING.values():  # the replay's captions, cut into sentences in the lecture
        for cue in subtitle_chunks(text.format_map(facts)):
            assert all(len(line) <= LINE_CHARS for line in cue.splitlines()) and cue.count("\n") <= 1


def test_every_chapter_has_one_card_and_the_parts_are_folded_into_them():
    assert list(CHAPTER_CARDS) == list(CHAPTERS[1:])
    assert [name for name, words in CHAPTER_CARDS.items() if words.startswith("Part")] == list(CHAPTER_PARTS)
    assert not any("model/" in words or "_" in words for words in CHAPTER_CARDS.values())  # no code names on a card


class _Blank(dict):
    def __missing__(self, key):
        return "w00"


def test_wide_networks_draw_a_bounded_sample_of_edges_and_say_so():
    diagram = NetworkDiagram((2, 256, 256, 1), "tanh")
    assert sum(len(group) for group in diagram.edges) == MAX_EDGES
    assert diagram.captions[-1].text == f"{MAX_EDGES}of66,304connectionsdrawn"  # manim's Text drops spaces
    for column, label in zip(diagram.layers, diagram.captions, strict=False):
        assert label.get_x() == pytest.approx(column.get_x(), abs=1e-6)  # centred under its layer
    small = NetworkDiagram((2, 16, 16, 1), "tanh")
    assert sum(len(group) for group in small.edges) == 2 * 16 + 16 * 16 + 16 and len(small.captions) == 4


def test_missing_snapshots_names_the_file_and_the_command(tmp_path):
    result = CliRunner().invoke(cli, ["lecture", "--snapshots", str(tmp_path / "gone.npz")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: snapshots file '{tmp_path / 'gone.npz'}' does not exist.") and result.stderr.count("\n") == 1


def test_malformed_example_is_refused_before_rendering(tmp_path, snapshot_file):
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": [[1, 2], [3, 4]]}')
    result = CliRunner().invoke(cli, ["lecture", "--snapshots", str(snapshot_file), "--example", str(bad)])
    assert result.exit_code == 2 and "bad.json" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--chapter", "intro"], "error: chapter must be one of title, data,"),
    (["--jobs", "0"], "error: jobs must be a positive integer. Got '0' instead."),
    (["--voice", "robot"], "error: Invalid value for '--voice'"),
])
def test_bad_options_are_one_line(snapshot_file, tmp_path, args, message):
    result = CliRunner().invoke(cli, ["lecture", "--snapshots", str(snapshot_file), "--media-dir", str(tmp_path), *args])
    assert result.exit_code == 2 and result.stderr.startswith(message) and not any(tmp_path.iterdir())


def _render(tmp_path, snapshot_file, jobs: int, chapters: tuple[str, ...] = ()):
    media = tmp_path / f"jobs{jobs}"
    args = ["lecture", "--quality", "l", "--snapshots", str(snapshot_file), "--media-dir", str(media), "--jobs", str(jobs)]
    args += [arg for name in chapters for arg in ("--chapter", name)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return lecture_outputs(media, "l")


def _frames(video):
    """The decoded RGB frames of `video`, one at a time (a whole lecture held at once is gigabytes)."""
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            yield frame.to_ndarray(format="rgb24")


def _blank(video) -> list[bool]:
    """Per frame: fewer than 0.1% of its pixels differ from the screen colour by more than 8 in some channel."""
    bounds = [(value - 8, value + 8) for value in hex_to_rgb(PALETTE.screen)]
    assert all(0 <= low and high <= 255 for low, high in bounds)  # so uint8 compares say |pixel - screen| > 8 exactly
    blank = []
    for frame in _frames(video):
        differs = np.zeros(frame.shape[:2], dtype=bool)
        for channel, (low, high) in enumerate(bounds):
            differs |= (frame[..., channel] < low) | (frame[..., channel] > high)
        blank.append(np.count_nonzero(differs) / differs.size < 1e-3)
    return blank


def _frame_differences(one, two) -> list[float]:
    """The mean absolute difference of each pair of frames of two videos, which must have as many frames."""
    differences = []
    for a, b in zip_longest(_frames(one), _frames(two)):
        assert a is not None and b is not None, "the videos have different numbers of frames"
        differences.append(float(np.abs(a.astype(np.int16) - b).mean()))
    return differences


def _audio_seconds(video) -> float:
    with av.open(str(video)) as container:
        return sum(frame.samples for frame in container.decode(audio=0)) / container.streams.audio[0].rate


def _chapter_marks(video) -> list[tuple[float, str]]:
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(video)],
                           capture_output=True, text=True, check=True)
    return [(float(c["start_time"]), c["tags"]["title"]) for c in json.loads(probe.stdout)["chapters"]]


PART_ONE = CHAPTERS[:4]  # title, data, network, training: the cheapest chapters, split over two jobs


@pytest.mark.slow
def test_serial_and_parallel_renders_agree(tmp_path, snapshot_file):
    """Part one rendered by one process and by two: the same frames, sound length, chapter marks and subtitles."""
    serial, parallel = (_render(tmp_path, snapshot_file, jobs, PART_ONE) for jobs in (1, 2))
    for outputs in (serial, parallel):
        assert [entry["name"] for entry in json.loads(outputs["index"][0].read_text())] == list(PART_ONE)
    one, two = serial["video"][0], parallel["video"][0]
    assert max(_frame_differences(one, two)) < 1.0  # as many frames, each alike
    assert video_seconds(one) == pytest.approx(video_seconds(two), abs=0.05)
    assert _audio_seconds(one) == pytest.approx(_audio_seconds(two), abs=0.05)
    marks_one, marks_two = _chapter_marks(one), _chapter_marks(two)
    assert [title for _, title in marks_one] == [title for _, title in marks_two] and len(marks_one) == len(PART_ONE)
    assert np.allclose([t for t, _ in marks_one], [t for t, _ in marks_two], atol=0.002)
    subs_one, subs_two = subtitles(one, video_seconds(one)), subtitles(two, video_seconds(two))
    assert [s.content for s in subs_one] == [s.content for s in subs_two]
    assert np.allclose([s.start.total_seconds() for s in subs_one], [s.start.total_seconds() for s in subs_two], atol=0.002)


@pytest.mark.slow
def test_whole_lecture_speaks_in_every_file_and_never_goes_blank(tmp_path, snapshot_file):
    outputs = _render(tmp_path, snapshot_file, 2)
    for paths in outputs.values():
        assert all(path.is_file() and path.stat().st_size > 0 for path in paths)
    assert [json.loads(outputs["index"][0].read_text())[k]["name"] for k in range(8)] == list(CHAPTERS)
    for chapter in outputs["chapters"]:  # manim's own chapter files carry no audio: ours do, in sync
        assert _audio_seconds(chapter) == pytest.approx(video_seconds(chapter), abs=0.1)
    video = outputs["video"][0]
    seconds = video_seconds(video)
    assert _audio_seconds(video) == pytest.approx(seconds, abs=0.2)
    assert len(_chapter_marks(video)) == 8
    cues = [s.content for s in subtitles(video, seconds)]
    cards = [cue_text(words) for words in CHAPTER_CARDS.values()]
    assert [cue for cue in cues if cue in cards] == cards  # one card each, in order
    assert video.with_suffix(".vtt").read_text().startswith("WEBVTT")
    blank = _blank(video)  # 15 fps at -ql
    runs = "".join("b" if b else "." for b in blank).split(".")
    assert max(len(run) for run in runs) <= 7, "a blank screen longer than 0.5 s"
    assert not blank[-1]  # it ends on the closing card


def test_chapters_split_into_balanced_runs_in_order():
    from cli.lecture_render import CHAPTER_WEIGHTS, chapter_groups

    names = list(CHAPTERS)
    assert chapter_groups(names, 1) == [names]
    two = chapter_groups(names, 2)
    assert sum(two, []) == names and len(two) == 2
    costs = [sum(CHAPTER_WEIGHTS[n] for n in group) for group in two]
    assert max(costs) / min(costs) < 1.3
    assert chapter_groups(names, 20) == [[name] for name in names]
    assert chapter_groups(["data", "summary"], 4) == [["data"], ["summary"]]
