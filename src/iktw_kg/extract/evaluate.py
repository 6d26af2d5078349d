"""How much of a curated issue the extractor finds on its own: recall of figures and of mentions.

Figures: a curated observation is recalled when the figures extracted from the same article
include its value (for a printed range, its min and max). Values are counted as a multiset,
so two observations of one printed number need that number printed twice. The stricter count
also requires the same unit.

Mentions: the curated mentions of an article are the entities its statements and observations
are about (statement subjects and objects, observation subjects: the graph's iktw:mentions)
whose label or alias is printed in that article (compared case- and width-insensitively). Recall
is the share of them that the gazetteer linker finds in that article.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from iktw_kg.extract.extractor import Extraction
from iktw_kg.extract.gazetteer import fold_name
from iktw_kg.load import Corpus
from iktw_kg.model import Entity, Observation

ValueKey = tuple[Decimal, ...]


@dataclass(frozen=True)
class Recall:
    """found of total, and what was missed (for the test output)."""

    found: int
    total: int
    missed: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.share:.1%} ({self.found}/{self.total})"


@dataclass(frozen=True)
class CuratedRecall:
    values: Recall
    values_and_units: Recall
    mentions: Recall


def _value_key(value: Decimal | None, minimum: Decimal | None, maximum: Decimal | None) -> ValueKey:
    numbers = (value,) if value is not None else (minimum, maximum)
    return tuple(Decimal(number).normalize() for number in numbers if number is not None)


def curated_recall(extraction: Extraction, corpus: Corpus, issue_id: str) -> CuratedRecall:
    """Recall of the extraction against the curated facts of `issue_id` in `corpus`."""
    record = next(record for record in corpus.issues if record.issue.id == issue_id)
    extracted = {article.number: article for article in extraction.articles}
    entities = {entity.id: entity for entity in corpus.entities}
    value_hits = unit_hits = value_total = 0
    value_missed: list[str] = []
    unit_missed: list[str] = []
    mention_hits = mention_total = 0
    mention_missed: list[str] = []
    for article in record.articles:
        facts = corpus.facts.get(article.id)
        if facts is None:
            continue
        observations = [observation for observation, _ in facts.observations]
        figures = [figure for figure in extraction.figures if figure.span.article == article.number]
        found_values = Counter(_value_key(f.value, f.minimum, f.maximum) for f in figures)
        found_units = Counter((_value_key(f.value, f.minimum, f.maximum), f.unit_id) for f in figures)
        for observation in observations:
            value_total += 1
            key = _value_key(observation.value, observation.min, observation.max)
            if found_values[key] > 0:
                found_values[key] -= 1
                value_hits += 1
            else:
                value_missed.append(_describe(article.number, observation))
            if found_units[(key, observation.unit)] > 0:
                found_units[(key, observation.unit)] -= 1
                unit_hits += 1
            else:
                unit_missed.append(_describe(article.number, observation))
        text = fold_name(extracted[article.number].text) if article.number in extracted else ""
        linked = {i for m in extraction.mentions if m.span.article == article.number for i in m.entity_ids}
        for entity_id in sorted(_about(facts.statements, observations)):
            entity = entities[entity_id]
            if not any(fold_name(name) in text for name in _names(entity)):
                continue
            mention_total += 1
            if entity_id in linked:
                mention_hits += 1
            else:
                mention_missed.append(f"article {article.number}: {entity_id}")
    return CuratedRecall(
        values=Recall(value_hits, value_total, tuple(value_missed)),
        values_and_units=Recall(unit_hits, value_total, tuple(unit_missed)),
        mentions=Recall(mention_hits, mention_total, tuple(mention_missed)),
    )


def _about(statements: list, observations: list[Observation]) -> set[str]:
    about = {observation.subject for observation in observations}
    for statement, _ in statements:
        about.add(statement.subject)
        if statement.object:
            about.add(statement.object)
    return about


def _names(entity: Entity) -> list[str]:
    label = entity.label
    return [name for name in (label.ko, label.en, label.ja, label.zh, *entity.aliases) if name]


def _describe(article: int, observation: Observation) -> str:
    value = observation.value if observation.value is not None else f"{observation.min}~{observation.max}"
    return f"article {article}: {value} {observation.unit} ({observation.quote[:40]})"
