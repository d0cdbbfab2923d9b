"""The backprop lesson: one Scene, beats from the script, a layout that fits, a verdict that can fail, a video."""

import dataclasses
import json
import re
from pathlib import Path

import av
import numpy as np
import pytest

from model.conv import load_example
from model.scene_numbers import scene_numbers
from render.palette import PALETTE, hex_to_rgb
from scenes.backprop import BEATS, Backprop
from scenes.cnn_closing import answer_card
from scenes.cnn_lesson import Lesson, beat_words, expected_duration
from scenes.kit import CHARS_PER_SECOND, END_HOLD, beat_seconds, fmt, subtitle_chunks
from scenes.script import BACKPROP
from tests.scene_checks import reading_limits_hold, render, scene_classes, subtitles, video_seconds
from tests.scene_layout import beat_end_states, outside_safe_area, overlapping

ROOT = Path(__file__).resolve().parents[1]
SCENE_FILE = ROOT / "scenes" / "backprop.py"
FIVE_BY_FIVE = {
    "a": [[0.2, 0.8, 0.5, 0.1, 0.3], [0.9, 0.3, 0.6, 0.4, 0.7], [0.1, 0.7, 0.2, 0.8, 0.5], [0.5, 0.4, 0.9, 0.6, 0.2],
          [0.3, 0.6, 0.1, 0.9, 0.4]],
    "w": [[0.5, -0.3], [-0.4, 0.6]], "b": 0.1, "c": 0.2, "y": 0, "eta": 0.3,
    "v": [0.8, -0.6, 0.4, -0.9, 0.3, 0.2, -0.5, 0.7, 0.1, -0.2, 0.6, -0.4, 0.5, 0.3, -0.1, 0.2],
}  # fmt: skip


@pytest.fixture(scope="module")
def numbers():
    return scene_numbers(load_example(None), Backprop.kernel_target, Backprop.input_target)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")  # shared, so LaTeX is compiled once for the module


@pytest.fixture(scope="module")
def default_states(media):
    return beat_end_states(media)


def test_scene_file_defines_exactly_one_scene():
    assert scene_classes(SCENE_FILE) == ["Backprop"]


def test_beats_are_the_script_in_order_each_a_method():
    assert BEATS == tuple(BACKPROP) and len(BEATS) == 13
    for name in BEATS:
        assert callable(getattr(Lesson, name)), name


def test_words_are_filled_from_the_numbers(numbers):
    assert "a21 is row 2, column 1" in beat_words(numbers, "input_gradient")
    assert f"from {fmt(numbers.fwd.loss)} to {fmt(numbers.loss_after)}" in beat_words(numbers, "step")
    assert "eta = 0.5" in beat_words(numbers, "step")


def test_the_whole_lesson_lasts_90_to_180_seconds(numbers):
    assert 90.0 <= expected_duration(numbers) <= 180.0


def test_every_beat_reads_at_most_17_characters_a_second(numbers):
    lesson_seconds = {name: beat_seconds(beat_words(numbers, name)) for name in BEATS}
    for name, seconds in lesson_seconds.items():
        words = beat_words(numbers, name)
        assert len(words) / seconds <= CHARS_PER_SECOND + 1e-9 < 17
        for chunk in subtitle_chunks(words):
            assert len(chunk.split("\n")) <= 2 and max(len(line) for line in chunk.split("\n")) <= 42


def test_every_beat_ends_with_its_text_inside_the_safe_area_and_apart(default_states):
    assert list(default_states) == list(BEATS)
    for name, (texts, _) in default_states.items():
        assert texts, name
        assert not [t for t in texts if outside_safe_area(t)], name
        assert not overlapping(texts), name


def test_numbers_stay_legible_at_480p(default_states):
    number = re.compile(r"^(\{-\})?\d+(\.\d+)?$")
    heights = [t.height for texts, _ in default_states.values() for t in texts if number.match(getattr(t, "tex", ""))]
    assert len(heights) > 100
    assert min(heights) * 480 / 8 >= 16.0  # a lone number's digits, in pixels at 854x480


def test_beats_end_when_their_words_have_been_read(default_states, numbers):
    ends = [end for _, end in default_states.values()]
    starts = [0.0, *ends[:-1]]
    for name, start, end in zip(BEATS, starts, ends):
        assert end - start >= beat_seconds(beat_words(numbers, name)) - 1e-6, name
        assert end - start >= END_HOLD, name
    assert ends[-1] == pytest.approx(expected_duration(numbers), abs=0.05)


@pytest.mark.parametrize(("example", "kernel", "inputs"), [(None, "w12", "a11"), ("five", "w10", "a21")])
def test_other_examples_and_targets_build_every_beat(tmp_path, media, example, kernel, inputs):
    path = None
    if example == "five":
        path = tmp_path / "five.json"
        path.write_text(json.dumps(FIVE_BY_FIVE))
    states = beat_end_states(media, None if path is None else str(path), kernel, inputs)
    assert list(states) == list(BEATS)
    for name, (texts, _) in states.items():
        assert not [t for t in texts if outside_safe_area(t)], name
        assert not overlapping(texts), name


def test_too_large_an_input_is_refused_with_the_largest_size(tmp_path):
    n, k = 9, 3
    rng = np.random.default_rng(0)
    data = {"a": rng.uniform(0, 1, (n, n)).round(1).tolist(), "w": rng.uniform(-1, 1, (k, k)).round(1).tolist(),
            "b": 0.1, "v": [0.1] * (n - k + 1) ** 2, "c": 0.0, "y": 1}  # fmt: skip
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=r"lays out inputs up to 6x6 for a 3x3 kernel. Got 9x9 instead"):
        Lesson(scene_numbers(load_example(path)))


def test_closing_card_ticks_only_when_autograd_agrees(numbers):
    card = answer_card(numbers)
    assert [mark.ok for mark in card.marks] == [True, True]
    off = dataclasses.replace(numbers, input_torch=numbers.input_torch + 1e-6)
    marks = answer_card(off).marks
    assert [mark.ok for mark in marks] == [True, False]
    strokes = marks[1].family_members_with_points()
    assert strokes and all(m.get_stroke_color().to_hex().lower() == PALETTE.mismatch.lower() for m in strokes)


@pytest.mark.slow
def test_render_lasts_90_to_180_seconds_with_subtitles_per_beat(tmp_path, numbers):
    render("scenes/backprop.py", tmp_path)
    video = next(tmp_path.rglob("Backprop.mp4"))
    seconds = video_seconds(video)
    with av.open(str(video)) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert 90.0 <= seconds <= 180.0
    assert seconds >= expected_duration(numbers) - 1.0  # the voice may hold a beat longer than reading would
    with av.open(str(video)) as container:  # it speaks by default, in sync to the end
        audio = sum(f.samples for f in container.decode(audio=0)) / container.streams.audio[0].rate
    assert seconds - END_HOLD - 1.0 <= audio <= seconds + 0.1  # the last words end before the last still picture
    assert frame.shape == (480, 854, 3)
    assert np.abs(frame[0, 0].astype(int) - list(hex_to_rgb(PALETTE.screen))).max() <= 3  # manim.cfg's background
    entries = subtitles(video, seconds)
    assert len(entries) >= len(BEATS) and reading_limits_hold(entries)
    shown = " ".join(entry.content.replace("\n", " ") for entry in entries)
    assert shown == " ".join(beat_words(numbers, name) for name in BEATS)
