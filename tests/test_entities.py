"""The entities an analyst names first exist, with the right class and ko/en labels."""

from __future__ import annotations

import pytest
from rdflib import RDF, Literal
from rdflib.namespace import SKOS

from iktw_kg.ns import IKTW, entity_iri
from iktw_kg.validate import union_graph

EXPECTED = [
    ("org/jetro", "GovernmentAgency", "일본무역진흥기구", "Japan External Trade Organization"),
    ("org/ostp", "GovernmentAgency", "백악관 과학기술정책국", "White House Office of Science and Technology Policy"),
    ("org/doc", "GovernmentAgency", "미국 상무부", "United States Department of Commerce"),
    ("org/ec", "GovernmentAgency", "EU 집행위원회", "European Commission"),
    ("org/tsmc", "Company", "TSMC", "TSMC"),
    ("org/mediatek", "Company", "미디어텍", "MediaTek"),
    ("country/cn", "Country", "중국", "China"),
    ("country/kr", "Country", "한국", "South Korea"),
    ("country/us", "Country", "미국", "United States"),
    ("country/jp", "Country", "일본", "Japan"),
    ("country/tw", "Country", "대만", "Taiwan"),
    ("union/eu", "SupranationalUnion", "유럽연합", "European Union"),
]


@pytest.mark.parametrize(("identifier", "cls", "ko", "en"), EXPECTED)
def test_named_entity_has_class_and_labels(built, identifier, cls, ko, en):
    graph = union_graph(built.dataset)
    iri = entity_iri(identifier)
    assert (iri, RDF.type, IKTW[cls]) in graph
    assert (iri, SKOS.prefLabel, Literal(ko, lang="ko")) in graph
    assert (iri, SKOS.prefLabel, Literal(en, lang="en")) in graph


def _find_by_label(graph, text):
    """Entities whose label or alias contains `text` (how an analyst would look them up)."""
    hits = set()
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for subject, label in graph.subject_objects(predicate):
            if text.lower() in str(label).lower():
                hits.add(subject)
    return hits


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("14110", "ExecutiveOrder"),
        ("K-Battery", "Strategy"),
        ("HTR-PM", "ReactorDesign"),
        ("영룡 1호", "ReactorDesign"),
        ("시다오만", "NuclearPowerPlant"),
        ("창장", "NuclearPowerPlant"),
    ],
)
def test_policy_and_reactor_entities_found_by_name(built, text, cls):
    graph = union_graph(built.dataset)
    classes = {graph.value(hit, RDF.type) for hit in _find_by_label(graph, text)}
    assert IKTW[cls] in classes, f"no {cls} labelled like {text!r}; found {classes}"


def _observations_of(graph, subject_label):
    for subject in _find_by_label(graph, subject_label):
        yield from graph.subjects(IKTW.observedEntity, subject)


@pytest.mark.parametrize(("subject", "value", "unit"), [("HTR-PM", "211", "unit/mw"), ("영룡 1호", "125", "unit/mw")])
def test_reactor_electric_output(built, subject, value, unit):
    graph = union_graph(built.dataset)
    found = {
        (str(graph.value(obs, IKTW.value)), graph.value(obs, IKTW.unit)) for obs in _observations_of(graph, subject)
    }
    assert (value, entity_iri(unit)) in found, found


def test_every_article_summarises_a_report_with_original_title(built):
    graph = union_graph(built.dataset)
    articles = set(graph.subjects(RDF.type, IKTW.Article))
    assert len(articles) == 9
    for article in articles:
        reports = list(graph.objects(article, IKTW.summarises))
        assert reports, article
        for report in reports:
            assert graph.value(report, IKTW.originalTitle) is not None
