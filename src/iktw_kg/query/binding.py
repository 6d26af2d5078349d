"""Parameter values → RDF terms, checked against the query's declared parameters.

A value never becomes query text: it becomes one RDF term (an IRI or a literal) that the
engine substitutes for the variable, so `"} ; DROP ALL ; #` is just a string to look for.
Entity values may be an id (`country/cn`), a full IRI, or a name; names are resolved by a
callback, because only the engine that holds the graph can look labels up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from iktw_kg.errors import InputError
from iktw_kg.model import ENTITY_ID_PATTERN
from iktw_kg.ns import ID
from iktw_kg.query.library import ParameterKind, QueryDefinition

XSD_GYEAR = ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")
YEAR_PATTERN = re.compile(r"^\d{4}$")
ENTITY_ID = re.compile(ENTITY_ID_PATTERN)

Term = ox.NamedNode | ox.Literal
EntityResolver = Callable[[str], ox.NamedNode]
"""Turns what a user typed for an entity parameter into the entity's IRI, or raises InputError."""


def parse_assignments(assignments: Sequence[str]) -> dict[str, str]:
    """`--param key=value` options → {key: value}; the value may itself contain `=`."""
    values: dict[str, str] = {}
    for assignment in assignments:
        name, separator, value = assignment.partition("=")
        name = name.strip()
        if not separator or not name:
            raise InputError(Path("--param"), None, f"expected key=value, found {assignment!r}")
        if name in values:
            raise InputError(Path("--param"), None, f"parameter {name!r} is given twice")
        values[name] = value
    return values


def entity_reference(text: str) -> ox.NamedNode | None:
    """An id (`country/cn`) or IRI (`https://…`, `<https://…>`) as an IRI; None when `text` is a name.

    Raises InputError for text that claims to be an IRI but is not a valid one, so that
    `<x> } UNION { ?s ?p ?o` is refused rather than guessed at.
    """
    stripped = text.strip()
    if ENTITY_ID.match(stripped):
        return ox.NamedNode(f"{ID}{stripped}")
    if stripped.startswith("<") and stripped.endswith(">"):
        stripped = stripped[1:-1]
    elif not stripped.startswith(("http://", "https://")):
        return None
    try:
        return ox.NamedNode(stripped)
    except ValueError as exc:
        raise InputError(Path("--param"), None, f"{text!r} is not a valid IRI: {exc}") from None


def bind_parameters(
    definition: QueryDefinition, values: Mapping[str, str], resolve_entity: EntityResolver
) -> dict[str, Term]:
    """Each declared parameter's RDF term: given values, else defaults; unknown or missing names are errors."""
    _check_names(definition, values)
    bound: dict[str, Term] = {}
    for parameter in definition.parameters:
        raw = values.get(parameter.name, parameter.default)
        if raw is None:
            continue
        try:
            bound[parameter.name] = _term(parameter.kind, raw, resolve_entity)
        except InputError as exc:
            raise InputError(definition.path, None, f"parameter {parameter.name}={raw!r}: {exc.message}") from None
    return bound


def _check_names(definition: QueryDefinition, values: Mapping[str, str]) -> None:
    declared = ", ".join(parameter.signature() for parameter in definition.parameters)
    unknown = sorted(set(values) - {parameter.name for parameter in definition.parameters})
    if unknown:
        takes = f"it takes {declared}" if declared else "it takes no parameters"
        raise InputError(
            definition.path,
            None,
            f"unknown parameter {', '.join(map(repr, unknown))} for query {definition.name}; {takes}",
        )
    missing = [p.name for p in definition.parameters if p.required and p.name not in values]
    if missing:
        raise InputError(
            definition.path,
            None,
            f"query {definition.name} needs {', '.join(missing)}: --param {missing[0]}=VALUE (it takes {declared})",
        )


def _term(kind: ParameterKind, raw: str, resolve_entity: EntityResolver) -> Term:
    if kind is ParameterKind.ENTITY:
        return resolve_entity(raw)
    if kind is ParameterKind.YEAR:
        if not YEAR_PATTERN.match(raw.strip()):
            raise InputError(Path("--param"), None, "expected a four-digit year such as 2022")
        return ox.Literal(raw.strip(), datatype=XSD_GYEAR)
    return ox.Literal(raw)
