"""Wall time of `iktw-kg viz` on the real data, interpreter start included, and its stages.

Runs the real console command in a fresh process several times (min / median / max), then
times each stage once in-process: load + map, projection (SPARQL + networkx metrics),
layout, page, figure (SVG + PNG), GraphML + GEXF.

    python benchmarks/bench_viz.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def timed(stages: dict[str, float], name: str, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    stages[name] = time.perf_counter() - start
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    walls = []
    with tempfile.TemporaryDirectory(dir=ROOT / "benchmarks") as scratch:
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "iktw_kg.cli", "viz", "--data", str(ROOT / "data"), "--out", "out/network.html"],
                cwd=scratch,
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - start)

    from iktw_kg.export import sorted_quads
    from iktw_kg.mapping import build_dataset
    from iktw_kg.network import project_network
    from iktw_kg.network_files import gexf_bytes, graphml_bytes
    from iktw_kg.pipeline import load_checked
    from iktw_kg.viz_figure import render_figure
    from iktw_kg.viz_layout import compute_layout
    from iktw_kg.viz_page import render_page
    from iktw_kg.viz_style import Lang

    stages: dict[str, float] = {}
    quads = timed(stages, "load + map", lambda: sorted_quads(build_dataset(load_checked(ROOT / "data"))))
    network = timed(stages, "projection", lambda: project_network(quads))
    layout = timed(stages, "layout", lambda: compute_layout(network))
    subtitle = {lang: "" for lang in Lang}
    timed(stages, "page", lambda: render_page(network, layout, Lang.KO, subtitle))
    timed(stages, "figure svg+png", lambda: render_figure(network, layout, Lang.KO, ""))
    colours = {kind: (0, 0, 0) for kind in ("policy", "technology", "jurisdiction", "body")}
    timed(
        stages,
        "graphml + gexf",
        lambda: (
            graphml_bytes(network, layout.positions),
            gexf_bytes(network, layout.positions, colours, layout.radii),
        ),
    )
    graph = network.graph
    print(f"iktw-kg viz, {args.runs} runs (fresh interpreter each):")
    print(f"  min {min(walls):.2f} s   median {statistics.median(walls):.2f} s   max {max(walls):.2f} s")
    print(f"  network: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    print("stages of one in-process run:")
    for stage, seconds in stages.items():
        print(f"  {stage:<16} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
