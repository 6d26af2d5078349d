"""Where each node is drawn and how big: computed once in Python, so every output agrees.

Positions come from networkx's spring layout with a fixed seed (the same input gives the
same picture, and the same bytes), rescaled to a fixed canvas and rounded. The page, the
static figure and the GEXF file all use them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from iktw_kg.network import PolicyNetwork

CANVAS_WIDTH = 1600.0
CANVAS_HEIGHT = 1000.0
MARGIN = 60.0
LAYOUT_SEED = 20240401
MIN_RADIUS = 5.0
MAX_EXTRA_RADIUS = 17.0
SPRING_K = 3.0
"""Preferred edge length relative to networkx's default 1/sqrt(n): more room for labels."""
ISOLATED_STRIP = 40.0
"""Canvas height kept free at the bottom for nodes without links."""
PROMINENT_COUNT = 32
"""How many of the most central nodes are always labelled (the rest on hover or zoom)."""


@dataclass(frozen=True)
class Layout:
    positions: dict[str, tuple[float, float]]
    radii: dict[str, float]
    prominent: frozenset[str]


def compute_layout(network: PolicyNetwork) -> Layout:
    """Positions on a CANVAS_WIDTH × CANVAS_HEIGHT canvas (y down), radii by degree centrality."""
    graph = network.graph
    simple = nx.Graph()
    simple.add_edges_from(sorted((s, t) for s, t in graph.edges()))
    count = max(simple.number_of_nodes(), 1)
    raw = nx.spring_layout(simple, seed=LAYOUT_SEED, k=SPRING_K / math.sqrt(count), iterations=500)
    positions = _fit_to_canvas({node: (float(x), float(y)) for node, (x, y) in raw.items()}, bottom=ISOLATED_STRIP)
    positions.update(_isolated_row(sorted(node for node in graph.nodes if node not in simple)))
    top_degree = max((data["degree"] for _, data in graph.nodes(data=True)), default=0.0) or 1.0
    radii = {
        node: round(MIN_RADIUS + MAX_EXTRA_RADIUS * math.sqrt(data["degree"] / top_degree), 1)
        for node, data in graph.nodes(data=True)
    }
    ranked = sorted(graph.nodes(data=True), key=lambda item: (-item[1]["betweenness"], -item[1]["degree"], item[0]))
    prominent = frozenset(node for node, _ in ranked[:PROMINENT_COUNT])
    return Layout(positions, radii, prominent)


def _isolated_row(nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Nodes without any link (a policy whose target is not stated) in a row along the bottom,
    where they neither stretch the layout nor hide among linked nodes."""
    step = min(60.0, (CANVAS_WIDTH - 2 * MARGIN) / max(len(nodes), 1))
    y = CANVAS_HEIGHT - MARGIN / 2
    return {node: (round(MARGIN + index * step, 1), y) for index, node in enumerate(nodes)}


def _fit_to_canvas(points: dict[str, tuple[float, float]], bottom: float) -> dict[str, tuple[float, float]]:
    if not points:
        return {}
    xs = [x for x, _ in points.values()]
    ys = [y for _, y in points.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    width, height = CANVAS_WIDTH - 2 * MARGIN, CANVAS_HEIGHT - 2 * MARGIN - bottom
    return {
        node: (
            round(MARGIN + (x - min(xs)) / span_x * width, 1),
            round(MARGIN + (max(ys) - y) / span_y * height, 1),
        )
        for node, (x, y) in points.items()
    }
