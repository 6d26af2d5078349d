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
from pathlib import Path

from iktw_kg.load import ArticleFacts, Corpus, IssueRecord
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


class UnitLocator:
    """Which unit a file belongs to: its issue's, or the shared one.

    Asked once per entity and origin (a hundred thousand times for ten years of issues), so
    the answer is remembered per directory.
    """

    def __init__(self, units: list[BuildUnit]) -> None:
        self.shared = units[0]
        self._issue_directories = {unit.directory: unit for unit in units if unit.directory is not None}
        self._by_directory: dict[Path, BuildUnit] = {}

    def __call__(self, path: Path) -> BuildUnit:
        directory = path.parent
        unit = self._by_directory.get(directory)
        if unit is None:
            candidates = (self._issue_directories.get(parent) for parent in (directory, *directory.parents))
            unit = self._by_directory[directory] = next((c for c in candidates if c is not None), self.shared)
        return unit


def slice_corpus(corpus: Corpus, units: list[BuildUnit]) -> list[Corpus]:
    """Each unit's part of the corpus, in unit order: its entities, its issue, its articles'
    facts and the origins of what it defines. One pass over the corpus (ten years of issues
    are a hundred thousand entities; slicing them unit by unit would be quadratic)."""
    parts = {unit.name: Corpus(data_dir=corpus.data_dir) for unit in units}
    unit_of = UnitLocator(units)
    for entity in corpus.entities:
        parts[unit_of(corpus.origins[entity.id].path).name].entities.append(entity)
    for identifier, origin in corpus.origins.items():
        parts[unit_of(origin.path).name].origins[identifier] = origin
    parts[SHARED_UNIT].bulletins = list(corpus.bulletins)
    unit_of_article = {}
    for unit in units:
        if unit.issue is not None:
            parts[unit.name].issues = [unit.issue]
            unit_of_article.update({article.id: unit.name for article in unit.issue.articles})
    for article_id, facts in corpus.facts.items():
        parts[unit_of_article[article_id]].facts[article_id] = facts
    return [parts[unit.name] for unit in units]


def external_definitions(
    part: Corpus, definitions: dict[str, Entity | Bulletin]
) -> tuple[list[Entity], list[Bulletin]]:
    """The definitions of every entity (and bulletin) the unit refers to but does not define.

    They join the unit's validation graph, so that SHACL's sh:class sees the type of every
    object (and those entities, now focus nodes there too, are complete), and its cache
    fingerprint, so that a change to them rebuilds the unit. `definitions` indexes every
    entity and bulletin of the corpus by id.
    """
    defined = {entity.id for entity in part.entities} | {bulletin.id for bulletin in part.bulletins}
    referenced = sorted(set(_referenced_ids(part)) - defined)
    found = [definitions[i] for i in referenced if i in definitions]
    return [d for d in found if isinstance(d, Entity)], [d for d in found if isinstance(d, Bulletin)]


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


class DefinitionDigests:
    """The digest of each entity or bulletin definition, computed once per build.

    A unit's fingerprint covers the definitions it refers to; 250 issues refer to the same
    countries, agencies and technologies, and rendering them again for every unit was most
    of the time spent planning an incremental build.
    """

    def __init__(self) -> None:
        self._digests: dict[str, bytes] = {}

    def of(self, definitions: Iterable[Entity | Bulletin]) -> bytes:
        """One digest per definition, concatenated in the order given."""
        parts = []
        for definition in definitions:
            digest = self._digests.get(definition.id)
            if digest is None:
                digest = self._digests[definition.id] = hashlib.sha256(repr(definition).encode()).digest()
            parts.append(digest)
        return b"".join(parts)


def fingerprint(unit: BuildUnit, files: list[Path], data_dir: Path, definitions: bytes, code: str) -> str:
    """A digest of everything the unit's outputs depend on: its files, its source text, the
    definitions it refers to (`DefinitionDigests.of`; for the shared unit, the bulletins),
    and the code, ontology and shapes that build it."""
    digest = hashlib.sha256(code.encode())
    for path in files:
        digest.update(str(path.relative_to(data_dir)).encode() + b"\0" + path.read_bytes())
    if unit.issue is not None:
        digest.update(b"source\0" + (data_dir / unit.issue.issue.source).read_bytes())
    digest.update(definitions)
    return digest.hexdigest()
