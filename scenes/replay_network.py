"""The replayed network as Playground draws it: a tile per unit at its place, edges coloured and sized by weight."""

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Circle, Group, ImageMobject, Line, Text, VGroup, VMobject

from model.network import network_widths
from model.units import TILE_RESOLUTION
from render.palette import PALETTE
from render.files.snapshots import SnapshotRun
from render.gif.tiles import BOUNDED_ACTIVATIONS, check_tileable, weight_matrices
from render.video_frames.panels import LEVELS, SIGN_COLOURS, edge_levels, tile_pixels
from scenes.ticker import FONT, LABEL_SIZE, baseline

__all__ = ["ReplayNetwork"]

def _segment(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Straight cubic Bézier from each row of `a` to `b`: (edges, 4, 3)."""
    t = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, :, None]
    return a[:, None, :] + (b - a)[:, None, :] * t


class ReplayNetwork(Group):
    """Inputs, hidden-unit tiles and outputs in columns; `show(k)` draws snapshot k's activations and weights."""

    def __init__(self, run: SnapshotRun, width: float = 3.6, height: float = 5.6) -> None:
        super().__init__()
        check_tileable(run.hidden)
        self.run, self._index = run, -1
        self.classes = run.data.classes
        self.widths = network_widths(run.hidden, self.classes)
        self.bounded = (run.activation or "tanh") in BOUNDED_ACTIVATIONS
        pitch = min(height / max(max(run.hidden), 2), 0.9)
        self.tile_side = pitch * 0.85
        columns = self._columns(pitch, width / (len(self.widths) - 1))  # (nodes, 3) centres per column
        self.inputs, self.tiles, self.outputs = self._nodes(columns)
        self._wire()
        self.buckets = VGroup(*(
            VMobject(fill_opacity=0.0).set_stroke(SIGN_COLOURS[sign], width=0.6 + 4.2 * (level + 0.5) / LEVELS,
                                                  opacity=0.25 + 0.75 * (level + 1) / LEVELS)
            for sign in (0, 1) for level in range(LEVELS)
        ))
        self.labels = self._labels()
        self.add(self.buckets, self.inputs, self.tiles, self.outputs, self.labels)
        self.show(0)

    def fit(self, width: float, height: float) -> "ReplayNetwork":
        """Spread the nodes so that nodes and labels together fill `width` x `height`; the labels keep their size."""
        for _ in range(3):  # the labels' overhang barely changes with the spread: a few rounds settle it
            nodes = Group(self.inputs, self.tiles, self.outputs)
            drawn = Group(nodes, self.labels)  # not the edges: they still run between the old places
            self._place(width - (drawn.width - nodes.width), height - (drawn.height - nodes.height))
            self.remove(self.labels)
            self.labels = self._labels()
            self.add(self.labels)
        shown, self._index = self._index, -1
        self.show(max(shown, 0))  # edges again, between the nodes where they now are
        return self

    def heads_apart(self, gap: float = 0.2) -> bool:
        """Whether the column names stand at least `gap` apart."""
        heads = self.labels[0]
        return all(a.get_right()[0] + gap <= b.get_left()[0] for a, b in zip(heads[:-1], heads[1:]))

    def _place(self, width: float, height: float) -> None:
        """Move the nodes (centred where they were) so that they span `width` x `height`, tiles as large as the rows allow."""
        nodes = Group(self.inputs, self.tiles, self.outputs)
        centre, radius = nodes.get_center(), self.outputs[0].width / 2
        pitch = min(height / (max(max(self.run.hidden), 2) - 0.15), 0.9)  # the tallest column is (n - 1) pitches and a tile
        self.tile_side = pitch * 0.85
        columns = self._columns(pitch, (width - self.tile_side / 2 - radius) / (len(self.widths) - 1))
        for node, point in zip([*self.inputs, *self.tiles, *self.outputs], np.concatenate(columns), strict=True):
            if isinstance(node, ImageMobject):
                node.height = self.tile_side
            node.move_to(point)
        nodes.shift(centre - nodes.get_center())

    def _columns(self, pitch: float, spacing: float) -> list[np.ndarray]:
        """Each column's node centres (n, 3), top to bottom, centred on y = 0."""
        columns = []
        for c, n in enumerate(self.widths):
            gap = pitch if 0 < c < len(self.widths) - 1 else max(pitch, 0.45)  # inputs and outputs spread out a little
            ys = (np.arange(n)[::-1] - (n - 1) / 2) * gap
            columns.append(np.stack([np.full(n, c * spacing), ys, np.zeros(n)], axis=1))
        return columns

    def _nodes(self, columns: list[np.ndarray]) -> tuple[Group, Group, VGroup]:
        """The input tiles (x1, x2 over the plane), a tile per hidden unit, and a node per output."""
        tiles = [Group(), Group()]  # inputs, hidden units layer by layer
        for c, centres in enumerate(columns[:-1]):
            for centre in centres:
                tile = ImageMobject(np.zeros((TILE_RESOLUTION, TILE_RESOLUTION, 4), dtype=np.uint8))
                tile.height = self.tile_side
                tiles[min(c, 1)].add(tile.move_to(centre))
        xs = np.linspace(-1.0, 1.0, TILE_RESOLUTION, dtype=np.float32)
        planes = np.stack([np.tile(xs, (TILE_RESOLUTION, 1)), np.tile(xs[::-1, None], (1, TILE_RESOLUTION))])
        for tile, pixels in zip(tiles[0], tile_pixels(planes, bounded=True), strict=True):
            tile.pixel_array = pixels
        fills = [PALETTE.screen] if self.widths[-1] == 1 else PALETTE.classes(self.classes)
        outputs = VGroup(*(
            Circle(radius=0.13).move_to(centre).set_stroke(PALETTE.ink, width=2).set_fill(fill, opacity=1)
            for fill, centre in zip(fills, columns[-1], strict=True)
        ))
        return tiles[0], tiles[1], outputs

    def _wire(self) -> None:
        """Which nodes each edge joins, and every snapshot's weight on it against its layer's run-wide largest."""
        ends, first = [], np.cumsum((0, *self.widths))  # node k of column c is number first[c] + k
        for c in range(len(self.widths) - 1):
            i, j = np.meshgrid(np.arange(self.widths[c]), np.arange(self.widths[c + 1]))  # (fan_out, fan_in), like W
            ends.append(np.stack([first[c] + i.ravel(), first[c + 1] + j.ravel()], axis=1))
        self._ends = np.concatenate(ends)  # (edges, 2) source and target node of each edge, layer by layer
        mats = [weight_matrices(s.params, self.widths) for s in self.run.snapshots]
        self._weights = np.stack([np.concatenate([w.ravel() for w in m]) for m in mats])  # (snapshots, edges)
        self._scale = np.concatenate([
            np.full(w.size, max(float(np.abs(m[k]).max()) for m in mats)) for k, w in enumerate(mats[0])
        ])  # (edges,) the largest |weight| of each edge's layer over the whole run

    def _labels(self) -> VGroup:
        """Column names above (one name over all the hidden layers), the input names beside their tiles."""
        def label(words: str, colour: str) -> Text:
            return Text(words, font=FONT, font_size=LABEL_SIZE, color=colour)

        top = Group(self.inputs, self.tiles, self.outputs).get_top()[1] + 0.15
        over = ((self.inputs, "input"), (self.tiles, "hidden"), (self.outputs, "output"))
        heads = [label(name, PALETTE.muted).set_x(nodes.get_x()) for nodes, name in over]
        for head in heads:  # one baseline
            head.shift(UP * (top - baseline(head)))
        if heads[0].get_right()[0] + 0.2 > heads[1].get_left()[0]:  # too close: x₁ and x₂ name the inputs anyway
            heads = heads[1:]
        heads = VGroup(*heads)
        inputs = VGroup(*(
            label(name, PALETTE.ink).next_to(tile, LEFT, buff=0.1)
            for name, tile in zip(("x₁", "x₂"), self.inputs, strict=True)
        ))
        return VGroup(heads, inputs)

    def key(self, font_size: int = LABEL_SIZE, width: float | None = None) -> Group:
        """What the colours and widths mean, in two lines (three when two are wider than `width`), for under the network."""
        def sample(colour: str, width: float) -> Line:
            return Line(LEFT * 0.2, RIGHT * 0.2).set_stroke(colour, width=width)

        def entry(*parts) -> Group:
            marks = [p if not isinstance(p, str) else Text(p, font=FONT, font_size=font_size, color=PALETTE.ink) for p in parts]
            return Group(*marks).arrange(RIGHT, buff=0.12)

        weights = entry("weight", sample(SIGN_COLOURS[1], 3), "+", sample(SIGN_COLOURS[0], 3), "−")
        widths = entry("width ∝ |weight|", sample(PALETTE.muted, 0.8), sample(PALETTE.muted, 4.8))
        ramp = tile_pixels(np.linspace(-1, 1, 32, dtype=np.float32)[None, None, :].repeat(4, 1), bounded=True)[0]
        bar = ImageMobject(ramp)
        bar.height, bar.width = 0.18, 0.8
        low, high = ("−1", "+1") if self.bounded else ("−max", "+max")
        words, ramp = entry("tile: unit's output over the plane"), entry(low, bar, high)
        lines = [Group(weights, widths).arrange(RIGHT, buff=0.5), Group(words, ramp).arrange(RIGHT, buff=0.12)]
        if width is not None and max(line.width for line in lines) > width:
            lines[1:] = [words, ramp]
        return Group(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.18)

    def output_anchor(self) -> np.ndarray:
        """Point right of the output column, where a link to the decision surface starts."""
        return self.outputs.get_right() + RIGHT * 0.1

    def moving(self) -> Group:
        """The parts a new snapshot redraws."""
        return Group(self.buckets, self.tiles)

    def show(self, index: int) -> None:
        """Draw snapshot `index`: each unit's activation in its tile, each edge by its weight."""
        if index == self._index:
            return
        self._index = index
        snap = self.run.snapshots[index]
        for tile, pixels in zip(self.tiles, tile_pixels(snap.units, self.bounded), strict=True):
            tile.pixel_array = pixels
        weights = self._weights[index]
        levels = edge_levels(weights, self._scale)
        bezier = self._bezier()
        for k, bucket in enumerate(self.buckets):
            sign, level = divmod(k, LEVELS)
            chosen = bezier[(levels == level) & ((weights > 0) == bool(sign))]
            if len(chosen):
                bucket.set_points(chosen.reshape(-1, 3))
            else:
                bucket.clear_points()

    def _bezier(self) -> np.ndarray:
        """Every edge as a straight cubic from its source's right side to its target's left, where the nodes are now."""
        nodes = [*self.inputs, *self.tiles, *self.outputs]
        centres = np.array([node.get_center() for node in nodes])  # (nodes, 3)
        half = np.array([[node.width / 2, 0.0, 0.0] for node in nodes])
        return _segment(centres[self._ends[:, 0]] + half[self._ends[:, 0]], centres[self._ends[:, 1]] - half[self._ends[:, 1]])
