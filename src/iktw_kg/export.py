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
    terms: dict[Node, ox.NamedNode | ox.Literal | ox.BlankNode] = {}

    def term(node: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
        # Memoised: the same predicates and entities recur on every other line.
        converted = terms.get(node)
        if converted is None:
            converted = terms[node] = to_oxigraph_term(node)
        return converted

    quads = [
        ox.Quad(term(s), term(p), term(o), term(graph.identifier))  # type: ignore[arg-type]
        for graph in dataset.graphs()
        if isinstance(graph.identifier, URIRef)
        for s, p, o in graph
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
        return turtle(union_triples(quads))
    if export_format is ExportFormat.NTRIPLES:
        return ox.serialize(union_triples(quads), format=ox.RdfFormat.N_TRIPLES)
    if export_format is ExportFormat.TRIG:
        return prefix_header() + trig_body(quads)
    if export_format is ExportFormat.NQUADS:
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    return jsonld_document([graph_objects_json(quads)])


Chunk = bytes | memoryview
"""A piece of an export: exports of ten years of issues are written piece by piece, never
joined into one copy in memory."""


def turtle(triples: Iterable[ox.Triple]) -> bytes:
    """Turtle of the triples, in the order given, under the fixed prefix header."""
    return b"".join(turtle_chunks(triples))


def turtle_chunks(triples: Iterable[ox.Triple]) -> list[Chunk]:
    """The Turtle of `turtle`, as the prefix header and a view of Oxigraph's output."""
    serialised = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=TEXT_PREFIXES)
    return [prefix_header(), memoryview(serialised)[_prefix_block_end(serialised) :]]


def prefix_header() -> bytes:
    """The @prefix lines of Turtle and TriG exports, in a fixed order.

    Written here rather than by Oxigraph, whose prefix order is not guaranteed, and so that
    TriG assembled from several build units declares its prefixes once, at the top.
    """
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(TEXT_PREFIXES.items())).encode()


def without_prefixes(serialised: bytes) -> bytes:
    """Oxigraph's output without the @prefix lines it writes at the top."""
    return serialised[_prefix_block_end(serialised) :]


def _prefix_block_end(serialised: bytes) -> int:
    """Where the @prefix lines at the top end (found there rather than by splitting a hundred
    megabytes of Turtle into lines)."""
    start = 0
    while serialised.startswith(b"@prefix ", start):
        start = serialised.index(b"\n", start) + 1
    return start


def trig_body(quads: list[ox.Quad]) -> bytes:
    """TriG of the quads without @prefix lines (see prefix_header)."""
    return without_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=TEXT_PREFIXES))


def load_context(path: Path = CONTEXT_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def graph_objects_json(quads: list[ox.Quad], context: dict[str, Any] | None = None) -> bytes:
    """The named-graph objects of the quads, compacted, as JSON text for the "@graph" array.

    The context holds only prefixes, so compaction is exactly replacing IRIs in keys, `@id`
    and `@type` values by CURIEs; doing it here keeps it linear in the size of the graph (a
    generic JSON-LD processor is far slower on large graphs). Each object is indented as it
    will sit in the document, so that units built apart join into one document.
    """
    context = context or load_context()
    prefixes = sorted(((iri, name) for name, iri in context.items() if isinstance(iri, str)), key=lambda p: -len(p[0]))
    expanded = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD)) if quads else []

    curies: dict[str, str] = {}

    def curie(iri: str) -> str:
        # Memoised: a unit repeats the same few thousand IRIs, and trying every prefix on each
        # occurrence was most of the time spent writing JSON-LD.
        compacted = curies.get(iri)
        if compacted is None:
            compacted = curies[iri] = _compact_iri(iri, prefixes)
        return compacted

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

    texts = [
        _indented(json.dumps(compact(graph), ensure_ascii=False, indent=1, sort_keys=True), 2) for graph in expanded
    ]
    return ",\n".join(texts).encode("utf-8")


def _compact_iri(iri: str, prefixes: list[tuple[str, str]]) -> str:
    """`name:local` for the longest matching namespace, or the IRI itself."""
    for namespace, name in prefixes:
        if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace) :].startswith("//"):
            return f"{name}:{iri[len(namespace) :]}"
    return iri


def jsonld_document(fragments: list[bytes], context: dict[str, Any] | None = None) -> bytes:
    """One JSON-LD document from graph-object fragments (the same text json.dumps would give)."""
    return b"".join(jsonld_chunks(fragments, context))


def jsonld_chunks(fragments: list[bytes], context: dict[str, Any] | None = None) -> list[Chunk]:
    """The document of `jsonld_document`, as its head, the fragments with their commas, and its tail."""
    context = context or load_context()
    header = _indented(json.dumps(context, ensure_ascii=False, indent=1, sort_keys=True), 1).lstrip()
    chunks: list[Chunk] = [b'{\n "@context": ' + header.encode("utf-8") + b',\n "@graph": [\n']
    for fragment in fragments:
        if fragment:
            chunks += [fragment, b",\n"]
    if chunks[-1] == b",\n":
        chunks.pop()
    return [*chunks, b"\n ]\n}\n"]


def _indented(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))
