"""Build benchmark at scale: N synthetic issues (benchmarks/synth.py), full and incremental.

    python benchmarks/bench_build.py [--issues 1 25 100 250] [--workdir /tmp/iktw-bench]

For each N, in a fresh child process each time (so peak RSS is that build's own):
  * a full build with SHACL and every export into an empty out/ (no cache);
  * an incremental build after changing one figure in one issue, and a full build of the
    changed data into another empty out/, to show the outputs are byte-identical;
  * Oxigraph's own dumps of the same data (iktw.nq dumped as N-Quads; the union, iktw.nt,
    dumped as N-Triples and as Turtle), next to the time this project needs to write
    N-Triples and Turtle.
Prints plain tables: per-stage wall time, peak RSS of the main process and of the largest
worker, triples. Targets (issue 8): 250 issues ≤ 120 s and ≤ 4 GB; time(250)/time(25) ≤ 12;
incremental ≤ 10 s with identical bytes; N-Triples and Turtle within 5× of Oxigraph's dump.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ("iktw.ttl", "iktw.trig", "iktw.nt", "iktw.nq", "iktw.jsonld", "shacl-report.ttl")

CHILD = """
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from iktw_kg.pipeline import build
result = build(Path(sys.argv[1]), Path(sys.argv[2]))
wall = time.perf_counter() - start
stages = dict(result.timings)
for unit in result.units:
    if unit.name in result.rebuilt:
        for stage, seconds in unit.timings.items():
            stages[f"  unit {stage} (cpu, summed)"] = stages.get(f"  unit {stage} (cpu, summed)", 0.0) + seconds
