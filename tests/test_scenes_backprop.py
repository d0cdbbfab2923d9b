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
from render.text.numbers import fixed
from scenes.backprop import BEATS, Backprop
from scenes.cnn_closing import answer_card
from scenes.cnn_lesson import Lesson, beat_phrases, beat_words, expected_duration, timed
from scenes.phrases import cue_text, plan_steps, reading_seconds
from scenes.script import BACKPROP
from tests.scene_checks import scene_classes, subtitles, video_seconds
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
def media(manim_media):
    return manim_media  # shared with every scene built in this process (tests/conftest.py), so LaTeX is compiled once


@pytest.fixture(scope="module")
def default_states(media):
    return beat_end_states(media)


def test_scene_file_defines_exactly_one_scene():
    assert scene_classes(SCENE_FILE) == ["Backprop"]


def test_beats_are_the_script_in_order_each_a_method():
    assert BEATS == tuple(BACKPROP) and len(BEATS) == 15
    assert BEATS.index("kernel_nudge") + 1 == BEATS.index("kernel_gradient")
    assert BEATS.index("input_nudge") + 1 == BEATS.index("input_gradient")
    for name in BEATS:
        assert callable(getattr(Lesson, name)), name


def test_words_are_filled_from_the_numbers(numbers):
    assert "a21: row 2, column 1" in beat_words(numbers, "input_nudge")
    assert f"from {fixed(numbers.fwd.loss)} to {fixed(numbers.loss_after)}" in beat_words(numbers, "step")
    assert "eta = 0.5" in beat_words(numbers, "step")
    said = beat_words(numbers, "answers")  # both answers are said aloud
    assert fixed(numbers.kernel_grad.value) in said and fixed(numbers.input_grad.value) in said
    assert "L moves by 0.000288" in beat_words(numbers, "kernel_nudge")


def test_the_whole_lesson_lasts_150_to_300_seconds(numbers):
    assert 150.0 <= expected_duration(numbers) <= 300.0


@pytest.mark.parametrize("example", [None, "five"])
def test_every_phrase_is_spoken_once_in_order_and_no_motion_outruns_its_words(tmp_path, numbers, example):
    if example == "five":
        path = tmp_path / "five.json"
        path.write_text(json.dumps(FIVE_BY_FIVE))
        numbers = scene_numbers(load_example(path), "w10", "a21")
    lesson = Lesson(numbers)
    for name in BEATS:
        steps = timed(lesson.beat(name))
        assert tuple(step.say for step in steps if step.say) == beat_phrases(numbers, name), name
        spans, cues, silent = plan_steps(steps)
        assert silent == [], name  # no step runs more than a second past the end of its phrase
        assert len(cues) == len(beat_phrases(numbers, name))
        for cue in cues:
            assert all(len(line) <= 42 for line in cue_text(cue.text).split("\n")), cue.text


def test_grid_digits_are_44_pixels_tall_at_1080p(numbers):
    lesson = Lesson(numbers)
    for grid in (lesson.a_grid, lesson.w_grid, lesson.z_grid, lesson.delta_grid):
        digits = [e for e in grid.entries if "." in e.tex or e.tex.strip("{-}").isdigit()]
        assert digits and min(e.height for e in digits) * 1080 / 8 >= 43.5, grid.name.text
    letters = [node[1] for node in lesson.graph.nodes.values()]
    assert min(letter.height for letter in letters if letter.tex in ("w", "a", "s")) * 1080 / 8 >= 28  # x-height letters


def test_graph_values_are_39_pixels_tall_at_1080p(numbers):
    lesson = Lesson(numbers)
    lesson.graph.show_value("z", [fixed(x) for x in numbers.grads.delta.ravel()])  # the widest: four signed values
    digits = [glyph for value in lesson.graph.values["z"] for glyph in value if glyph.height > 0.1]
    assert len(digits) == 4 * 5 and min(glyph.height for glyph in digits) * 1080 / 8 >= 39


def test_every_beat_ends_with_its_text_inside_the_safe_area_and_apart(default_states):
    assert list(default_states) == list(BEATS)
    for name, (texts, _) in default_states.items():
        assert texts, name
        assert not [t for t in texts if outside_safe_area(t)], name
        assert not overlapping(texts), name


def test_numbers_stay_legible_at_480p(default_states):
    number = re.compile(r"^(\{-\})?\d+(\.\d+)?$")
    numbers = [(name, t) for name, (texts, _) in default_states.items() for t in texts if number.match(getattr(t, "tex", ""))]
    assert len(numbers) > 100
    small = [(name, t.tex, round(t.height * 60, 1)) for name, t in numbers if t.height * 480 / 8 < 13.5]
    assert small == []  # a lone number's digits, in pixels at 854x480 (the graph's values shrink to fit their boxes)


def test_the_answers_fill_the_middle_of_the_main_area(default_states, numbers):
    texts, _ = default_states["answers"]
    autograd = [t for t in texts if getattr(t, "tex", "") == fixed(numbers.kernel_torch)]
    assert len(autograd) == 1 and autograd[0].height * 1080 / 8 >= 50  # larger than the lesson's 44 px digits
    main = [t for t in texts if t.get_right()[0] < 3.95 and t.get_top()[1] < 3.2]  # the title and the graph aside
    assert max(t.get_top()[1] for t in main) > 1.8 and min(t.get_bottom()[1] for t in main) < -1.5


def test_beats_end_when_their_words_have_been_read(default_states, numbers):
    ends = [end for _, end in default_states.values()]
    starts = [0.0, *ends[:-1]]
    for name, start, end in zip(BEATS, starts, ends):
        assert end - start >= sum(reading_seconds(p) for p in beat_phrases(numbers, name)) - 1e-6, name
    assert ends[-1] == pytest.approx(expected_duration(numbers), abs=0.05 * len(BEATS))


@pytest.mark.parametrize(("example", "kernel", "inputs"), [(None, "w12", "a11"), ("five", "w10", "a21")])
def test_other_examples_and_targets_build_every_beat(tmp_path, media, example, kernel, inputs):
    path = None
    if example == "five":
        path = tmp_path / "five.json"
        path.write_text(json.dumps(FIVE_BY_FIVE))
    states = beat_end_states(media, None if path is None else str(path), kernel, inputs)
    assert list(states) == list(BEATS)
    for name, (texts, _) in states.items():
        assert texts, name  # every beat ends with text on screen, so the checks below see something
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
def test_render_lasts_150_to_300_seconds_with_a_subtitle_per_phrase(backprop_deck, numbers):
    video = backprop_deck["media"] / "videos" / "backprop" / "480p15" / "Backprop.mp4"  # manim -ql, voiced (tests/conftest.py)
    seconds = video_seconds(video)
    with av.open(str(video)) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert 150.0 <= seconds <= 300.0
    with av.open(str(video)) as container:  # it speaks by default, in sync to the end
        audio = sum(f.samples for f in container.decode(audio=0)) / container.streams.audio[0].rate
    assert seconds - 3.0 <= audio <= seconds + 0.1  # the last words end just before the last still picture
    assert frame.shape == (480, 854, 3)
    assert np.abs(frame[0, 0].astype(int) - list(hex_to_rgb(PALETTE.screen))).max() <= 3  # manim.cfg's background
    entries = subtitles(video, seconds)
    phrases = [p for name in BEATS for p in beat_phrases(numbers, name)]
    assert [entry.content for entry in entries] == [cue_text(p) for p in phrases]
