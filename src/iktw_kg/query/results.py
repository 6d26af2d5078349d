"""SPARQL results → rows of plain Python values, the same for every engine and output format.

IRIs become the project's own short forms (`country/cn` for instances, `iktw:appliesTo` for
the vocabulary, `graph:article/2024-04-01` for named graphs), which read well in a table;
instance ids are accepted back as parameter values.
Numbers keep their exact decimal value (68.5 stays Decimal("68.5"), never 68.49999…).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from iktw_kg.ns import GRAPH, ID, PREFIXES

Value = str | int | Decimal | float | bool | None

XSD = PREFIXES["xsd"]
INTEGER_TYPES = frozenset(
    f"{XSD}{name}"
    for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "unsignedInt")
)
COMPACT_PREFIXES = sorted(
    ((namespace, prefix) for prefix, namespace in PREFIXES.items() if prefix != "id"), key=lambda item: -len(item[0])
)


@dataclass(frozen=True)
class QueryResult:
    """The columns of a result, in projection order, and its rows as {column: value}."""

    columns: tuple[str, ...]
    rows: list[dict[str, Value]]


def compact_iri(iri: str) -> str:
    """`…/id/country/cn` → `country/cn`; `…/ontology#appliesTo` → `iktw:appliesTo`; other IRIs unchanged."""
    if iri.startswith(str(ID)):
        return iri.removeprefix(str(ID))
    if iri.startswith(str(GRAPH)):
        return f"graph:{iri.removeprefix(str(GRAPH))}"
    for namespace, prefix in COMPACT_PREFIXES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def term_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Value:
    """One RDF term as a Python value: numbers as int/Decimal/float, booleans as bool, the rest as text."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return f"<< {term_value(term.subject)} {term_value(term.predicate)} {term_value(term.object)} >>"
    datatype = term.datatype.value
    if datatype in INTEGER_TYPES:
        return int(term.value)
    if datatype == f"{XSD}decimal":
        return Decimal(term.value)
    if datatype in (f"{XSD}double", f"{XSD}float"):
        return float(term.value)
    if datatype == f"{XSD}boolean":
        return term.value in ("true", "1")
    return term.value


def result_from_solutions(solutions: ox.QuerySolutions) -> QueryResult:
    """Rows of a SELECT result."""
    columns = tuple(variable.value for variable in solutions.variables)
    rows = [{column: term_value(solution[column]) for column in columns} for solution in solutions]
    return QueryResult(columns, rows)


def result_from_triples(triples: Iterable[ox.Triple]) -> QueryResult:
    """Rows of a CONSTRUCT or DESCRIBE result: one per triple."""
    columns = ("subject", "predicate", "object")
    rows = [dict(zip(columns, map(term_value, (t.subject, t.predicate, t.object)), strict=True)) for t in triples]
    return QueryResult(columns, rows)


def result_from_boolean(answer: bool) -> QueryResult:
    """The answer of an ASK query as a one-row table."""
    return QueryResult(("answer",), [{"answer": answer}])
