"""The replay's extra panels: the network with its neuron tiles, and the loss landscape, when the run recorded them."""

from manim import Arrow, Group

from render.palette import PALETTE
from render.files.snapshots import SnapshotRun
from render.gif.tiles import MAX_LAYERS, MAX_UNITS
from scenes.replay_landscape import ReplayLandscape
from scenes.replay_network import ReplayNetwork

__all__ = ["ReplayPanels"]


class ReplayPanels(Group):
    """The network (tiles at the neurons, edges by weight, a key) and the landscape; `show(k)` moves to snapshot k."""

    def __init__(self, run: SnapshotRun) -> None:
        super().__init__()
        self.run = run
        self.network = ReplayNetwork(run) if self.has_tiles(run) else None
        self.key = self.network.key() if self.network else None
        self.landscape = ReplayLandscape(run.landscape) if run.landscape is not None else None
        self.link = None
        self.add(*(part for part in (self.network, self.key, self.landscape) if part is not None))

    @staticmethod
    def has_tiles(run: SnapshotRun) -> bool:
        """Whether the run recorded unit activations and weights of a network narrow enough to tile."""
        snap = run.snapshots[0] if run.snapshots else None
        narrow = bool(run.hidden) and len(run.hidden) <= MAX_LAYERS and max(run.hidden) <= MAX_UNITS
        return narrow and snap is not None and snap.units is not None and snap.params is not None

    @classmethod
    def available(cls, run: SnapshotRun) -> bool:
        """Whether the run has anything for the panels to show."""
        return cls.has_tiles(run) or run.landscape is not None

    def link_to(self, target) -> None:
        """An arrow from the network's output to `target` (the decision surface), once laid out."""
        if self.network is not None:
            self.link = Arrow(self.network.output_anchor(), target.get_left(), buff=0.08, stroke_width=2.5,
                              max_tip_length_to_length_ratio=0.12, color=PALETTE.muted)
            self.add(self.link)

    def moving(self) -> Group:
        """The parts a new snapshot redraws."""
        return Group(*(part.moving() for part in (self.network, self.landscape) if part is not None))

    def show(self, index: int) -> None:
        """Display snapshot `index` in every panel."""
        for part in (self.network, self.landscape):
            if part is not None:
                part.show(index)
