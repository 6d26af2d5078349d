"""Build units: the shared vocabulary, and one unit per issue.

Ten years of the bulletin is about 250 issues. Mapping, validating and serialising them as
one graph would hold millions of triples in rdflib and redo all of it for a one-line edit.
Instead each issue is a unit, built on its own (in parallel) and cached by a fingerprint of
everything its output depends on; the shared vocabulary (data/vocab/ and any YAML outside an
issue directory) is one more unit. A unit's entity definitions go into its own named graph:
the vocabulary graph for the shared unit, the issue graph for an issue.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from iktw_kg.load import ArticleFacts, Corpus, IssueRecord, data_files
from iktw_kg.model import Bulletin, Entity

SHARED_UNIT = "shared"


@dataclass(frozen=True, eq=False)
class BuildUnit:
    """One independently built and cached part of the corpus."""

    name: str
    directory: Path | None
    issue: IssueRecord | None


def partition(corpus: Corpus) -> list[BuildUnit]:
    """The shared unit first, then the issues in id order: the order of every export."""
    issues = sorted(corpus.issues, key=lambda record: record.issue.id)
    units = [BuildUnit(SHARED_UNIT, None, None)]
    units += [BuildUnit(record.issue.id, record.origin.path.parent, record) for record in issues]
    return units


def unit_of(units: list[BuildUnit], path: Path) -> BuildUnit:
    """The unit a YAML file belongs to: its issue's, or the shared one."""
    by_directory = _directories(tuple(units))
    for parent in path.parents:
        unit = by_directory.get(parent)
        if unit is not None:
            return unit
    return units[0]


@lru_cache(maxsize=8)
def _directories(units: tuple[BuildUnit, ...]) -> dict[Path, BuildUnit]:
    return {unit.directory: unit for unit in units if unit.directory is not None}


def slice_corpus(corpus: Corpus, unit: BuildUnit, units: list[BuildUnit]) -> Corpus:
    """The part of the corpus one unit maps: its entities, its issue and its articles' facts."""
    part = Corpus(data_dir=corpus.data_dir, origins=corpus.origins)
    part.entities = [e for e in corpus.entities if unit_of(units, corpus.origins[e.id].path) is unit]
    if unit.issue is None:
        part.bulletins = list(corpus.bulletins)
        return part
    part.issues = [unit.issue]
    article_ids = {article.id for article in unit.issue.articles}
    part.facts = {article_id: facts for article_id, facts in corpus.facts.items() if article_id in article_ids}
    return part


def external_definitions(part: Corpus, corpus: Corpus) -> tuple[list[Entity], list[Bulletin]]:
    """The definitions of every entity (and bulletin) the unit refers to but does not define.

    They join the unit's validation graph, so that SHACL's sh:class sees the type of every
    object (and those entities, now focus nodes there too, are complete), and its cache
    fingerprint, so that a change to them rebuilds the unit.
    """
    defined = {entity.id for entity in part.entities} | {bulletin.id for bulletin in part.bulletins}
    referenced = set(_referenced_ids(part)) - defined
    entities = sorted((e for e in corpus.entities if e.id in referenced), key=lambda e: e.id)
    bulletins = sorted((b for b in corpus.bulletins if b.id in referenced), key=lambda b: b.id)
    return entities, bulletins


def _referenced_ids(part: Corpus) -> Iterable[str]:
    for record in part.issues:
        yield record.issue.bulletin
        for article in record.articles:
            yield from (article.section, article.source_country, *article.source_organisations)
        for report in record.reports:
            yield from report.publishers
    for facts in part.facts.values():
        yield from _fact_references(facts)


def _fact_references(facts: ArticleFacts) -> Iterable[str]:
    for statement, _ in facts.statements:
        yield statement.subject
        if statement.object:
            yield statement.object
    for observation, _ in facts.observations:
        yield from (observation.subject, observation.indicator, observation.unit)


def unit_files(unit: BuildUnit, units: list[BuildUnit], data_dir: Path) -> list[Path]:
    """The YAML files of one unit, in a stable order."""
    return [path for path in data_files(data_dir) if unit_of(units, path) is unit]


def fingerprint(unit: BuildUnit, files: list[Path], data_dir: Path, context: object, code: str) -> str:
    """A digest of everything the unit's outputs depend on: its files, its source text, the
    types of what it refers to, and the code, ontology and shapes that build it."""
    digest = hashlib.sha256(code.encode())
    for path in files:
        digest.update(str(path.relative_to(data_dir)).encode() + b"\0" + path.read_bytes())
    if unit.issue is not None:
        digest.update(b"source\0" + (data_dir / unit.issue.issue.source).read_bytes())
    digest.update(repr(context).encode())
    return digest.hexdigest()
