"""The real data conforms, and each shape catches the mistake it exists to catch.

Each mutation breaks a copy of the built graph the way a curator (or a bug in the mapper)
could, and the test asserts that SHACL reports it with the shape's own message.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from iktw_kg.ns import IKTW, SCHEMA, entity_iri
from iktw_kg.validate import union_graph, validate_graph


def test_real_data_conforms(built):
    assert built.conforms, [(v.focus_label, v.message) for v in built.violations[:5]]


def first(graph: Graph, cls: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def set_value(graph: Graph, subject, predicate, value) -> None:
    graph.remove((subject, predicate, None))
    graph.add((subject, predicate, value))


def drop_ko_label(g):
    g.remove((entity_iri("org/jetro"), SKOS.prefLabel, Literal("일본무역진흥기구", lang="ko")))


def second_en_label(g):
    g.add((entity_iri("org/jetro"), SKOS.prefLabel, Literal("JETRO again", lang="en")))


def bad_iso_code(g):
    set_value(g, entity_iri("country/kr"), IKTW.iso3166Code, Literal("kor"))


def actor_located_in_technology(g):
    g.add((entity_iri("org/mediatek"), IKTW.locatedIn, entity_iri("tech/battery")))


def ranks_after_technology(g):
    g.add((entity_iri("org/mediatek"), IKTW.ranksAfter, entity_iri("tech/battery")))


def policy_issued_by_technology(g):
    g.add((first(g, IKTW.ExecutiveOrder), IKTW.issuedBy, entity_iri("tech/battery")))


def policy_targets_country(g):
    g.add((first(g, IKTW.Strategy), IKTW.targetsTechnology, entity_iri("country/kr")))


def policy_date_as_text(g):
    set_value(g, first(g, IKTW.ExecutiveOrder), DCTERMS.date, Literal("October 2023"))


def policy_with_two_dates(g):
    g.add((first(g, IKTW.ExecutiveOrder), DCTERMS.date, Literal("1999", datatype=XSD.gYear)))


def facility_in_technology(g):
    g.add((first(g, IKTW.NuclearPowerPlant), IKTW.locatedIn, entity_iri("tech/battery")))


def unit_at_company(g):
    set_value(g, first(g, IKTW.ReactorUnit), IKTW.atPlant, entity_iri("org/tsmc"))


def design_from_country(g):
    g.add((first(g, IKTW.ReactorDesign), IKTW.derivedFromDesign, entity_iri("country/cn")))


def concept_without_scheme(g):
    g.remove((entity_iri("tech/battery"), SKOS.inScheme, None))


def broader_organisation(g):
    g.add((entity_iri("tech/battery"), SKOS.broader, entity_iri("org/tsmc")))


def issue_without_bulletin(g):
    g.remove((entity_iri("issue/2024-04"), DCTERMS.isPartOf, None))


def section_without_issue(g):
    g.remove((first(g, IKTW.Section), DCTERMS.isPartOf, None))


def article_without_report(g):
    g.remove((entity_iri("article/2024-04-05"), IKTW.summarises, None))


def article_pages_reversed(g):
    set_value(g, entity_iri("article/2024-04-01"), SCHEMA.pageEnd, Literal(0))
    set_value(g, entity_iri("article/2024-04-01"), SCHEMA.pageStart, Literal(2))


def report_without_title(g):
    g.remove((first(g, IKTW.Report), IKTW.originalTitle, None))


def observation_without_quote(g):
    g.remove((first(g, IKTW.Observation), IKTW.quote, None))


def evidence_of_missing_triple(g):
    evidence = first(g, IKTW.Evidence)
    g.remove((g.value(evidence, RDF.subject), g.value(evidence, RDF.predicate), g.value(evidence, RDF.object)))


def observation_without_unit(g):
    g.remove((first(g, IKTW.Observation), IKTW.unit, None))


def observation_value_as_text(g):
    observation = next(o for o in sorted(g.subjects(RDF.type, IKTW.Observation)) if g.value(o, IKTW.value) is not None)
    set_value(g, observation, IKTW.value, Literal("68.5%"))


def observation_value_and_range(g):
    observation = next(o for o in sorted(g.subjects(RDF.type, IKTW.Observation)) if g.value(o, IKTW.value) is not None)
    g.add((observation, IKTW.minValue, Literal("1", datatype=XSD.decimal)))
    g.add((observation, IKTW.maxValue, Literal("2", datatype=XSD.decimal)))


def observation_without_period(g):
    observation = next(o for o in sorted(g.subjects(RDF.type, IKTW.Observation)) if g.value(o, IKTW.referencePeriod))
    g.remove((observation, IKTW.referencePeriod, None))


def observation_without_forecast_flag(g):
    g.remove((first(g, IKTW.Observation), IKTW.isForecast, None))


def observation_bad_comparator(g):
    set_value(g, first(g, IKTW.Observation), IKTW.comparator, Literal("roughly"))


def fact_without_article(g):
    g.remove((first(g, IKTW.Evidence), IKTW.statedIn, None))


def fact_in_a_report_not_an_article(g):
    set_value(g, first(g, IKTW.Observation), IKTW.statedIn, first(g, IKTW.Report))


def fact_in_two_articles(g):
    g.add((first(g, IKTW.Evidence), IKTW.statedIn, entity_iri("article/2024-04-09")))


def fact_on_page_zero(g):
    set_value(g, first(g, IKTW.Evidence), IKTW.page, Literal(0))


def fact_page_as_text(g):
    set_value(g, first(g, IKTW.Observation), IKTW.page, Literal("5"))


def fact_page_ill_formed(g):
    set_value(g, first(g, IKTW.Evidence), IKTW.page, Literal("five", datatype=XSD.integer))


def fact_on_two_pages(g):
    g.add((first(g, IKTW.Evidence), IKTW.page, Literal(99)))


def fact_without_page(g):
    g.remove((first(g, IKTW.Evidence), IKTW.page, None))


def evidence_quote_too_short(g):
    set_value(g, first(g, IKTW.Evidence), IKTW.quote, Literal("중국"))


def evidence_quote_language_tagged(g):
    evidence = first(g, IKTW.Evidence)
    set_value(g, evidence, IKTW.quote, Literal(str(g.value(evidence, IKTW.quote)), lang="ko"))


def evidence_two_quotes(g):
    g.add((first(g, IKTW.Evidence), IKTW.quote, Literal("another sentence")))


def evidence_without_subject(g):
    g.remove((first(g, IKTW.Evidence), RDF.subject, None))


def evidence_subject_literal(g):
    g.add((first(g, IKTW.Evidence), RDF.subject, Literal("JETRO")))


def evidence_predicate_literal(g):
    set_value(g, first(g, IKTW.Evidence), RDF.predicate, Literal("targets"))


def evidence_two_objects(g):
    g.add((first(g, IKTW.Evidence), RDF.object, entity_iri("tech/battery")))


def evidence_without_object(g):
    g.remove((first(g, IKTW.Evidence), RDF.object, None))


MUTATIONS: list[tuple[Callable[[Graph], None], str]] = [
    (drop_ko_label, "exactly one Korean (@ko) and exactly one English (@en)"),
    (second_en_label, "exactly one Korean (@ko) and exactly one English (@en)"),
    (bad_iso_code, "ISO 3166-1 alpha-2"),
    (actor_located_in_technology, "an actor is located in a jurisdiction or facility"),
    (ranks_after_technology, "ranksAfter points at an organisation or country"),
    (policy_issued_by_technology, "a policy's issuer is an organisation or jurisdiction"),
    (policy_targets_country, "targetsTechnology points at a technology concept"),
    (policy_date_as_text, "must be typed xsd:gYear, xsd:gYearMonth or xsd:date"),
    (policy_with_two_dates, "a policy has at most one date"),
    (facility_in_technology, "a facility is located in a jurisdiction"),
    (unit_at_company, "a reactor unit's plant is one nuclear power plant"),
    (design_from_country, "a design derives from another reactor design"),
    (concept_without_scheme, "exactly one concept scheme"),
    (broader_organisation, "skos:broader of a technology is a technology"),
    (issue_without_bulletin, "an issue is part of exactly one bulletin"),
    (section_without_issue, "a section is part of exactly one issue"),
    (article_without_report, "an article summarises at least one source report"),
    (article_pages_reversed, "ends on a page before the one it starts on"),
    (report_without_title, "exactly one original-language title"),
    (observation_without_quote, "exactly one verbatim quote"),
    (fact_without_article, "a fact is stated in exactly one article"),
    (fact_in_a_report_not_an_article, "a fact is stated in exactly one article"),
    (fact_in_two_articles, "a fact is stated in exactly one article"),
    (fact_on_page_zero, "a fact has exactly one page (integer ≥ 1)"),
    (fact_page_as_text, "a fact has exactly one page (integer ≥ 1)"),
    (fact_page_ill_formed, "a fact has exactly one page (integer ≥ 1)"),
    (fact_on_two_pages, "a fact has exactly one page (integer ≥ 1)"),
    (fact_without_page, "a fact has exactly one page (integer ≥ 1)"),
    (evidence_quote_too_short, "exactly one verbatim quote (at least 4 characters)"),
    (evidence_quote_language_tagged, "exactly one verbatim quote (at least 4 characters)"),
    (evidence_two_quotes, "exactly one verbatim quote (at least 4 characters)"),
    (evidence_without_subject, "evidence names exactly one subject"),
    (evidence_subject_literal, "evidence names exactly one subject"),
    (evidence_predicate_literal, "evidence names exactly one predicate"),
    (evidence_two_objects, "evidence names exactly one object"),
    (evidence_without_object, "evidence names exactly one object"),
    (evidence_of_missing_triple, "describes a triple that is not in the graph"),
    (observation_without_unit, "an observation has exactly one unit"),
    (observation_value_as_text, "an observation's value is one xsd:decimal"),
    (observation_value_and_range, "needs either iktw:value, or both iktw:minValue and iktw:maxValue"),
    (observation_without_period, "needs either iktw:referencePeriod, or both"),
    (observation_without_forecast_flag, "whether it is a forecast"),
    (observation_bad_comparator, "comparator is one of"),
]


@pytest.mark.parametrize(("mutate", "message"), MUTATIONS, ids=[m.__name__ for m, _ in MUTATIONS])
def test_shape_reports_mutation(built, mutate, message):
    graph = Graph()
    graph += union_graph(built.dataset)
    mutate(graph)
    outcome = validate_graph(graph)
    assert not outcome.conforms
    assert any(message in violation.message for violation in outcome.violations), [
        v.message for v in outcome.violations
    ]
