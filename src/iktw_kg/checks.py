"""Rules that span several records, which pydantic cannot see one record at a time.

They run at load time, before any RDF is made, so a curator gets `file:line` and exit code
2 rather than a SHACL violation about a node: an observation's unit must be a Unit, figures
that count or measure things cannot be negative, the technology hierarchy has no cycles, and
a fact's page lies within its article's pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from iktw_kg.errors import InputError
from iktw_kg.load import Corpus, Origin
from iktw_kg.model import EntityType, Predicate

SIGNED_UNITS = frozenset({"unit/percent", "unit/percentage-point"})
"""Only rates and shares may be negative (a fall of 3 %); counts, amounts and sizes may not."""


def check_corpus(corpus: Corpus) -> list[InputError]:
    """Every cross-record problem in the corpus, each with the file and line to fix."""
    return [*_reference_types(corpus), *_negative_amounts(corpus), *_broader_cycles(corpus), *_pages(corpus)]


def _entity_types(corpus: Corpus) -> dict[str, EntityType]:
    return {entity.id: entity.type for entity in corpus.entities}


def _reference_types(corpus: Corpus) -> Iterator[InputError]:
    types = _entity_types(corpus)
    for facts in corpus.facts.values():
        for observation, origin in facts.observations:
            for role, expected in (("unit", EntityType.UNIT), ("indicator", EntityType.INDICATOR)):
                target = getattr(observation, role)
                found = types.get(target)
                if found is not None and found is not expected:
                    problem = f"{role} {target!r} is a {found.value}, expected a {expected.value}"
                    yield InputError(origin.path, origin.line, f"observation {observation.id}: {problem}")
        for statement, origin in facts.statements:
            if statement.predicate is Predicate.BROADER:
                for end in (statement.subject, statement.object):
                    found = types.get(end or "")
                    if found is not None and found is not EntityType.TECHNOLOGY:
                        yield InputError(
                            origin.path, origin.line, f"broader links technologies; {end!r} is a {found.value}"
                        )


def _negative_amounts(corpus: Corpus) -> Iterator[InputError]:
    for facts in corpus.facts.values():
        for observation, origin in facts.observations:
            if observation.unit in SIGNED_UNITS:
                continue
            for name in ("value", "min", "max"):
                number = getattr(observation, name)
                if number is not None and number < 0:
                    yield InputError(
                        origin.path,
                        origin.line,
                        f"observation {observation.id}: {name} {number} is negative, but {observation.unit} "
                        "counts or measures something; only percent and percentage points may be negative",
                    )


def _broader_cycles(corpus: Corpus) -> Iterator[InputError]:
    """A cycle in skos:broader would make a technology its own ancestor (and loop roll-ups)."""
    edges: dict[str, list[tuple[str, Origin]]] = {}
    for facts in corpus.facts.values():
        for statement, origin in facts.statements:
            if statement.predicate is Predicate.BROADER and statement.object:
                edges.setdefault(statement.subject, []).append((statement.object, origin))
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    path: list[str] = []
    reported: set[frozenset[str]] = set()

    def visit(node: str) -> Iterator[InputError]:
        state[node] = 1
        path.append(node)
        for parent, origin in edges.get(node, []):
            if state.get(parent) == 1:
                cycle = [*path[path.index(parent) :], parent]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    yield InputError(origin.path, origin.line, f"technology hierarchy has a cycle: {' → '.join(cycle)}")
            elif parent not in state:
                yield from visit(parent)
        path.pop()
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            yield from visit(start)


def _pages(corpus: Corpus) -> Iterator[InputError]:
    for article in corpus.articles:
        facts = corpus.facts.get(article.id)
        if facts is None:
            continue
        first, last = article.pages[0], article.pages[-1]
        located = [(s.page, origin) for s, origin in facts.statements] + [
            (o.page, origin) for o, origin in facts.observations
        ]
        for page, origin in located:
            if not first <= page <= last:
                span = f"{first}" if first == last else f"{first}-{last}"
                yield InputError(
                    origin.path, origin.line, f"page {page} is outside {article.id}, which is on page {span}"
                )
