"""The IRIs of the graph, in one place: change the base here and everything follows."""

from __future__ import annotations

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/iktw/"
IKTW = Namespace(f"{BASE}ontology#")
ID = Namespace(f"{BASE}id/")
GRAPH = Namespace(f"{BASE}graph/")

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")

PREFIXES: dict[str, str] = {
    "iktw": str(IKTW),
    "id": str(ID),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": str(SCHEMA),
    "org": str(ORG),
    "qb": str(QB),
    "sh": "http://www.w3.org/ns/shacl#",
}

VOCAB_GRAPH = GRAPH["vocab"]
"""Named graph holding every entity's names and types, shared by all issues."""


def entity_iri(identifier: str) -> URIRef:
    """`org/jetro` → https://w3id.org/iktw/id/org/jetro."""
    return ID[identifier]


def graph_iri(identifier: str) -> URIRef:
    """The named graph of an article or issue: `article/2024-04-01` → …/graph/article/2024-04-01."""
    return GRAPH[identifier]


def local_id(iri: str) -> str:
    """Inverse of entity_iri for display: the `kind/slug` part of an instance IRI."""
    return iri.removeprefix(str(ID))
