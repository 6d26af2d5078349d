"""Wall time of extracting one issue (target: under 0.5 s), and the extractor's recall on it.

Times, over several runs in this process, (1) the extraction of the bulletin text with the
gazetteer already built and (2) the whole `extract_issue`, which also loads data/ to build the
gazetteer; then the draft YAML. Prints min / median / max, then the recall against the curated
issue (the figures quoted in the README).

    python benchmarks/bench_extract.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from iktw_kg.extract.draft import render_draft
from iktw_kg.extract.evaluate import curated_recall
from iktw_kg.extract.extractor import KnownData, extract_issue, extract_text
from iktw_kg.load import load_corpus

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SOURCE = DATA / "sources" / "iktw-2024-04.txt"


def timed(work: Callable[[], object], runs: int) -> list[float]:
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        walls.append(time.perf_counter() - start)
    return walls


def report(label: str, walls: list[float]) -> None:
    print(f"  {label:<44} min {min(walls):.3f} s   median {statistics.median(walls):.3f} s   max {max(walls):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    corpus = load_corpus(DATA)
    known = KnownData.from_corpus(corpus)
    text = SOURCE.read_text(encoding="utf-8")
    extraction = extract_issue(SOURCE, DATA)
    print(f"extract {SOURCE.relative_to(ROOT)} ({len(text):,} characters), {args.runs} runs:")
    report("text → extraction (gazetteer built)", timed(lambda: extract_text(SOURCE, text, known), args.runs))
    report("extract_issue (loads data/, builds gazetteer)", timed(lambda: extract_issue(SOURCE, DATA), args.runs))
    report("draft YAML from an extraction", timed(lambda: render_draft(extraction), args.runs))
    recall = curated_recall(extraction, corpus, "issue/2024-04")
    print("recall against the curated issue:")
    print(f"  values of curated observations found  {recall.values}")
    print(f"  … with the curated unit                {recall.values_and_units}")
    print(f"  curated mentions linked                {recall.mentions}")
    print(
        f"found: {len(extraction.articles)} articles, {len(extraction.reports)} reports, "
        f"{len(extraction.tables)} tables, {len(extraction.mentions)} mentions, {len(extraction.figures)} figures"
    )


if __name__ == "__main__":
    main()
