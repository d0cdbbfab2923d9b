"""Where the training replay puts its parts: title, readout and key on top; the surface, the plots and the panels below.

Labels keep their size (scenes.ticker.LABEL_SIZE): the layout sizes the pictures around them, never the words.
"""

import textwrap

from manim import DOWN, LEFT, RIGHT, UP, Mobject, Text, config

from scenes.kit import FLOOR, drop_outlines
from scenes.training_mobjects import MetricPlot, ReplayBoard

__all__ = ["EDGE", "header_title", "lay_out_header", "lay_out_network", "lay_out_plain"]

EDGE = 0.2  # kept clear along the frame's left, right and top edges
GAP = 0.35  # between neighbouring panels
_LINE_SPACING = 0.55  # a wrapped title's lines: room for underscores above the next line's digits
_PLOT_GAP = 0.3  # between the loss plot's lowest tick and the accuracy plot's head
_RIGHT_COLUMN = 4.8  # width of the plots' column beside the network: ticks, axes and the landscape's words


def _left() -> float:
    return -config.frame_width / 2 + EDGE


def _right() -> float:
    return config.frame_width / 2 - EDGE


def header_title(words: str, font: str, size: float, colour: str) -> Text:
    """The run's description at `size`, broken between words into as few lines as fit the frame's width."""
    room, title = _right() - _left(), Text(words, font=font, font_size=size, color=colour)
    columns = len(words)
    while title.width > room and columns > 10:
        columns = min(columns - 1, int(columns * room / title.width))
        lines = textwrap.fill(words, columns, break_long_words=True)
        title = Text(lines, font=font, font_size=size, color=colour, line_spacing=_LINE_SPACING)
    return drop_outlines(title)


def lay_out_header(title: Mobject, readout: Mobject, key: Mobject) -> float:
    """Title top left, the readout under it, the key top right beside both (or beside the readout); returns their bottom."""
    top = config.frame_height / 2 - EDGE
    title.move_to([_left(), top, 0], aligned_edge=UP + LEFT)
    readout.next_to(title, DOWN, buff=0.22).align_to(title, LEFT)
    key.move_to([_right(), top, 0], aligned_edge=UP + RIGHT)
    if key.get_left()[0] < title.get_right()[0] + GAP:  # a long title: the key moves down beside the readout
        key.align_to(readout, UP)
    if key.get_left()[0] < readout.get_right()[0] + 0.2:  # still no room: the key takes a row of its own
        key.next_to(readout, DOWN, buff=0.2).align_to(readout, LEFT)
    return min(readout.get_bottom()[1], key.get_bottom()[1])


def _margins(plot: MetricPlot) -> tuple[float, float, float, float]:
    """What the plot takes beyond its axes' box on the left, right, top and bottom: ticks, head, marker."""
    (x0, y0, _), (x1, y1, _) = plot.axes.c2p(0, 0), plot.axes.c2p(plot.span, plot.y_max)
    return x0 - plot.get_left()[0], plot.get_right()[0] - x1, plot.get_top()[1] - y1, y0 - plot.get_bottom()[1]


def _stack_plots(board: ReplayBoard, left: float, right: float, top: float, bottom: float) -> None:
    """Loss above accuracy, ticks and heads included, filling the box; the axes' left edges lined up."""
    plots: tuple[MetricPlot, MetricPlot] = (board.loss, board.accuracy)
    for _ in range(3):  # ticks and heads keep their size while the axes change: a few rounds settle what they take
        margins = [_margins(p) for p in plots]
        width = right - left - max(m[0] for m in margins) - max(m[1] for m in margins)
        height = (top - bottom - sum(m[2] + m[3] for m in margins) - _PLOT_GAP) / 2
        for plot in plots:
            plot.resize(width, max(height, 0.3))
    x0 = left + max(_margins(p)[0] for p in plots)
    board.loss.shift([x0 - board.loss.axes.c2p(0, 0)[0], top - board.loss.get_top()[1], 0])
    board.accuracy.shift([x0 - board.accuracy.axes.c2p(0, 0)[0], board.loss.get_bottom()[1] - _PLOT_GAP - board.accuracy.get_top()[1], 0])
    for plot in plots:  # both heads start at the column's left edge
        plot.head.shift(RIGHT * (left - plot.head.get_left()[0]))


def lay_out_plain(board: ReplayBoard, top: float, bottom: float = FLOOR) -> None:
    """Surface on the left as tall as the room; loss above accuracy on the right, beside the landscape if there is one."""
    surface, land = board.surface, board.panels.landscape if board.panels else None
    side = top - bottom
    surface.scale(side / surface.frame.height).move_to([_left(), bottom, 0], aligned_edge=DOWN + LEFT)
    left, right = surface.get_right()[0] + GAP + 0.25, _right()
    if land is not None:  # its own column on the right: the image, its words below
        land.resize(min(3.0, side - land.labels.height - 0.2), beside=False)
        land.move_to([right, top, 0], aligned_edge=UP + RIGHT)
        right = land.get_left()[0] - GAP
    _stack_plots(board, left, right, top, bottom)


def lay_out_network(board: ReplayBoard, top: float, bottom: float = FLOOR) -> None:
    """The network on the left feeding the surface; its key under both; loss, accuracy and landscape down the right."""
    panels, surface = board.panels, board.surface
    network, key, land = panels.network, panels.key, panels.landscape
    column = _right() - _RIGHT_COLUMN  # the plots' column starts here
    if key.width > column - 0.2 - _left():  # a longer ramp (an unbounded activation's): the key takes three lines
        panels.remove(key)
        key = panels.key = network.key(width=column - 0.2 - _left())
        panels.add(key)
    key.move_to([_left(), bottom, 0], aligned_edge=DOWN + LEFT)
    floor = key.get_top()[1] + 0.3  # the network and the surface stand on the key
    room = column - GAP - _left()  # for the network, the link and the surface
    side = min(top - floor, room * 0.55)  # the surface: the largest picture, the network gets the rest
    while not network.fit(room - side - GAP - 0.25, side).heads_apart() and side > 0.45 * room:
        side -= 0.1  # the column names need a wider network
    middle = (floor + top) / 2
    surface.scale(side / surface.frame.height).move_to([column - GAP, middle, 0], aligned_edge=RIGHT)
    network.move_to([_left(), middle, 0], aligned_edge=LEFT)
    plots_bottom = bottom
    if land is not None:
        land.resize(min(_RIGHT_COLUMN - land.labels.width - 0.2, 0.36 * (top - bottom)))
        land.move_to([column, bottom, 0], aligned_edge=DOWN + LEFT)
        plots_bottom = land.get_top()[1] + GAP
    _stack_plots(board, column, _right(), top, plots_bottom)
    panels.link_to(surface.frame)
