"""Everything the data uses is declared in the ontology, labelled in Korean and English."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, Literal

from iktw_kg.ns import IKTW
from iktw_kg.resources import ONTOLOGY_FILE
from iktw_kg.validate import union_graph


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def _labelled(onto: Graph, term) -> bool:
    languages = {label.language for label in onto.objects(term, RDFS.label) if isinstance(label, Literal)}
    return {"ko", "en"} <= languages and any(True for _ in onto.objects(term, RDFS.comment))


def test_every_iktw_class_used_is_declared_and_labelled(built):
    onto = ontology()
    used = {cls for cls in union_graph(built.dataset).objects(None, RDF.type) if str(cls).startswith(str(IKTW))}
    assert len(used) > 15
    for cls in used:
        assert (cls, RDF.type, OWL.Class) in onto, cls
        assert _labelled(onto, cls), cls


def test_every_iktw_property_used_is_declared_and_labelled(built):
    onto = ontology()
    used = {p for p in union_graph(built.dataset).predicates() if str(p).startswith(str(IKTW))}
    assert len(used) > 20
    for prop in used:
        kinds = set(onto.objects(prop, RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, prop
        assert _labelled(onto, prop), prop


def test_every_declared_term_is_labelled_and_aligned():
    onto = ontology()
    classes = set(onto.subjects(RDF.type, OWL.Class))
    assert all(_labelled(onto, cls) for cls in classes)
    external_parents = {
        parent
        for cls in classes
        for parent in onto.objects(cls, RDFS.subClassOf)
        if not str(parent).startswith(str(IKTW))
    }
    namespaces = {str(parent).rsplit("/", 1)[0] for parent in external_parents}
    assert {"https://schema.org", "http://www.w3.org/ns", "http://purl.org/linked-data"} <= namespaces | {
        n.rsplit("/", 1)[0] for n in namespaces
    }
