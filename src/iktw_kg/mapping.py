"""Corpus (pydantic models) → RDF dataset: one named graph per article, issue and the vocabulary.

The split into named graphs is the provenance model: what article N states lives in
article N's graph, so `GRAPH ?g { … }` answers "who says so?". Each statement is also
reified as an iktw:Evidence node (rdf:Statement) carrying its page and verbatim quote,
and each figure is a Data Cube observation with its own page and quote.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from iktw_kg.load import ArticleFacts, Corpus, IssueRecord
from iktw_kg.model import (
    LITERAL_PREDICATES,
    Bulletin,
    Entity,
    EntityType,
    Labels,
    Observation,
    Predicate,
    Statement,
)
from iktw_kg.ns import IKTW, QB, SCHEMA, VOCAB_GRAPH, entity_iri, graph_iri
from iktw_kg.units import UnitLocator, partition

PREDICATE_IRIS: dict[Predicate, URIRef] = {
    Predicate.ISSUED_BY: IKTW.issuedBy,
    Predicate.APPLIES_TO: IKTW.appliesTo,
    Predicate.TARGETS_TECHNOLOGY: IKTW.targetsTechnology,
    Predicate.FOLLOWS_FROM: IKTW.followsFrom,
    Predicate.LOCATED_IN: IKTW.locatedIn,
    Predicate.OPERATES: IKTW.operates,
    Predicate.AT_PLANT: IKTW.atPlant,
    Predicate.HAS_DESIGN: IKTW.hasDesign,
    Predicate.HAS_STATUS: IKTW.hasStatus,
    Predicate.DERIVED_FROM_DESIGN: IKTW.derivedFromDesign,
    Predicate.DEVELOPED_BY: IKTW.developedBy,
    Predicate.HAS_APPLICATION: IKTW.hasApplication,
    Predicate.SUPPLIES_TO: IKTW.suppliesTo,
    Predicate.PRODUCES: IKTW.produces,
    Predicate.SUBSIDISES: IKTW.subsidises,
    Predicate.HOLDS_STAKE_IN: IKTW.holdsStakeIn,
    Predicate.RANKS_AFTER: IKTW.ranksAfter,
    Predicate.OVERTOOK: IKTW.overtook,
    Predicate.ACTIVE_IN: IKTW.activeIn,
    Predicate.RESEARCHES: IKTW.researches,
    Predicate.BROADER: SKOS.broader,
    Predicate.PART_OF: IKTW.partOf,
    Predicate.RELATED_TO: IKTW.relatedTo,
    Predicate.DATE: DCTERMS.date,
    Predicate.START_DATE: SCHEMA.startDate,
    Predicate.END_DATE: SCHEMA.endDate,
}

CONCEPT_SCHEMES: dict[EntityType, URIRef] = {
    EntityType.TECHNOLOGY: entity_iri("scheme/technologies"),
    EntityType.INDICATOR: entity_iri("scheme/indicators"),
    EntityType.UNIT: entity_iri("scheme/units"),
    EntityType.STATUS: entity_iri("scheme/statuses"),
}
"""SKOS concept schemes: every concept of these types is `skos:inScheme` its scheme."""

SCHEME_LABELS: dict[EntityType, tuple[str, str]] = {
    EntityType.TECHNOLOGY: ("기술 분류", "Technologies"),
    EntityType.INDICATOR: ("지표", "Indicators"),
    EntityType.UNIT: ("단위", "Units of measure"),
    EntityType.STATUS: ("상태", "Statuses"),
}


def date_literal(text: str) -> Literal:
    """A date as precise as printed: 2024 → xsd:gYear, 2024-01 → xsd:gYearMonth, else xsd:date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(text), XSD.date)
    return Literal(text, datatype=datatype)


def build_dataset(corpus: Corpus, shared: bool = True) -> Dataset:
    """Map a corpus (or one build unit's slice of it) to an RDF dataset with named graphs.

    Entity definitions go to the graph of the unit that defines them: the vocabulary graph
    for data/vocab/, the issue graph for an issue's own files. `shared` adds what belongs to
    no issue (concept schemes, the bulletin); a slice of one issue leaves it out.
    """
    dataset = Dataset()
    vocab = dataset.graph(VOCAB_GRAPH)
    unit_of = UnitLocator(partition(corpus))
    for entity in corpus.entities:
        unit = unit_of(corpus.origins[entity.id].path)
        graph = vocab if unit.issue is None else dataset.graph(graph_iri(unit.issue.issue.id))
        _add_entity(graph, entity)
    if shared:
        add_concept_schemes(vocab)
    add_definitions(vocab, [], corpus.bulletins)
    for record in corpus.issues:
        _add_issue(dataset.graph(graph_iri(record.issue.id)), record)
    for article_id, facts in corpus.facts.items():
        issue_id = corpus.issue_of_article(article_id).issue.id
        _add_article_facts(dataset.graph(graph_iri(article_id)), facts, dataset_iri_of(issue_id))
    return dataset


