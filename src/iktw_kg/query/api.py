"""The Python API under `iktw-kg query` and `iktw-kg describe`, for notebooks and scripts.

    from iktw_kg import query
    query.run("battery-shipment-shares", year=2022)
    # → [{'year': '2022', 'country': '중국', 'share': Decimal('68.5'), 'unit': '퍼센트', 'page': 5, …}, …]
    query.describe("HTR-PM").incoming   # who uses the design, with article, page and quote

By default the graph is built in-process from the project's data/ (no SHACL needed) on the
first call and kept for the rest of the process; pass `data_dir=` for another directory, and
`build_dir=` (where `iktw-kg build` wrote) to load that build's cached units when they are
current instead of mapping the data again: seconds instead of minutes at ten years of issues.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from iktw_kg.query.binding import bind_parameters
from iktw_kg.query.describe import EntityProfile, describe_entity
from iktw_kg.query.library import QueryDefinition, find_query, load_library
from iktw_kg.query.local import DEFAULT_DATA_DIR, local_graph
from iktw_kg.query.results import QueryResult, Value, term_value


@dataclass(frozen=True)
class QueryRun:
    """A query as it ran: its definition, the parameter values it was given, and its result."""

    definition: QueryDefinition
    parameters: dict[str, Value]
    result: QueryResult


def execute(
    query: str | Path,
    parameters: Mapping[str, object] | None = None,
    *,
    data_dir: Path = DEFAULT_DATA_DIR,
    build_dir: Path | None = None,
) -> QueryRun:
    """Run a library query (by name) or a query file with parameters given as text, ids or names."""
    definition = find_query(query)
    values = {name: str(value) for name, value in (parameters or {}).items()}
    graph = local_graph(data_dir, build_dir)
    bindings = bind_parameters(definition, values, graph.resolve_entity)
    result = graph.execute(definition, bindings)
    return QueryRun(definition, {name: term_value(term) for name, term in bindings.items()}, result)


def run(query: str | Path, *, data_dir: Path = DEFAULT_DATA_DIR, **parameters: object) -> list[dict[str, Value]]:
    """The rows of a query: `run("reactors", country="중국")`."""
    return execute(query, parameters, data_dir=data_dir).result.rows


def describe(
    name: str, *, data_dir: Path = DEFAULT_DATA_DIR, lang: str = "ko", build_dir: Path | None = None
) -> EntityProfile:
    """The profile of the entity with this id, IRI, label or alias; names shown in `lang` (ko or en)."""
    return describe_entity(local_graph(data_dir, build_dir), name, lang)


def list_queries() -> list[QueryDefinition]:
    """The query library, in name order."""
    return list(load_library().values())
