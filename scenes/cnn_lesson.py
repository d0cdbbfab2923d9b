"""The tiny-CNN lesson: thirteen beats, each a generator of timed steps, all numbers from model/.

Storyboard (graph strip on the right throughout: w a b -> z -> h -> s -> y_hat -> L)

| beat | the viewer learns | what moves | holds |
| --- | --- | --- | --- |
| pieces | a, w, b and the 0-based addresses | graph, then a, then w; indices flash | reading time |
| slide | z is a sum of w·a pairs plus b | kernel outline flies from w onto a; each pair lit and linked as its product is written; three more stops, faster | z00's nine terms |
| sigmoid | h = σ(z) squashes into (0, 1) | pulse z -> h; four σ values; the map now shows h | reading time |
| head | h_k with k = M i + j; s = Σ v_k h_k + c | cells tagged k; products appear in turn; pulse h -> s | reading time |
| loss | ŷ = σ(s); L = -log of the right answer's probability | pulses s -> ŷ -> L | reading time |
| output_gradient | ∂L/∂ŷ · ∂ŷ/∂s cancels to ŷ - y | gradient pulses L -> ŷ -> s, each edge labelled | the cancellation |
| sigmoid_slope | ∂s/∂h = v; σ'(z) = h(1 - h), four values | pulses s -> h -> z; each h cell lit with its σ' | reading time |
| deltas | δ = (ŷ - y) v σ' per position | table fills column by column; δ column flies into the δ map | the table |
| kernel_gradient | ∂z_ij/∂w00 = a_ij; sum of δ_ij a_ij | pulse z -> w; kernel at each stop, w00, the a under it and δ_ij lit | four products |
| input_gradient | a21's address; only covering windows count; w index runs backwards | a21 lit with its callout; pulse z -> a; windows with the w entry on a21 lit | four products |
| full_convolution | dL/da = padded δ ⋆ kernel rotated 180° | padded δ, rotated kernel, window slides to a21's place; dL/da map with a21 lit | reading time |
| answers | both answers agree with autograd | card, then autograd values, then the verdict marks | reading time |
| step | what a gradient is for: the loss goes down | update line; forward pulse through the whole graph; new loss | reading time |

Every beat lasts kit.beat_length(): its animations and a still END_HOLD, or longer if its words in
scenes/script.py take longer to read.
"""

from collections.abc import Iterator

from model.scene_numbers import SceneNumbers
from scenes.cnn_backward import BackwardBeats
from scenes.cnn_closing import ClosingBeats
from scenes.cnn_forward import ForwardBeats
from scenes.kit import Step, beat_length, fmt, given, steps_seconds
from scenes.script import BACKPROP

__all__ = ["BEATS", "Lesson", "beat_words", "expected_duration"]

BEATS = tuple(BACKPROP)  # beat names in playing order
FORWARD_BEATS = BEATS[:5]
BACKWARD_BEATS = BEATS[5:]


def beat_words(numbers: SceneNumbers, name: str) -> str:
    """A beat's words with the example's numbers filled in."""
    (mm, nn), (p, q) = numbers.kernel_pos, numbers.input_pos
    facts = {
        "k": numbers.example.k, "m": numbers.m, "y": numbers.example.y,
        "kernel": f"w{mm}{nn}", "input": f"a{p}{q}", "row": p, "col": q,
        "eta": given(numbers.example.eta), "loss": fmt(numbers.fwd.loss), "loss_after": fmt(numbers.loss_after),
    }  # fmt: skip
    return BACKPROP[name].format(**facts)


class Lesson(ForwardBeats, BackwardBeats, ClosingBeats):
    """Every beat of the lesson; `getattr(lesson, name)()` yields that beat's steps."""

    def beat(self, name: str) -> Iterator[Step]:
        """The steps of one beat by name."""
        if name not in BACKPROP:
            raise ValueError(f"beat must be one of {', '.join(BEATS)}. Got {name!r} instead.")
        return getattr(self, name)()


def expected_duration(numbers: SceneNumbers, pace: float = 1.0, names: tuple[str, ...] = BEATS) -> float:
    """Seconds of video the beats play for, from a dry run of their steps and their reading times."""
    lesson = Lesson(numbers, pace)
    return sum(beat_length(steps_seconds(lesson.beat(name)), beat_words(numbers, name)) for name in names)