def add_concept_schemes(graph: Graph) -> None:
    """The SKOS concept schemes that technologies, indicators, units and statuses belong to."""
    for entity_type, scheme in CONCEPT_SCHEMES.items():
        ko, en = SCHEME_LABELS[entity_type]
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        _add_labels(graph, scheme, Labels(ko=ko, en=en))


def add_definitions(graph: Graph, entities: list[Entity], bulletins: list[Bulletin]) -> None:
    """Names, types and identifiers of entities and bulletins (what a vocabulary graph holds)."""
    for entity in entities:
        _add_entity(graph, entity)
    for bulletin in bulletins:
        iri = entity_iri(bulletin.id)
        graph.add((iri, RDF.type, IKTW.Bulletin))
        _add_labels(graph, iri, bulletin.label)
        if bulletin.publisher:
            graph.add((iri, DCTERMS.publisher, entity_iri(bulletin.publisher)))


def _add_labels(graph: Graph, iri: URIRef, labels: Labels) -> None:
    graph.add((iri, SKOS.prefLabel, Literal(labels.ko, lang="ko")))
    graph.add((iri, SKOS.prefLabel, Literal(labels.en, lang="en")))
    for lang in ("ja", "zh"):
        name = getattr(labels, lang)
        if name:
            graph.add((iri, SKOS.altLabel, Literal(name, lang=lang)))


def _add_entity(graph: Graph, entity: Entity) -> None:
    iri = entity_iri(entity.id)
    graph.add((iri, RDF.type, IKTW[entity.type.value]))
    _add_labels(graph, iri, entity.label)
    for alias in entity.aliases:
        graph.add((iri, SKOS.altLabel, Literal(alias)))
    if entity.iso3166:
        graph.add((iri, IKTW.iso3166Code, Literal(entity.iso3166)))
    scheme = CONCEPT_SCHEMES.get(entity.type)
    if scheme is not None:
        graph.add((iri, SKOS.inScheme, scheme))


def _add_issue(graph: Graph, record: IssueRecord) -> None:
    issue = record.issue
    issue_iri = entity_iri(issue.id)
    graph.add((issue_iri, RDF.type, IKTW.Issue))
    _add_labels(graph, issue_iri, issue.label)
    graph.add((issue_iri, DCTERMS.isPartOf, entity_iri(issue.bulletin)))
    graph.add((issue_iri, SCHEMA.issueNumber, Literal(issue.number)))
    graph.add((issue_iri, DCTERMS.date, date_literal(issue.date or str(issue.year))))
    graph.add((issue_iri, IKTW.sourceText, Literal(issue.source)))
    cube = dataset_iri_of(issue.id)
    graph.add((cube, RDF.type, QB.DataSet))
    graph.add((cube, QB.structure, IKTW.FigureStructure))
    _add_labels(graph, cube, Labels(ko=f"{issue.label.ko} 수치", en=f"Figures of {issue.label.en}"))
    graph.add((cube, DCTERMS.source, issue_iri))
    for section in record.sections:
        section_iri = entity_iri(section.id)
        graph.add((section_iri, RDF.type, IKTW.Section))
        _add_labels(graph, section_iri, section.label)
        graph.add((section_iri, DCTERMS.isPartOf, issue_iri))
        graph.add((section_iri, SCHEMA.position, Literal(section.order)))
    for report in record.reports:
        report_iri = entity_iri(report.id)
        graph.add((report_iri, RDF.type, IKTW.Report))
        _add_labels(graph, report_iri, report.label)
        graph.add((report_iri, IKTW.originalTitle, Literal(report.title, lang=report.title_lang)))
        graph.add((report_iri, DCTERMS.date, date_literal(report.date)))
        for publisher in report.publishers:
            graph.add((report_iri, DCTERMS.publisher, entity_iri(publisher)))
        graph.add((report_iri, IKTW.page, Literal(report.page)))
        graph.add((report_iri, IKTW.quote, Literal(report.quote)))
    for article in record.articles:
        article_iri = entity_iri(article.id)
        graph.add((article_iri, RDF.type, IKTW.Article))
        _add_labels(graph, article_iri, article.title)
        graph.add((article_iri, DCTERMS.isPartOf, issue_iri))
        graph.add((article_iri, IKTW.inSection, entity_iri(article.section)))
        graph.add((article_iri, SCHEMA.position, Literal(article.number)))
        graph.add((article_iri, SCHEMA.pageStart, Literal(article.pages[0])))
        graph.add((article_iri, SCHEMA.pageEnd, Literal(article.pages[-1])))
        graph.add((article_iri, DCTERMS.date, date_literal(article.date)))
        graph.add((article_iri, IKTW.sourceCountry, entity_iri(article.source_country)))
        graph.add((article_iri, IKTW.heading, Literal(article.heading)))
        for organisation in article.source_organisations:
            graph.add((article_iri, IKTW.sourceOrganisation, entity_iri(organisation)))
        for report in article.reports:
            graph.add((article_iri, IKTW.summarises, entity_iri(report)))


