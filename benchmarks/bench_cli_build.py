"""Wall time of a complete `iktw-kg build` on the real data, interpreter start included.

Runs the real console command in a fresh process several times and prints min / median /
max, plus the per-stage times of one in-process build. Target (issue 2): under 2 s wall on
a 2-core machine.

    python benchmarks/bench_cli_build.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    walls, warm = [], []
    command = [sys.executable, "-m", "iktw_kg.cli", "build", "--data", str(ROOT / "data"), "--out", "out"]
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as project:
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=project)
            walls.append(time.perf_counter() - start)
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=project)
            warm.append(time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as out:
        from iktw_kg.pipeline import build

        result = build(ROOT / "data", Path(out), workers=1)
    print(f"iktw-kg build, {args.runs} runs (fresh interpreter each):")
    print(f"  empty out/:    min {min(walls):.2f} s   median {statistics.median(walls):.2f} s   max {max(walls):.2f} s")
    print(f"  cached again:  min {min(warm):.2f} s   median {statistics.median(warm):.2f} s   max {max(warm):.2f} s")
    print(f"  triples {result.triple_count:,}   named graphs {result.graph_count}")
    print("stages of one in-process build (one worker, so unit stages add up):")
    for stage, seconds in result.timings.items():
        print(f"  {stage:<16} {seconds * 1000:8.1f} ms")
    for unit in result.units:
        for stage, seconds in unit.timings.items():
            print(f"  {unit.name + ' ' + stage:<28} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
