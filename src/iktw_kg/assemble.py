"""Join the units' serialised shares into the final exports and the SHACL report.

Every named graph belongs to exactly one unit, so N-Quads, TriG and JSON-LD are the units'
shares concatenated in unit order. Turtle and N-Triples are the union of all graphs: the
units' sorted triple lines are merged and each distinct triple is kept once (the same
relation may be stated in two issues).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from itertools import groupby

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, Namespace
from rdflib.compare import to_canonical_graph

from iktw_kg.export import Chunk, ExportFormat, jsonld_chunks, prefix_header, turtle_chunks
from iktw_kg.ns import PREFIXES
from iktw_kg.unit_build import UnitArtefacts

SH = Namespace("http://www.w3.org/ns/shacl#")


def union_lines(units: list[UnitArtefacts]) -> Iterator[bytes]:
    """Distinct N-Triples lines of all units, in byte order."""
    previous = None
    for line in heapq.merge(*(unit.triples.splitlines(keepends=True) for unit in units)):
        if line != previous:
            yield line
            previous = line


def merge_union(units: list[UnitArtefacts]) -> bytes:
    """The N-Triples export: every distinct triple of all units, one line each, in byte order."""
    return b"".join(union_lines(units))


def export_chunks(units: list[UnitArtefacts], export_format: ExportFormat, ntriples: bytes) -> list[Chunk]:
    """One export of the whole build, from the units' shares and the merged union (merge_union),
    as the pieces to write one after another: the units' shares are not copied again."""
    if export_format is ExportFormat.NTRIPLES:
        return [ntriples]
    if export_format is ExportFormat.TURTLE:
        # Lenient: these lines were written by Oxigraph from terms it had already checked, and
        # checking every IRI and language tag again was half of the Turtle export's time.
        return turtle_chunks(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True))
    if export_format is ExportFormat.NQUADS:
        return [unit.nquads for unit in units]
    if export_format is ExportFormat.TRIG:
        return [prefix_header(), *(unit.trig_body for unit in units)]
    return jsonld_chunks([unit.jsonld_graphs for unit in units])


def unit_quads(units: list[UnitArtefacts]) -> list[ox.Quad]:
    """All quads of the units in export.sorted_quads order (graph, subject, predicate, object):
    each unit's share is sorted already, so only its graphs need putting in order."""
    graphs: list[tuple[str, list[ox.Quad]]] = []
    for unit in units:
        quads = ox.parse(unit.nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
        graphs.extend((graph.value, list(block)) for graph, block in groupby(quads, key=lambda quad: quad.graph_name))
    graphs.sort(key=lambda graph: graph[0])
    return [quad for _, block in graphs for quad in block]


def report_bytes(units: list[UnitArtefacts]) -> bytes:
    """One W3C SHACL validation report for the whole build, canonicalised, as Turtle."""
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(all(unit.conforms for unit in units))))
    for unit in units:
        if unit.report_results:
            results = Graph().parse(data=unit.report_results.decode("utf-8"), format="nt")
            report += results
            for result in results.subjects(RDF.type, SH.ValidationResult):
                report.add((node, SH.result, result))
    canonical = Graph()
    canonical += to_canonical_graph(report)
    for prefix in ("sh", "iktw", "skos", "dcterms", "schema", "rdf", "xsd"):
        canonical.bind(prefix, PREFIXES[prefix])
    return canonical.serialize(format="turtle").encode("utf-8")
