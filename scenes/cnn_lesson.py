"""The tiny-CNN lesson: fifteen beats, each a generator of timed steps that carry their phrases; all numbers from model/.

Storyboard. The graph stands in the strip on the right throughout: w, a, b at the bottom, one z node and one h
node per position, then s, y_hat, L. The grids fill the top of the main area, the equation lines its lower half.
Each step starts the phrase of scenes/script.py named in the third column (by its number in the beat) and lasts
as long as that phrase is spoken; a step without a phrase plays while the one before is still being spoken.

| beat | the viewer learns | what moves to lead the eye (phrase) | holds |
| --- | --- | --- | --- |
| pieces | the network as a graph; a, w, b; 0-based addresses | graph (0); a and its node (1); w, b and their nodes (2); indices flash (3) | each phrase |
| slide | z is a sum of w·a pairs plus b | kernel outline on w (0); onto a, formula, pulse w -> z (1); first pair lit (2); the other pairs lit as their products appear (3); sum flies into z00 (4); three more stops (5); pulse a -> z (6) | z00's nine terms |
| sigmoid | h = σ(z) squashes into (0, 1) | formula, pulse z -> h (0); z00 lit, σ(z00), the others (1); the map turns into h (2) | each phrase |
| head | h_k, k = M i + j; s = Σ v_k h_k + c | k tags (0); formula, pulse h -> s (1); products in turn, then s, its value beside the s node (2) | each phrase |
| loss | ŷ = σ(s); L = −log of the right answer's probability | ŷ line, pulse, value at ŷ (0); the loss formula (1); L's value, pulse, value at L (2) | each phrase |
| output_gradient | ∂L/∂ŷ · ∂ŷ/∂s cancels to ŷ − y | L shows 1 (0); pulse L -> ŷ, ŷ shows ∂L/∂ŷ (1); ∂ŷ/∂s (2); the product (3); the cancellation (4); ŷ − y, s shows it (5) | the cancellation |
| sigmoid_slope | ∂L/∂h = (ŷ − y) v; σ'(z) = h(1 − h) | formula (0); pulse s -> h, each h node shows its gradient (1); σ' formula, pulse h -> z (2); each h lit with its σ' (3) | each phrase |
| deltas | δ = (ŷ − y) v σ' per position | table header (0); z, h columns (1); σ', v columns (2); δ formula (3); δ column (4); the table leaves, δ flies into the map and the z nodes show δ (5) | the table |
| kernel_nudge | what ∂L/∂w00 means | w00 lit, the nudge line, the map shows z (0); the four a under w00 light, edges w -> z flash (1); each z turns to its nudged value with +a·ε under it (2); pulse up, L shows ΔL (3); ∂L/∂w00·ε ≈ ΔL (4) | the comparison |
| kernel_gradient | ∂z_ij/∂w00 = a_ij; the sum of δ_ij a_ij | δ back in the map, chain rule, pulse z -> w (0); = Σ δ a (1); kernel at each stop with w00, the a under it, δ_ij and the edge lit (2); the sum; the w node and its edges turn (3) | four products |
| input_nudge | what ∂L/∂a21 means | a21 lit, the nudge line (0); each covering window with its kernel entry lit (1); those z move by w·ε (2); pulse up, ΔL and the prediction (3) | the comparison |
| input_gradient | only covering windows count; the w index runs backwards | formula (0); edges a -> z flash (1); windows with the w entry on a21 lit, one term each (2); the sum; the a node and its edges turn (3) | four products |
| full_convolution | ∂L/∂a = padded δ ⋆ kernel turned 180° | the walk's sum moves down to the floor (0); δ, then the k − 1 rings of zeros (1); the kernel, turning half a turn (2); its entries upright, the new first row pulses (3); first stop with its one product, ∂L/∂a map (4); the window slides to a21's stop (5); four products, each in the colour of its term in the walk (6); the sum, a21's cell lit, the whole map (7) | ~25 s |
| answers | both answers, said aloud, agree with autograd | the answer for the kernel entry, large in the middle (0); for the input entry (1); autograd's values (2); the verdict marks (3) | each phrase |
| step | what a gradient is for: the loss goes down | the answers move up, the update rule, then w00's step (0); a forward pulse through the whole graph (1); the new loss, at L (2) | each phrase |

What leaves the screen leaves before what replaces it arrives (the FIRST_HALF and SECOND_HALF rate functions).
"""

from collections.abc import Iterator

from model.scene_numbers import SceneNumbers
from scenes.cnn_backward import BackwardBeats
from scenes.cnn_closing import ClosingBeats
from scenes.cnn_forward import ForwardBeats
from scenes.cnn_layout import beat_facts
from scenes.cnn_nudge import NudgeBeats
from scenes.kit import Step
from scenes.phrases import Timed, plan_steps
from scenes.script import BACKPROP

__all__ = ["BEATS", "Lesson", "beat_phrases", "beat_words", "expected_duration"]

BEATS = tuple(BACKPROP)  # beat names in playing order
FORWARD_BEATS = BEATS[:5]
BACKWARD_BEATS = BEATS[5:]


def beat_phrases(numbers: SceneNumbers, name: str) -> tuple[str, ...]:
    """A beat's phrases with the example's numbers filled in, in the order its steps speak them."""
    if name not in BACKPROP:
        raise ValueError(f"beat must be one of {', '.join(BEATS)}. Got {name!r} instead.")
    facts = beat_facts(numbers)
    return tuple(phrase.format(**facts) for phrase in BACKPROP[name])


def beat_words(numbers: SceneNumbers, name: str) -> str:
    """A beat's whole text: its phrases, one after another."""
    return " ".join(beat_phrases(numbers, name))


class Lesson(ForwardBeats, BackwardBeats, NudgeBeats, ClosingBeats):
    """Every beat of the lesson; `getattr(lesson, name)()` yields that beat's steps."""

    def beat(self, name: str) -> Iterator[Step]:
        """The steps of one beat by name."""
        if name not in BACKPROP:
            raise ValueError(f"beat must be one of {', '.join(BEATS)}. Got {name!r} instead.")
        return getattr(self, name)()


def timed(steps: Iterator[Step]) -> list[Timed]:
    """The steps as the phrase planner sees them (consumes a generator: use on a dry run)."""
    return [Timed(s.run_time, s.wait, s.say, s.pause, s.fill) for s in steps]


def expected_duration(numbers: SceneNumbers, pace: float = 1.0, names: tuple[str, ...] = BEATS, audio: dict | None = None) -> float:
    """Seconds of video the beats play for, from a dry run of their steps under their phrases (`audio`: seconds per phrase)."""
    lesson = Lesson(numbers, pace)
    total = 0.0
    for name in names:
        spans, _, _ = plan_steps(timed(lesson.beat(name)), audio)
        total += spans[-1][1] if spans else 0.0
    return total