print(json.dumps({
    "wall": wall, "stages": stages, "triples": result.triple_count, "conforms": result.conforms,
    "rebuilt": len(result.rebuilt),
    "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""

DUMP = """
import json, sys, time
import pyoxigraph as ox
out, scratch = sys.argv[1], sys.argv[2]
seconds = {}
store = ox.Store()
start = time.perf_counter()
store.bulk_load(path=out + "/iktw.nq", format=ox.RdfFormat.N_QUADS)
seconds["load"] = time.perf_counter() - start
start = time.perf_counter()
store.dump(scratch + "/dump.nq", format=ox.RdfFormat.N_QUADS)
seconds["nq"] = time.perf_counter() - start
union = ox.Store()
union.bulk_load(path=out + "/iktw.nt", format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
for name, rdf_format in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE)):
    start = time.perf_counter()
    union.dump(scratch + "/dump." + name, format=rdf_format, from_graph=ox.DefaultGraph())
    seconds[name] = time.perf_counter() - start
print(json.dumps(seconds))
"""


def run_build(data: Path, out: Path) -> dict:
    completed = subprocess.run([sys.executable, "-c", CHILD, str(data), str(out)], capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"build of {data} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def change_one_issue(data: Path) -> Path:
    """Change one printed figure in the middle issue (a curator's typical edit)."""
    issues = sorted((data / "issues").iterdir())
    target = issues[len(issues) // 2] / "articles" / "04-china-nev-batteries.yaml"
    text = target.read_text(encoding="utf-8")
    marker = "value: "
    index = text.index(marker) + len(marker)
    end = text.index("\n", index)
    target.write_text(text[:index] + str(float(text[index:end]) + 1) + text[end:], encoding="utf-8")
    return target


def same_bytes(left: Path, right: Path) -> bool:
    return all((left / name).read_bytes() == (right / name).read_bytes() for name in EXPORTS)


def bench(issues: int, workdir: Path) -> dict:
    data = workdir / f"data-{issues}"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--issues", str(issues), "--out", str(data)],
        check=True,
        capture_output=True,
    )
    out, fresh = workdir / f"out-{issues}", workdir / f"fresh-{issues}"
    for directory in (out, fresh):
        shutil.rmtree(directory, ignore_errors=True)
    full = run_build(data, out)
    nt_bytes = (out / "iktw.nt").stat().st_size
    change_one_issue(data)
    incremental = run_build(data, out)
    rebuilt_full = run_build(data, fresh)
    identical = same_bytes(out, fresh)
    dump = subprocess.run(
        [sys.executable, "-c", DUMP, str(out), str(workdir)], capture_output=True, text=True, check=True
    )
    oxigraph = json.loads(dump.stdout)
    return {
        "issues": issues,
        "full": full,
        "incremental": incremental,
        "identical": identical and rebuilt_full["triples"] == incremental["triples"],
        "nt_mb": nt_bytes / 1e6,
        "oxigraph": oxigraph,
    }


def print_stages(results: list[dict], build: str, title: str) -> None:
    print(f"\n{title}, wall seconds per stage")
    seen = list(dict.fromkeys(stage for r in results for stage in r[build]["stages"]))
    stages = []
    for stage in (s for s in seen if not s.startswith("  ")):  # pipeline order, each with its parts
        stages += [stage, *(s for s in seen if s.startswith("  ") and s.strip().startswith(stage.rstrip("s")))]
    stages += [s for s in seen if s not in stages]
    print(f"{'stage':<34}" + "".join(f"{r['issues']:>10} iss" for r in results))
    for stage in stages:
        print(f"{stage:<34}" + "".join(f"{r[build]['stages'].get(stage, 0.0):>14.2f}" for r in results))


def print_report(results: list[dict]) -> None:
    print_stages(results, "full", "Full build (fresh out/, no cache)")
    print_stages(results, "incremental", "Incremental build after changing one figure in one issue")
    rows = [
        ("total wall (s)", lambda r: f"{r['full']['wall']:.1f}"),
        ("triples (union)", lambda r: f"{r['full']['triples']:,}"),
        ("peak RSS main (MB)", lambda r: f"{r['full']['rss_main_mb']:.0f}"),
        ("peak RSS largest worker (MB)", lambda r: f"{r['full']['rss_worker_mb']:.0f}"),
        ("incremental after 1 edit (s)", lambda r: f"{r['incremental']['wall']:.1f}"),
        ("units rebuilt incrementally", lambda r: str(r["incremental"]["rebuilt"])),
        ("incremental == full (bytes)", lambda r: "yes" if r["identical"] else "NO"),
        ("our N-Triples write (s)", lambda r: f"{r['full']['stages'].get('merge union', 0.0):.2f}"),
        (
            "our Turtle write (s)",
            lambda r: (
                f"{r['full']['stages'].get('merge union', 0.0) + r['full']['stages'].get('assemble ttl', 0.0):.2f}"
            ),
        ),
        ("Oxigraph dump N-Triples of the union (s)", lambda r: f"{r['oxigraph']['nt']:.2f}"),
        ("Oxigraph dump Turtle of the union (s)", lambda r: f"{r['oxigraph']['ttl']:.2f}"),
        ("Oxigraph dump N-Quads (s)", lambda r: f"{r['oxigraph']['nq']:.2f}"),
        ("Oxigraph bulk load of iktw.nq (s)", lambda r: f"{r['oxigraph']['load']:.2f}"),
    ]
    print()
    print(f"{'':<42}" + "".join(f"{r['issues']:>10} iss" for r in results))
    for label, cell in rows:
        print(f"{label:<42}" + "".join(f"{cell(r):>14}" for r in results))
    by_n = {r["issues"]: r for r in results}
    if 25 in by_n and 250 in by_n:
        print(f"\ntime(250) / time(25) = {by_n[250]['full']['wall'] / by_n[25]['full']['wall']:.1f}  (target ≤ 12)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, nargs="+", default=[1, 25, 100, 250])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/iktw-bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for issues in args.issues:
        started = time.perf_counter()
        results.append(bench(issues, args.workdir))
        print(f"N={issues} done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print_report(results)
    print(f"\n(machine: {resource.getpagesize()}-byte pages; run with nothing else busy for stable figures)")


if __name__ == "__main__":
    main()
