"""The tiny CNN as a computational graph: z and h one node per position, fanning into w and a; values beside nodes."""

import numpy as np
from manim import DL, LEFT, RIGHT, UR, Animation, AnimationGroup, Circle, RoundedRectangle, ShowPassingFlash, VGroup, VMobject

from render.palette import PALETTE
from scenes.cnn_mobjects import TEX_SIZE
from scenes.kit import appear, enter, leave, tex_group

__all__ = ["Graph", "visible_parts"]

_X0, _X1 = 3.71, 6.95  # the strip right of the main area
_CHAIN_X = 4.3  # s, y_hat and L stand here; their values to the right
_LEAF_Y, _Z_Y, _H_Y, _S_Y, _YHAT_Y, _L_Y = -2.6, -1.25, 0.4, 1.7, 2.55, 3.4
_BLOCK_W, _BLOCK_GAP = 3.22, 0.06  # an M x M block of sub-nodes: total width, gap between boxes
_CLEAR = 0.03  # an edge stops this far from a box it passes behind


def visible_parts(start: np.ndarray, end: np.ndarray, boxes: list[tuple[np.ndarray, np.ndarray]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The pieces of the segment start-end outside every box (lower-left and upper-right corners, grown by _CLEAR)."""
    step, cuts = end - start, []
    for low, high in boxes:
        enter, leave = 0.0, 1.0
        for axis in (0, 1):
            lo, hi = low[axis] - _CLEAR, high[axis] + _CLEAR
            if abs(step[axis]) < 1e-12:
                enter, leave = (enter, leave) if lo <= start[axis] <= hi else (1.0, 0.0)
                continue
            t0, t1 = sorted(((lo - start[axis]) / step[axis], (hi - start[axis]) / step[axis]))
            enter, leave = max(enter, t0), min(leave, t1)
        if enter < leave:
            cuts.append((enter, leave))
    parts, t = [], 0.0
    for enter, leave in sorted(cuts):
        if enter > t:
            parts.append((t, enter))
        t = max(t, leave)
    parts.append((t, 1.0))
    return [(start + step * a, start + step * b) for a, b in parts if b - a > 1e-3]


class Graph(VGroup):
    """w, a, b at the bottom; an M x M block of z nodes, one of h nodes; then s, y_hat, L, one above the other.

    Every z node has an edge to w, to a and to b, every h node one to s: the sums over positions are drawn.
    """

    scalars = ("w", "a", "b", "s", "y_hat", "L")
    leaves = ("w", "a", "b")
    names = {"s": "s", "y_hat": r"\hat y", "L": "L", "w": "w", "a": "a", "b": "b"}
    radius = 0.3

    def __init__(self, m: int) -> None:
        super().__init__()
        self.m = m
        places = {"w": (4.3, _LEAF_Y), "a": (5.33, _LEAF_Y), "b": (6.36, _LEAF_Y), "s": (_CHAIN_X, _S_Y),
                  "y_hat": (_CHAIN_X, _YHAT_Y), "L": (_CHAIN_X, _L_Y)}  # fmt: skip
        box_w = (_BLOCK_W - (m - 1) * _BLOCK_GAP) / m
        box_h = min(0.52, (1.2 - (m - 1) * _BLOCK_GAP) / m)
        labels = [rf"z_{{{i}{j}}}" for i in range(m) for j in range(m)] + [rf"h_{{{i}{j}}}" for i in range(m) for j in range(m)]
        made = tex_group([self.names[n] for n in places] + labels, TEX_SIZE)
        self.nodes: dict[str, VGroup] = {}
        for (name, (x, y)), label in zip(places.items(), made):
            ring = Circle(self.radius, stroke_color=PALETTE.muted, stroke_width=3).move_to([x, y, 0])
            self.nodes[name] = VGroup(ring, label.move_to([x, y, 0]))
            self.nodes[name].is_text = ring.is_text = True  # a node is a label in a ring: nothing may overlap it
            ring.holds = label
        self.boxes: dict[str, list[VGroup]] = {}
        centre_x = (_X0 + _X1) / 2
        for block, y, texs in (("z", _Z_Y, made[len(places) : len(places) + m * m]), ("h", _H_Y, made[len(places) + m * m :])):
            cells = []
            for k, label in enumerate(texs):
                i, j = divmod(k, m)
                x = centre_x + (j - (m - 1) / 2) * (box_w + _BLOCK_GAP)
                yy = y - (i - (m - 1) / 2) * (box_h + _BLOCK_GAP)
                box = RoundedRectangle(corner_radius=0.08, width=box_w, height=box_h, stroke_color=PALETTE.muted, stroke_width=3)
                box.move_to([x, yy, 0])
                label.scale(min(1.0, 0.8 * box_w / label.width, 0.8 * box_h / label.height)).move_to(box)
                cell = VGroup(box, label)
                box.is_text, box.holds = True, [label]  # a box holds its label, later its value: nothing else may overlap it
                cells.append(cell)
            self.boxes[block] = cells
        self.edges: dict[tuple[str, str], VGroup] = {}
        every_box = [cell[0] for cell in self.boxes["z"] + self.boxes["h"]]
        line = lambda low, high: self._line(low, high, [b for b in every_box if b is not low and b is not high])  # noqa: E731
        for leaf in self.leaves:
            self.edges[(leaf, "z")] = VGroup(*(line(self.nodes[leaf][0], cell[0]) for cell in self.boxes["z"]))
        self.edges[("z", "h")] = VGroup(*(line(z[0], h[0]) for z, h in zip(self.boxes["z"], self.boxes["h"])))
        self.edges[("h", "s")] = VGroup(*(line(cell[0], self.nodes["s"][0]) for cell in self.boxes["h"]))
        self.edges[("s", "y_hat")] = VGroup(line(self.nodes["s"][0], self.nodes["y_hat"][0]))
        self.edges[("y_hat", "L")] = VGroup(line(self.nodes["y_hat"][0], self.nodes["L"][0]))
        self.edges[("b", "z")].set_stroke(width=1.5)
        self.values: dict[str, VGroup] = {}
        self._moved: list[VGroup] = []  # box labels that stepped aside for a value
        self.add(*self.edges.values(), *self.nodes.values(), *self.boxes["z"], *self.boxes["h"])

    @staticmethod
    def _line(low, high, behind: list) -> VMobject:
        """An edge from the top of `low` to the bottom of `high` (rings: their rims), broken where it passes behind a box."""
        start, end = low.get_top(), high.get_bottom()
        if isinstance(low, Circle):
            direction = high.get_bottom() - low.get_center()
            start = low.get_center() + direction / np.linalg.norm(direction) * low.radius
        if isinstance(high, Circle):
            direction = high.get_center() - start
            end = high.get_center() - direction / np.linalg.norm(direction) * high.radius
        edge = VMobject()
        for a, b in visible_parts(start, end, [(box.get_corner(DL), box.get_corner(UR)) for box in behind]):
            edge.start_new_path(a)
            edge.add_line_to(b)
        return edge.set_stroke(PALETTE.muted, width=2.5)

    def ring(self, name: str) -> VGroup:
        """The outline(s) of a node: one ring, or every box of the z or h block."""
        if name in self.boxes:
            return VGroup(*(cell[0] for cell in self.boxes[name]))
        return VGroup(self.nodes[name][0])

    def show_value(self, name: str, texs: list[str], colour: str = PALETTE.gradient) -> list[Animation]:
        """Write a node's value: right of a ring, or inside each box of a block (its label steps aside)."""
        made = tex_group(texs, TEX_SIZE, colour)
        anims: list[Animation] = []
        if name in self.boxes:
            for cell, value in zip(self.boxes[name], made):
                box, label = cell[0], cell[1]
                value.scale(min(1.0, 0.94 * box.width / value.width, 0.8 * box.height / value.height)).move_to(box)
                box.holds = [label, value]
                if not any(label is moved for moved in self._moved):
                    self._moved.append(label)
                    anims.append(leave(label))
            group = VGroup(*made)
        else:
            group = made[0].next_to(self.nodes[name][0], RIGHT, buff=0.22)
            if group.get_right()[0] > _X1:
                group.scale((_X1 - group.get_left()[0]) / group.width, about_edge=LEFT)
        old = self.values.pop(name, None)
        if old is not None:  # the old value leaves before the new one arrives in its place
            anims.append(leave(old))
        self.values[name] = group
        return [*anims, enter(group) if anims else appear(group)]

    def clear_values(self) -> list[Animation]:
        """Take every value off the graph; the box labels return."""
        anims = [leave(v) for v in self.values.values()] + [enter(label) for label in self._moved]
        self.values, self._moved = {}, []
        return anims

    def flow(self, path: list[str], backward: bool = False, lines: VGroup | None = None) -> list[Animation]:
        """Pulses along the edges of `path` (node names bottom to top), one animation a level: forward up, backward down."""
        colour = PALETTE.gradient if backward else PALETTE.forward
        levels = []
        for low, high in zip(path[:-1], path[1:]):
            flashes = []
            for line in self.edges[(low, high)] if lines is None else lines:
                edge = line.copy().set_stroke(colour, width=7)
                if backward:
                    edge.reverse_points()
                flashes.append(ShowPassingFlash(edge, time_width=0.8))
            levels.append(AnimationGroup(*flashes))
        return levels[::-1] if backward else levels

    def edge_path(self, path: list[str]) -> VGroup:
        """The edges along `path`, for colouring them."""
        return VGroup(*(self.edges[(low, high)] for low, high in zip(path[:-1], path[1:])))

    def fan(self, leaf: str, cells: list[tuple[int, int]]) -> VGroup:
        """The edges from `leaf` to the z nodes at `cells` (the positions a nudge or a gradient walk visits)."""
        return VGroup(*(self.edges[(leaf, "z")][i * self.m + j] for i, j in cells))
