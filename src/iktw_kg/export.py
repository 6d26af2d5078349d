"""Serialise the dataset to Turtle, TriG, N-Triples, N-Quads and compacted JSON-LD.

rdflib builds the triples; Oxigraph writes them, because it is fast and because writing a
sorted list of quads makes every export byte-identical from one build to the next. Turtle
and N-Triples hold the union of all named graphs; TriG and N-Quads keep the graphs (the
provenance). JSON-LD keeps the graphs too and is compacted with ontology/context.jsonld.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from iktw_kg.ns import PREFIXES
from iktw_kg.resources import CONTEXT_FILE

TEXT_PREFIXES = {prefix: iri for prefix, iri in PREFIXES.items() if prefix != "id"}
"""Prefixes for Turtle/TriG. `id:` is left out: its local names contain `/`, which Turtle
would have to escape (`id:org\\/jetro`); a full IRI reads better."""


class ExportFormat(StrEnum):
    """The export formats and their file extensions."""

    TURTLE = "ttl"
    TRIG = "trig"
    NTRIPLES = "nt"
    NQUADS = "nq"
    JSONLD = "jsonld"


def to_oxigraph_term(node: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    raise TypeError(f"cannot convert RDF term {node!r}")


def sorted_quads(dataset: Dataset) -> list[ox.Quad]:
    """All quads of the dataset's named graphs in a canonical order (graph, subject, predicate, object)."""
    quads = [
        ox.Quad(to_oxigraph_term(s), to_oxigraph_term(p), to_oxigraph_term(o), ox.NamedNode(str(g)))
        for s, p, o, g in dataset.quads((None, None, None, None))
        if g is not None and isinstance(g, URIRef)
    ]
    quads.sort(key=lambda q: (q.graph_name.value, str(q.subject), str(q.predicate), str(q.object)))  # type: ignore[union-attr]
    return quads


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of the named graphs: each distinct triple once, sorted."""
    unique = {quad.triple for quad in quads}
    return sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialise(quads: list[ox.Quad], export_format: ExportFormat) -> bytes:
    """The bytes of one export of the given sorted quads."""
    if export_format is ExportFormat.TURTLE:
        return ox.serialize(union_triples(quads), format=ox.RdfFormat.TURTLE, prefixes=TEXT_PREFIXES)
    if export_format is ExportFormat.NTRIPLES:
        return ox.serialize(union_triples(quads), format=ox.RdfFormat.N_TRIPLES)
    if export_format is ExportFormat.TRIG:
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=TEXT_PREFIXES)
    if export_format is ExportFormat.NQUADS:
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    return compact_jsonld(quads)


def load_context(path: Path = CONTEXT_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def compact_jsonld(quads: list[ox.Quad], context: dict[str, Any] | None = None) -> bytes:
    """JSON-LD compacted with the project context.

    The context holds only prefixes, so compaction is exactly replacing IRIs in keys, `@id`
    and `@type` values by CURIEs; doing it here keeps it linear in the size of the graph
    (a generic JSON-LD processor is far slower on large graphs).
    """
    context = context or load_context()
    prefixes = sorted(((iri, name) for name, iri in context.items() if isinstance(iri, str)), key=lambda p: -len(p[0]))
    expanded = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD))

    def curie(iri: str) -> str:
        for namespace, name in prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace) :].startswith("//"):
                return f"{name}:{iri[len(namespace) :]}"
        return iri

    def compact(node: Any) -> Any:
        if isinstance(node, list):
            return [compact(item) for item in node]
        if not isinstance(node, dict):
            return node
        result = {}
        for key, value in node.items():
            if key == "@id":
                result[key] = curie(value)
            elif key == "@type":
                result[key] = [curie(v) for v in value] if isinstance(value, list) else curie(value)
            elif key.startswith("@"):
                result[key] = compact(value)
            else:
                result[curie(key)] = compact(value)
        return result

    document = {"@context": context, "@graph": compact(expanded)}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
