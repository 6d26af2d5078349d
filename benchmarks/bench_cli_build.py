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
    walls = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "iktw_kg.cli", "build", "--data", str(ROOT / "data"), "--out", out],
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - start)
        from iktw_kg.pipeline import build

        result = build(ROOT / "data", Path(out))
    print(f"iktw-kg build, {args.runs} runs (fresh interpreter each):")
    print(f"  min {min(walls):.2f} s   median {statistics.median(walls):.2f} s   max {max(walls):.2f} s")
    print(f"  triples {result.triple_count:,}   named graphs {result.graph_count}")
    print("stages of one in-process build:")
    for stage, seconds in result.timings.items():
        print(f"  {stage:<14} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
