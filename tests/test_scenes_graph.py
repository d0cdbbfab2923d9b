"""The lesson's graph: edges pass behind the z and h boxes, never across a value."""

import numpy as np
import pytest
from manim import DL, UR

from scenes.cnn_graph import Graph, visible_parts


def test_a_segment_is_cut_where_it_crosses_a_box_and_kept_elsewhere():
    start, end = np.array([0.0, 0.0, 0.0]), np.array([0.0, 10.0, 0.0])
    parts = visible_parts(start, end, [(np.array([-1.0, 4.0, 0.0]), np.array([1.0, 6.0, 0.0]))])
    assert [(round(a[1], 2), round(b[1], 2)) for a, b in parts] == [(0.0, 3.97), (6.03, 10.0)]
    assert visible_parts(start, end, [(np.array([2.0, 4.0, 0.0]), np.array([3.0, 6.0, 0.0]))])[0][1][1] == 10.0


@pytest.mark.parametrize("m", [2, 3, 4])
def test_no_edge_runs_inside_a_box_it_does_not_join(m):
    graph = Graph(m)
    boxes = [cell[0] for cell in graph.boxes["z"] + graph.boxes["h"]]
    crossed = 0
    for (low, high), edges in graph.edges.items():
        for edge in edges:
            points = np.concatenate([np.linspace(a, b, 50) for a, b in zip(edge.points[0::4], edge.points[3::4])])
            crossed += len(edge.points) > 4  # broken at least once: it passes behind a box
            for box in boxes:
                lo, hi = box.get_corner(DL), box.get_corner(UR)
                inside = np.all((points[:, :2] > lo[:2] + 1e-6) & (points[:, :2] < hi[:2] - 1e-6), axis=1)
                assert not inside.any(), (low, high)
    assert crossed >= m * m  # the rows behind the front row are reached past it, as a break in the line
