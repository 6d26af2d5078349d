"""Serving and pushing: bulk-load time, push time, and remote vs in-process query latency.

For each data directory (the real bulletin by default; a synthetic ten-year corpus from
`benchmarks/synth.py` for scale):

* the store `iktw-kg serve` builds: N-Quads serialisation + `oxigraph load` + the swap;
* `iktw-kg push` into a fresh writable Oxigraph server on 127.0.0.1: every graph PUT,
  then one SELECT COUNT per graph;
* every library query with its `# Example:` values, median over several runs, in-process
  (`iktw_kg.query.execute`) and through the SPARQL protocol against `oxigraph serve-read-only`
  on the loaded store (`iktw_kg.remote.execute_remote`).

`DATA_DIR=OUT_DIR` takes the graph from the units `iktw-kg build` cached in OUT_DIR, as `serve`
and `push` do (the time to read them is printed); a bare DATA_DIR is mapped without SHACL.
Only loopback is contacted.

    python benchmarks/bench_store.py [DATA_DIR[=OUT_DIR] ...] [--runs 5] [--timeout 60]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from iktw_kg.assemble import unit_quads
from iktw_kg.cache import CACHE_DIRECTORY, BuildCache
from iktw_kg.export import sorted_quads
from iktw_kg.mapping import build_dataset
from iktw_kg.pipeline import current_units, load_checked
from iktw_kg.push import push_graphs, upload_plan, verify_counts
from iktw_kg.query import execute, list_queries
from iktw_kg.remote import execute_remote
from iktw_kg.sparql_client import SparqlClient
from iktw_kg.store import ServerAddress, load_store, oxigraph_program, server_command

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def start_server(command: list[str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{command[1]} did not listen on {port}")


def graph_quads(data_dir: Path, out_dir: Path | None) -> list[ox.Quad]:
    """The quads serve and push would send: from the build's cached units, or mapped afresh."""
    if out_dir is None:
        return sorted_quads(build_dataset(load_checked(data_dir)))
    cache = BuildCache(out_dir / CACHE_DIRECTORY)
    return unit_quads(current_units(load_checked(data_dir, cache=cache), cache))


def bench_directory(data_dir: Path, out_dir: Path | None, runs: int, timeout: float) -> None:
    started = time.perf_counter()
    quads = graph_quads(data_dir, out_dir)
    read = time.perf_counter() - started
    plan = upload_plan(quads)
    source = f"the units cached in {out_dir}" if out_dir else "mapping the data"
    print(f"{data_dir}: {len(quads):,} quads in {len(plan)} named graphs, from {source} in {read:.1f} s")
    with tempfile.TemporaryDirectory() as scratch:
        location = Path(scratch) / "store"
        print(f"  serve: bulk load into a fresh store        {seconds(lambda: load_store(quads, location)):7.2f} s")
        print(f"  serve: reload (fresh store swapped in)     {seconds(lambda: load_store(quads, location)):7.2f} s")

        port = free_port()
        writable = [str(oxigraph_program()), "serve", "--location", str(Path(scratch) / "pushed")]
        pushed_server = start_server([*writable, "--bind", f"127.0.0.1:{port}"], port)
        try:
            client = SparqlClient(f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/store")
            put = seconds(lambda: push_graphs(client, plan, lambda upload, response: None))
            checks: list = []
            verify = seconds(lambda: checks.extend(verify_counts(client, plan)))
            again = seconds(lambda: push_graphs(client, plan, lambda upload, response: None))
        finally:
            pushed_server.terminate()
            pushed_server.wait()
        assert all(check.matches for check in checks)
        print(f"  push: PUT every graph (empty store)        {put:7.2f} s")
        print(f"  push: SELECT COUNT per graph               {verify:7.2f} s")
        print(f"  push: PUT every graph again (replacing)    {again:7.2f} s")

        port = free_port()
        served = start_server(server_command(location, ServerAddress("127.0.0.1", port), False, int(timeout)), port)
        try:
            remote_client = SparqlClient(f"http://127.0.0.1:{port}/query", timeout=timeout)
            print(f"  {'query':<28} {'in-process ms':>14} {'remote ms':>10}")
            for definition in list_queries():
                example = definition.example
                execute(definition.name, example, data_dir=data_dir, build_dir=out_dir)  # builds the store once
                local = [
                    seconds(lambda d=definition, e=example: execute(d.name, e, data_dir=data_dir, build_dir=out_dir))
                    for _ in range(runs)
                ]
                remote = [
                    seconds(lambda d=definition, e=example: execute_remote(d.name, e, remote_client, data_dir=data_dir))
                    for _ in range(runs)
                ]
                print(
                    f"  {definition.name:<28} {statistics.median(local) * 1000:14.1f} "
                    f"{statistics.median(remote) * 1000:10.1f}"
                )
        finally:
            served.terminate()
            served.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dirs", nargs="*", default=[str(ROOT / "data")], help="DATA_DIR or DATA_DIR=OUT_DIR")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a remote query may take")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    for argument in args.data_dirs:
        data_dir, _, out_dir = argument.partition("=")
        bench_directory(Path(data_dir), Path(out_dir) if out_dir else None, args.runs, args.timeout)


if __name__ == "__main__":
    main()
