"""Forward and backward pass of the tiny CNN, every number on screen read from model/."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # manim imports this file by path

from manim import Scene  # noqa: E402

from model.conv import load_example  # noqa: E402
from scenes.cnn_diagram import ConvDiagram  # noqa: E402
from scenes.cnn_mobjects import play_steps, require_latex, scene_numbers  # noqa: E402
from scenes.folder_config import apply_folder_config  # noqa: E402

__all__ = ["BEATS", "Backprop"]

BEATS = (
    ("input_and_kernel", "An input map a and one kernel w with its bias b."),
    ("convolution", "The kernel slides over every position; each z is a sum of products plus b."),
    ("sigmoid", "Each z goes through the sigmoid: h equals sigma of z."),
    ("flatten", "The map of h values is flattened, row by row, into one column."),
    ("weighted_sum", "Each value is multiplied by its own weight v and summed with c into s."),
    ("output", "The prediction y-hat is sigma of s."),
    ("loss", "Binary cross-entropy compares y-hat with the label y."),
    ("error_signal", "Backward: the loss gradient at s is y-hat minus y."),
    ("deltas", "Each output position gets its delta: the error through v and the sigmoid's slope."),
    ("kernel_gradient", "dL/d{kernel}: kernel cell {kernel} meets a different input cell in each window."),
    ("input_gradient", "dL/d{input}: every window covering {input}, each with the kernel entry on it."),
)


apply_folder_config()  # manim itself reads only the manim.cfg of the working directory


class Backprop(Scene):
    """One input, one kernel, one label: the forward pass, then two gradients checked against torch."""

    example_path: str | None = None  # None: $BACKPROP_EXAMPLE, else assets/backprop_example.json
    kernel_target = "w00"  # kernel entry whose gradient is built term by term
    input_target = "a21"  # input entry whose gradient is built term by term
    pace = 1.0  # multiplies every run time and pause

    def construct(self) -> None:
        require_latex()
        numbers = scene_numbers(load_example(self.example_path), self.kernel_target, self.input_target)
        self.diagram = ConvDiagram(numbers, self.pace)
        self.show_input_and_kernel()
        self.show_convolution()
        self.show_sigmoid()
        self.show_flatten()
        self.show_weighted_sum()
        self.show_output()
        self.show_loss()
        self.show_error_signal()
        self.show_deltas()
        self.show_kernel_gradient()
        self.show_input_gradient()

    def show_input_and_kernel(self) -> None:
        """The input map, the kernel and its bias."""
        self.play_beat("input_and_kernel")

    def show_convolution(self) -> None:
        """The kernel visits every output position."""
        self.play_beat("convolution")

    def show_sigmoid(self) -> None:
        """h = sigma(z) for every output."""
        self.play_beat("sigmoid")

    def show_flatten(self) -> None:
        """The map becomes one column."""
        self.play_beat("flatten")

    def show_weighted_sum(self) -> None:
        """s = v . h + c."""
        self.play_beat("weighted_sum")

    def show_output(self) -> None:
        """y-hat = sigma(s)."""
        self.play_beat("output")

    def show_loss(self) -> None:
        """Binary cross-entropy against the label."""
        self.play_beat("loss")

    def show_error_signal(self) -> None:
        """dL/ds = y-hat - y."""
        self.play_beat("error_signal")

    def show_deltas(self) -> None:
        """dL/dz for every output position."""
        self.play_beat("deltas")

    def show_kernel_gradient(self) -> None:
        """dL/dw for one kernel entry, term by term."""
        self.play_beat("kernel_gradient")

    def show_input_gradient(self) -> None:
        """dL/da for one input entry, term by term."""
        self.play_beat("input_gradient")

    def play_beat(self, name: str) -> None:
        """One section of the video, played from the diagram's steps, with one subcaption spanning it."""
        caption = dict(BEATS)[name].format(kernel=self.kernel_target, input=self.input_target)
        self.next_section(name)
        start = self.time
        play_steps(self, getattr(self.diagram, name)())
        length = self.time - start
        self.add_subcaption(caption, duration=length, offset=-length)
