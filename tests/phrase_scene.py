"""A three-phrase scene for the phrase timing test: one short motion, a long phrase over two steps, a pause."""

from manim import RIGHT, Circle, Scene, Square

from scenes.kit import Step, appear
from scenes.voice import play_beat

__all__ = ["PHRASES", "PhraseDemo"]

PHRASES = (
    "A circle appears, with the weight w00.",
    "It grows while the gradient dL/da21 = −0.0295 is read, and k = 2i + j stays on one line.",
    "Then the square.",
)


class PhraseDemo(Scene):
    """Each phrase on its own step; the second phrase spans two steps."""

    def construct(self) -> None:
        circle, square = Circle(), Square().shift(3 * RIGHT)
        steps = [
            Step((appear(circle),), 0.5, say=PHRASES[0]),
            Step((circle.animate.scale(1.5),), 1.0, say=PHRASES[1]),
            Step((circle.animate.scale(0.8),), 0.8),
            Step((appear(square),), 0.6, say=PHRASES[2]),
            Step((), 0.0, 0.8, pause=True),
        ]
        play_beat(self, "demo", iter(steps))