def evidence_iri(article_id: str, statement: Statement) -> URIRef:
    """A stable IRI for a statement's evidence: same statement and quote, same IRI, every build."""
    key = "|".join(
        (
            article_id,
            statement.subject,
            statement.predicate.value,
            statement.object or statement.value or "",
            statement.quote,
        )
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return entity_iri(f"evidence/{article_id.removeprefix('article/')}-{digest}")


def statement_object(statement: Statement) -> URIRef | Literal:
    if statement.predicate in LITERAL_PREDICATES:
        return date_literal(statement.value or "")
    return entity_iri(statement.object or "")


def _add_article_facts(graph: Graph, facts: ArticleFacts, dataset_iri: URIRef) -> None:
    article_iri = entity_iri(facts.article_id)
    for statement, _origin in facts.statements:
        subject = entity_iri(statement.subject)
        predicate = PREDICATE_IRIS[statement.predicate]
        obj = statement_object(statement)
        graph.add((subject, predicate, obj))
        evidence = evidence_iri(facts.article_id, statement)
        graph.add((evidence, RDF.type, IKTW.Evidence))
        graph.add((evidence, RDF.subject, subject))
        graph.add((evidence, RDF.predicate, predicate))
        graph.add((evidence, RDF.object, obj))
        graph.add((evidence, IKTW.statedIn, article_iri))
        graph.add((evidence, IKTW.page, Literal(statement.page)))
        graph.add((evidence, IKTW.quote, Literal(statement.quote)))
    for observation, _origin in facts.observations:
        _add_observation(graph, article_iri, dataset_iri, observation)
    for mentioned in sorted(_mentioned_entities(facts)):
        graph.add((article_iri, IKTW.mentions, entity_iri(mentioned)))


def _mentioned_entities(facts: ArticleFacts) -> Iterable[str]:
    """Entities the article talks about (not its indicators and units): for cross-article links."""
    seen = set()
    for statement, _ in facts.statements:
        seen.add(statement.subject)
        if statement.object:
            seen.add(statement.object)
    for observation, _ in facts.observations:
        seen.add(observation.subject)
    return seen


def dataset_iri_of(issue_id: str) -> URIRef:
    """The Data Cube data set holding one issue's figures."""
    return entity_iri(f"dataset/{issue_id.removeprefix('issue/')}")


def _add_observation(graph: Graph, article_iri: URIRef, dataset_iri: URIRef, observation: Observation) -> None:
    iri = entity_iri(f"obs/{observation.id}")
    graph.add((iri, RDF.type, IKTW.Observation))
    graph.add((iri, IKTW.observedEntity, entity_iri(observation.subject)))
    graph.add((iri, IKTW.indicator, entity_iri(observation.indicator)))
    if observation.value is not None:
        graph.add((iri, IKTW.value, Literal(observation.value, datatype=XSD.decimal)))
    else:
        graph.add((iri, IKTW.minValue, Literal(observation.min, datatype=XSD.decimal)))
        graph.add((iri, IKTW.maxValue, Literal(observation.max, datatype=XSD.decimal)))
    graph.add((iri, IKTW.unit, entity_iri(observation.unit)))
    start, _, end = observation.period.partition("..")
    if end:
        graph.add((iri, IKTW.periodStart, date_literal(start)))
        graph.add((iri, IKTW.periodEnd, date_literal(end)))
    else:
        graph.add((iri, IKTW.referencePeriod, date_literal(start)))
    graph.add((iri, IKTW.isForecast, Literal(observation.forecast)))
    graph.add((iri, IKTW.comparator, Literal(observation.comparator.value)))
    graph.add((iri, IKTW.statedIn, article_iri))
    graph.add((iri, IKTW.page, Literal(observation.page)))
    graph.add((iri, IKTW.quote, Literal(observation.quote)))
    graph.add((iri, QB.dataSet, dataset_iri))
