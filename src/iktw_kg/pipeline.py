"""The build pipeline: load → check evidence → map → SHACL → write every export atomically.

Each stage is a function of the previous one's result, so the CLI, the tests and the
benchmarks all run exactly the same code. Nothing under `out/` is touched until the input
has loaded and its quotes have been checked; graph exports are only replaced when SHACL
passes, so a bad edit never costs the analyst the last good build.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from rdflib import RDF, Dataset, Graph
from rdflib.compare import to_canonical_graph

from iktw_kg.atomic import write_all_atomic
from iktw_kg.checks import check_corpus
from iktw_kg.errors import InputErrors
from iktw_kg.evidence import check_evidence
from iktw_kg.export import ExportFormat, serialise, sorted_quads
from iktw_kg.load import Corpus, load_corpus
from iktw_kg.mapping import build_dataset
from iktw_kg.ns import IKTW, PREFIXES
from iktw_kg.validate import ValidationOutcome, validate_dataset

T = TypeVar("T")

OUTPUT_STEM = "iktw"
REPORT_FILE = "shacl-report.ttl"


@dataclass
class BuildResult:
    """What a build produced, for the summary table and for tests."""

    corpus: Corpus
    dataset: Dataset
    validation: ValidationOutcome
    written: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def triple_count(self) -> int:
        return len({(s, p, o) for s, p, o, _ in self.dataset.quads((None, None, None, None))})

    @property
    def graph_count(self) -> int:
        return len({g for _, _, _, g in self.dataset.quads((None, None, None, None))})

    def class_counts(self) -> Counter[str]:
        """Instances per iktw class (direct types), for the summary."""
        counts: Counter[str] = Counter()
        for _s, _p, cls, _g in self.dataset.quads((None, RDF.type, None, None)):
            if str(cls).startswith(str(IKTW)):
                counts[str(cls).removeprefix(str(IKTW))] += 1
        return counts


class Stopwatch:
    """Collects per-stage wall times, so the benchmark can report each stage."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def run(self, stage: str, work: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = work()
        self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start
        return result


def load_checked(data_dir: Path, stopwatch: Stopwatch | None = None) -> Corpus:
    """Load the corpus, apply the cross-record rules and check every quote against the source.

    Raises InputErrors listing every problem found.
    """
    stopwatch = stopwatch or Stopwatch()
    corpus = stopwatch.run("load", lambda: load_corpus(data_dir))
    errors = stopwatch.run("evidence", lambda: [*check_corpus(corpus), *check_evidence(corpus)])
    if errors:
        raise InputErrors(errors)
    return corpus


def build(data_dir: Path, out_dir: Path, formats: tuple[ExportFormat, ...] = tuple(ExportFormat)) -> BuildResult:
    """Run the whole pipeline; write exports only if the data conforms to the shapes.

    The report and the exports are committed together (write_all_atomic): a build that is
    killed or fails leaves the previous out/ as it was.
    """
    stopwatch = Stopwatch()
    corpus = load_checked(data_dir, stopwatch)
    dataset = stopwatch.run("map", lambda: build_dataset(corpus))
    validation = stopwatch.run("shacl", lambda: validate_dataset(dataset, corpus))
    result = BuildResult(corpus, dataset, validation)
    outputs = {out_dir / REPORT_FILE: stopwatch.run("write report", lambda: shacl_report_bytes(validation))}
    if validation.conforms:
        quads = stopwatch.run("sort quads", lambda: sorted_quads(dataset))
        for export_format in formats:
            path = out_dir / f"{OUTPUT_STEM}.{export_format.value}"
            outputs[path] = stopwatch.run(f"write {export_format.value}", lambda f=export_format: serialise(quads, f))
    stopwatch.run("commit files", lambda: write_all_atomic(outputs))
    result.written.extend(outputs)
    result.timings = stopwatch.timings
    return result


def shacl_report_bytes(validation: ValidationOutcome) -> bytes:
    """The W3C SHACL report as Turtle, canonicalised so that equal reports are equal bytes."""
    canonical = Graph()
    canonical += to_canonical_graph(validation.report)
    for prefix in ("sh", "iktw", "skos", "dcterms", "schema", "rdf", "xsd"):
        canonical.bind(prefix, PREFIXES[prefix])
    return canonical.serialize(format="turtle").encode("utf-8")
