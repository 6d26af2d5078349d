"""Latency of every library query (and of `describe`) on one or more data directories.

For each directory: the time to build the in-process Oxigraph store of the union graph (load,
quote check, mapping, loading the triples) and to load the named graphs beside it (queries
that use GRAPH read those), then each query's median latency over several runs through
the public API (`iktw_kg.query.execute`: read the .rq file, bind the parameters, run on
Oxigraph, convert the rows), with its defaults or its header's `# Example:` values.

    python benchmarks/bench_query.py [DATA_DIR ...] [--runs 15]
    python benchmarks/bench_query.py DATA_DIR=OUT_DIR ...

With no directory, the real bulletin data (data/) is measured. `DATA_DIR=OUT_DIR` loads the
units that `iktw-kg build --data DATA_DIR --out OUT_DIR` cached instead of mapping DATA_DIR
again, as `iktw-kg query --out OUT_DIR` does: the way to measure ten years of issues
(benchmarks/synth.py, then iktw-kg build).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from iktw_kg.query import describe, execute, list_queries
from iktw_kg.query.local import local_graph

ROOT = Path(__file__).resolve().parents[1]
DESCRIBED = ("reactor-design/htr-pm", "country/cn", "org/jetro")


def timed(work: Callable[[], object], runs: int) -> tuple[list[float], object]:
    """Wall times in milliseconds of `runs` calls, and the last call's result."""
    times = []
    result: object = None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def bench_directory(data_dir: Path, runs: int, out_dir: Path | None = None) -> dict[str, float]:
    start = time.perf_counter()
    graph = local_graph(data_dir, out_dir)
    built = time.perf_counter() - start
    start = time.perf_counter()
    graph.resolve_entity("JETRO")
    indexed = time.perf_counter() - start
    start = time.perf_counter()
    dataset_quads = len(graph.dataset)
    dataset_loaded = time.perf_counter() - start
    print(
        f"{data_dir}: union store of {len(graph.store):,} triples built in {built:.2f} s, "
        f"name index in {indexed * 1000:.0f} ms; named graphs + union ({dataset_quads:,} quads, "
        f"for queries that read named graphs) loaded in {dataset_loaded:.2f} s"
    )
    print(f"  {'query':<32} {'median ms':>10} {'min':>8} {'max':>8} {'rows':>6}")
    medians = []
    for definition in list_queries():
        times, run = timed(lambda d=definition: execute(d.name, d.example, data_dir=data_dir), runs)
        medians.append(statistics.median(times))
        rows = len(run.result.rows)  # type: ignore[attr-defined]
        print(f"  {definition.name:<32} {medians[-1]:>10.2f} {min(times):>8.2f} {max(times):>8.2f} {rows:>6}")
    for name in DESCRIBED:
        times, _ = timed(lambda n=name: describe(n, data_dir=data_dir), runs)
        print(f"  {'describe ' + name:<32} {statistics.median(times):>10.2f} {min(times):>8.2f} {max(times):>8.2f}")
    print(f"  slowest query median {max(medians):.2f} ms; all {len(medians)} queries in {sum(medians):.1f} ms")
    return {definition.name: median for definition, median in zip(list_queries(), medians, strict=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dirs", nargs="*", default=[str(ROOT / "data")], metavar="DATA_DIR[=OUT_DIR]")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    columns = {}
    for argument in args.data_dirs:
        data_dir, _, out_dir = argument.partition("=")
        columns[Path(data_dir).name] = bench_directory(Path(data_dir), args.runs, Path(out_dir) if out_dir else None)
    if len(columns) > 1:
        print_summary(columns)


def print_summary(columns: dict[str, dict[str, float]]) -> None:
    """Every query's median (ms) side by side, one column per data directory."""
    print(f"\nmedian ms {'':<22}" + "".join(f"{name:>12}" for name in columns))
    for query in next(iter(columns.values())):
        print(f"  {query:<30}" + "".join(f"{medians[query]:>12.1f}" for medians in columns.values()))
    slowest = [max(medians.values()) for medians in columns.values()]
    print(f"  {'slowest':<30}" + "".join(f"{value:>12.1f}" for value in slowest))


if __name__ == "__main__":
    main()
