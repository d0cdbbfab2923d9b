"""Narration in scenes: subtitle cues from the spoken text, beats that last as long as the voice."""

import pytest

from scenes.voice import BREATH, LINE_WIDTH, beat_seconds, cues, wrap


def test_cues_keep_every_word_in_order_within_the_line_width():
    text = ("Each output position gets its delta: the error through v and the sigmoid's slope. "
            "Then dL/dw00 sums four products; the check beside it comes from torch autograd.")
    parts = cues(text)
    assert " ".join(" ".join(parts).split()) == text
    assert all(len(line) <= LINE_WIDTH for part in parts for line in part.splitlines())
    assert all(1 <= len(part.splitlines()) <= 3 for part in parts) and len(parts) >= 3
    assert wrap("a  b\nc") == "a b c"


@pytest.mark.parametrize(("planned", "speech", "seconds"), [
    (3.0, 0.0, 3.0),  # no voice: the animation's own time
    (3.0, 1.0, 3.0),  # short narration: the animation is longer
    (3.0, 5.0, 5.0 + BREATH),  # long narration: the beat stretches to it and a breath
])
def test_a_beat_lasts_as_long_as_its_narration_and_a_breath(planned, speech, seconds):
    assert beat_seconds(planned, speech) == pytest.approx(seconds)
