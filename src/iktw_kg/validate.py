"""SHACL validation of the built dataset, reported in terms a curator can act on.

pyshacl runs on the union of all named graphs (a relation in an article graph must meet
the type declared in the vocabulary graph) with ontology/iktw.ttl as the ontology graph,
so a shape that targets iktw:Actor also reaches companies and countries. Each violation is
traced back to the YAML file and line that produced its focus node.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate as pyshacl_validate
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from iktw_kg.load import Corpus, Origin
from iktw_kg.mapping import evidence_iri
from iktw_kg.ns import IKTW, entity_iri, local_id
from iktw_kg.resources import ONTOLOGY_FILE, SHAPES_FILE
from iktw_kg.sparql_constraints import SparqlConstraint, evaluate, oxigraph_store, split_shapes

SH = Namespace("http://www.w3.org/ns/shacl#")
CLASS_WIDE_TARGETS = frozenset({IKTW.Evidence, IKTW.Observation, IKTW.Article, XSD.date})
"""Nodes used as sh:targetNode by the shapes that check a whole class in one query."""


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with the names a person needs to find and fix it."""

    focus: str
    focus_label: str
    path: str
    message: str
    value: str
    severity: str
    page: int | None
    origin: Origin | None

    def sort_key(self) -> tuple[str, str, str, str]:
        return (str(self.origin or ""), self.focus, self.path, self.message)


@dataclass(frozen=True)
class ValidationOutcome:
    """Whether the data conforms, the violations, and the W3C report graph to save."""

    conforms: bool
    violations: list[Violation]
    report: Graph


def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@lru_cache(maxsize=1)
def _prepared_shapes() -> tuple[Graph, tuple[SparqlConstraint, ...], tuple[tuple[Node, Node, Node], ...]]:
    """Core shapes for pyshacl, SPARQL constraints for Oxigraph, and the subclass axioms.

    Parsed once per process: a build validates one unit after another with the same shapes.
    """
    core, constraints = split_shapes(shapes_graph())
    axioms = tuple(ontology_graph().triples((None, RDFS.subClassOf, None)))
    return core, tuple(constraints), axioms


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all named graphs in one graph, for validation and Turtle export.

    Read graph by graph: rdflib's `Dataset.quads` looks up every triple's contexts one by
    one, which made this copy take twice as long as mapping the unit in the first place.
    """
    union = Graph()
    union.addN((s, p, o, union) for graph in dataset.graphs() for s, p, o in graph)
    return union


def validate_dataset(dataset: Dataset, corpus: Corpus | None = None) -> ValidationOutcome:
    """Run the shapes over the union of the dataset's graphs; map results back to YAML origins."""
    return validate_graph(union_graph(dataset), corpus)


def validate_graph(data: Graph, corpus: Corpus | None = None) -> ValidationOutcome:
    """Run the shapes over one graph; map each result back to its YAML origin when known.

    Core constraints run in pyshacl, SPARQL-based ones on Oxigraph (sparql_constraints.py).
    Only the ontology's rdfs:subClassOf axioms are needed for class targets and sh:class to
    see subclasses. They are added to `data` itself (callers pass a graph of their own, such
    as a fresh union): pyshacl's ontology mix-in, or a copy of our own, would clone the whole
    data graph for every unit of a build.
    """
    core_shapes, sparql_constraints, subclass_axioms = _prepared_shapes()
    store = oxigraph_store(data)
    data.addN((s, p, o, data) for s, p, o in subclass_axioms)
    conforms, report, _text = pyshacl_validate(
        data,
        shacl_graph=core_shapes,
        inference="none",
        allow_warnings=True,
        inplace=True,
    )
    conforms = evaluate(list(sparql_constraints), store, report) and conforms
    origins = _origins_by_iri(corpus) if corpus is not None else {}
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        # Shapes that check all nodes of a class in one query target the class node and
        # report the offending node as sh:value: describe that node rather than the class.
        subject = value if isinstance(value, URIRef) and focus in CLASS_WIDE_TARGETS else focus
        page = data.value(subject, IKTW.page)
        violations.append(
            Violation(
                focus=str(subject),
                focus_label=_label(data, subject),
                path=_short(path) if path is not None else "",
                message=str(message) if message is not None else "",
                value=_short(value) if value is not None else "",
                severity=_short(severity) if severity is not None else "",
                page=page.value if isinstance(page, Literal) and isinstance(page.value, int) else None,
                origin=origins.get(str(subject)),
            )
        )
    violations.sort(key=Violation.sort_key)
    return ValidationOutcome(conforms=bool(conforms), violations=violations, report=report)


def _origins_by_iri(corpus: Corpus) -> dict[str, Origin]:
    origins = {str(entity_iri(identifier)): origin for identifier, origin in corpus.origins.items()}
    for article_id, facts in corpus.facts.items():
        for statement, origin in facts.statements:
            origins[str(evidence_iri(article_id, statement))] = origin
    return origins


def _label(graph: Graph, node: object) -> str:
    for lang in ("ko", "en"):
        for label in graph.objects(node, SKOS.prefLabel):  # type: ignore[arg-type]
            if isinstance(label, Literal) and label.language == lang:
                return str(label)
    quote = graph.value(node, IKTW.quote)  # type: ignore[arg-type]
    if quote is not None:
        return f"“{quote}”"
    return local_id(str(node))


def _short(node: object) -> str:
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in (
            ("iktw:", str(IKTW)),
            ("sh:", str(SH)),
            ("skos:", str(SKOS)),
            ("dcterms:", "http://purl.org/dc/terms/"),
            ("schema:", "https://schema.org/"),
            ("rdf:", str(RDF)),
        ):
            if text.startswith(namespace):
                return prefix + text.removeprefix(namespace)
        return local_id(text)
    return str(node)
