"""Build one unit (the shared vocabulary or one issue): map, validate, serialise.

Runs in a worker process during a parallel build, so its input and output are plain,
picklable data. The output holds everything the final exports need from the unit, already
serialised, so a cached unit costs nothing but reading its artefacts back.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.compare import to_canonical_graph

from iktw_kg.export import ExportFormat, graph_objects_json, serialise, sorted_quads, trig_body, union_triples
from iktw_kg.load import Corpus
from iktw_kg.mapping import add_concept_schemes, add_definitions, build_dataset
from iktw_kg.model import Bulletin, Entity
from iktw_kg.ns import IKTW
from iktw_kg.validate import Violation, union_graph, validate_graph


@dataclass
class UnitArtefacts:
    """A unit's share of every export, serialised, plus its validation outcome and counts."""

    name: str
    fingerprint: str
    nquads: bytes
    trig_body: bytes
    triples: bytes
    """The unit's distinct triples as N-Triples lines in byte order, for merging into the union."""
    jsonld_graphs: bytes
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    report_results: bytes = b""
    """The SHACL results (canonical N-Triples), merged into one report when a build fails."""
    class_counts: dict[str, int] = field(default_factory=dict)
    graph_count: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent mapping, validating and serialising this unit (for the benchmarks)."""


@dataclass(frozen=True)
class UnitJob:
    """Everything a worker needs to build one unit."""

    name: str
    fingerprint: str
    part: Corpus
    shared: bool
    context: tuple[list[Entity], list[Bulletin]]


def build_unit(job: UnitJob) -> UnitArtefacts:
    """Map the unit's slice of the corpus, validate it with its context, serialise every share."""
    clock = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now

    dataset = build_dataset(job.part, shared=job.shared)
    validation_graph = union_graph(dataset)  # a fresh graph: the context may be added to it
    lap("map")
    entities, bulletins = job.context
    add_definitions(validation_graph, entities, bulletins)
    if not job.shared:
        add_concept_schemes(validation_graph)
    outcome = validate_graph(validation_graph, job.part)
    lap("shacl")
    quads = sorted_quads(dataset)
    union = union_triples(quads)
    counts: Counter[str] = Counter()
    for triple in union:
        if triple.predicate.value == str(RDF.type) and triple.object.value.startswith(str(IKTW)):  # type: ignore[union-attr]
            counts[triple.object.value.removeprefix(str(IKTW))] += 1  # type: ignore[union-attr]
    artefacts = UnitArtefacts(
        name=job.name,
        fingerprint=job.fingerprint,
        nquads=serialise(quads, ExportFormat.NQUADS),
        trig_body=trig_body(quads),
        triples=b"".join(sorted(ox.serialize(union, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True))),
        jsonld_graphs=graph_objects_json(quads),
        conforms=outcome.conforms,
        violations=outcome.violations,
        report_results=b"" if outcome.conforms else _results_only(outcome.report),
        class_counts=dict(counts),
        graph_count=len({quad.graph_name for quad in quads}),
    )
    lap("serialise")
    artefacts.timings = timings
    return artefacts


def _results_only(report: Graph) -> bytes:
    """The report's results without its sh:ValidationReport node, canonical N-Triples."""
    sh = "http://www.w3.org/ns/shacl#"
    results = Graph()
    for subject, predicate, obj in report:
        if not (predicate == RDF.type and obj == URIRef(sh + "ValidationReport")) and str(predicate) not in {
            sh + "conforms",
            sh + "result",
        }:
            results.add((subject, predicate, obj))
    return to_canonical_graph(results).serialize(format="nt").encode("utf-8")
