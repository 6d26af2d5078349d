"""An entity's profile: its class and names, every relation in and out, and its figures, each with its source.

The facts come from the library query `entity-facts`, the same one an analyst runs with
`iktw-kg query entity-facts`; this module adds the names (in Korean or English) that make
the ids readable: of the entity, of the property or indicator, and of the other side.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox

from iktw_kg.errors import InputError
from iktw_kg.ns import ID, PREFIXES
from iktw_kg.query.library import find_query
from iktw_kg.query.local import LocalGraph
from iktw_kg.query.results import Value, compact_iri
from iktw_kg.resources import ONTOLOGY_FILE

FACTS_QUERY = "entity-facts"
RDF_TYPE = ox.NamedNode(f"{PREFIXES['rdf']}type")
LABEL_PROPERTIES = {
    ox.NamedNode(f"{PREFIXES['skos']}prefLabel"): True,
    ox.NamedNode(f"{PREFIXES['skos']}altLabel"): False,
}


class Language(StrEnum):
    """The languages every entity has a preferred label in."""

    KO = "ko"
    EN = "en"


@dataclass(frozen=True)
class Label:
    """One name of the entity: preferred (one per language) or alternative (original names, aliases)."""

    text: str
    language: str | None
    preferred: bool


@dataclass(frozen=True)
class Fact:
    """A relation (out or in) or a figure, with the names to show and where it is stated."""

    direction: str
    relation: str
    relation_label: str
    other: str | None
    other_label: str | None
    value: Value
    comparator: str | None
    unit_label: str | None
    period: str | None
    forecast: bool | None
    graph: str
    article: str | None
    page: int | None
    quote: str | None


@dataclass(frozen=True)
class EntityProfile:
    """Everything the graph says about one entity, ready to print or to use in a notebook."""

    entity: str
    name: str
    classes: tuple[str, ...]
    labels: tuple[Label, ...]
    outgoing: tuple[Fact, ...]
    incoming: tuple[Fact, ...]
    figures: tuple[Fact, ...]


def describe_entity(graph: LocalGraph, text: str, lang: str = Language.KO) -> EntityProfile:
    """Find the entity by id, IRI, label or alias and gather its profile, names in `lang`."""
    if lang not in tuple(Language):
        raise InputError(Path("--lang"), None, f"expected one of {', '.join(Language)}, found {lang!r}")
    iri = graph.resolve_entity(text)
    facts = graph.execute(find_query(FACTS_QUERY), {"entity": iri}).rows
    profile_facts = [_fact(graph, row, lang) for row in facts]
    return EntityProfile(
        entity=compact_iri(iri.value),
        name=graph.label(iri.value, lang) or compact_iri(iri.value),
        classes=tuple(
            sorted(
                compact_iri(quad.object.value)
                for quad in graph.store.quads_for_pattern(iri, RDF_TYPE, None, ox.DefaultGraph())
            )
        ),
        labels=_labels(graph, iri),
        outgoing=tuple(fact for fact in profile_facts if fact.direction == "out"),
        incoming=tuple(fact for fact in profile_facts if fact.direction == "in"),
        figures=tuple(fact for fact in profile_facts if fact.direction == "figure"),
    )


def _labels(graph: LocalGraph, iri: ox.NamedNode) -> tuple[Label, ...]:
    labels = {
        Label(quad.object.value, quad.object.language, preferred)
        for predicate, preferred in LABEL_PROPERTIES.items()
        for quad in graph.store.quads_for_pattern(iri, predicate, None, ox.DefaultGraph())
        if isinstance(quad.object, ox.Literal)
    }
    return tuple(sorted(labels, key=lambda label: (not label.preferred, label.language or "~", label.text)))


def _fact(graph: LocalGraph, row: dict[str, Value], lang: str) -> Fact:
    relation = str(row["relation"])
    other = row["other"]
    unit = row["unit"]
    return Fact(
        direction=str(row["direction"]),
        relation=relation,
        relation_label=_name(graph, relation, lang),
        other=None if other is None else str(other),
        other_label=None if other is None else _name(graph, str(other), lang),
        value=row["value"],
        comparator=None if row["comparator"] is None else str(row["comparator"]),
        unit_label=None if unit is None else _name(graph, str(unit), lang),
        period=None if row["period"] is None else str(row["period"]),
        forecast=None if row["forecast"] is None else bool(row["forecast"]),
        graph=str(row["graph"]),
        article=None if row["article"] is None else str(row["article"]),
        page=None if row["page"] is None else int(row["page"]),
        quote=None if row["quote"] is None else str(row["quote"]),
    )


def _name(graph: LocalGraph, compact: str, lang: str) -> str:
    """The label of an instance (from the graph) or of a property (from the ontology), else the id."""
    iri = _expand(compact)
    return graph.label(iri, lang) or property_labels().get((iri, lang)) or compact


def _expand(compact: str) -> str:
    prefix, separator, local = compact.partition(":")
    if separator and prefix in PREFIXES and not local.startswith("//"):
        return f"{PREFIXES[prefix]}{local}"
    return compact if "://" in compact else f"{ID}{compact}"


@functools.cache
def property_labels() -> dict[tuple[str, str], str]:
    """rdfs:label of every ontology term by (IRI, language), read once from ontology/iktw.ttl."""
    rdfs_label = f"{PREFIXES['rdfs']}label"
    labels: dict[tuple[str, str], str] = {}
    for triple in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == rdfs_label and isinstance(triple.object, ox.Literal) and triple.object.language:
            labels[(triple.subject.value, triple.object.language)] = triple.object.value
    return labels
