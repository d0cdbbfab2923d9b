"""Narration in scenes: beats that last as long as the voice, and a voice that can be switched off."""

import pytest

from scenes.voice import BREATH, voiced_seconds


@pytest.mark.parametrize(("planned", "speech", "seconds"), [
    (3.0, 0.0, 3.0),  # no voice: the animation's own time
    (3.0, 1.0, 3.0),  # short narration: the animation is longer
    (3.0, 5.0, 5.0 + BREATH),  # long narration: the beat stretches to it and a breath
])
def test_a_beat_lasts_as_long_as_its_narration_and_a_breath(planned, speech, seconds):
    assert voiced_seconds(planned, speech) == pytest.approx(seconds)
