"""Running library queries on the built dataset in an in-process Oxigraph store.

The dataset is built from data/ exactly as `iktw-kg build` builds it (load, quote check,
mapping; no SHACL, which only judges the data and adds nothing to it), or read from the units
a build cached (see LocalGraph.build), loaded into pyoxigraph and kept for the life of the
process: one graph per data directory.

Default graph: the built dataset puts every quad in a named graph (vocabulary, issue, one
per article). Queries see those named graphs and also their union, each triple once, as the
default graph: exactly the triples of out/iktw.ttl. A pattern outside GRAPH sees every triple
once; `GRAPH ?g { … }` still says which article graph states a triple. This is deliberate:
Oxigraph's `use_default_graph_as_union` option would give a triple stated by two articles
twice (a bag, not a set), doubling rows and counts; and an endpoint loaded with out/iktw.ttl
as default graph and out/iktw.trig as named graphs answers the same queries the same way.

Two stores: in Oxigraph's in-memory store a default-graph pattern is slower when the store
also holds the named graphs' copies of the same triples (measured at 250 issues: most library
queries ran 1.3-2.8x slower with them, none faster). So a query that cannot read a named graph
(graph_use.py) runs on a store of the union alone, and the full dataset is loaded on first
need, by the few queries that ask which graph says what.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from iktw_kg.assemble import merge_union
from iktw_kg.cache import CACHE_DIRECTORY, BuildCache
from iktw_kg.errors import InputError
from iktw_kg.export import sorted_quads, union_triples
from iktw_kg.mapping import build_dataset
from iktw_kg.ns import ID, PREFIXES
from iktw_kg.pipeline import current_units_if_built, load_checked
from iktw_kg.query.binding import Term, entity_reference
from iktw_kg.query.graph_use import reads_named_graphs
from iktw_kg.query.library import QueryDefinition
from iktw_kg.query.names import Candidate, NameIndex, NameLookupError
from iktw_kg.query.results import (
    QueryResult,
    compact_iri,
    result_from_boolean,
    result_from_solutions,
    result_from_triples,
)
from iktw_kg.resources import PROJECT_ROOT
from iktw_kg.unit_build import UnitArtefacts

DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
SYNTAX_ERROR_POSITION = re.compile(r"error at (?P<line>\d+):(?P<column>\d+):\s*(?P<message>.*)", re.DOTALL)
MAX_PARSER_MESSAGE = 160

LABELS_QUERY = """
SELECT ?entity ?label ?class WHERE {
  ?entity skos:prefLabel|skos:altLabel|iktw:iso3166Code ?label .
  OPTIONAL { ?entity a ?class }
}
"""


class LocalGraph:
    """The dataset built from one data directory, in Oxigraph stores, with its name index."""

    def __init__(self, store: ox.Store, load_dataset: Callable[[], ox.Store], data_dir: Path) -> None:
        """`store` holds the union graph alone; `load_dataset` gives the named graphs and the
        union, called at most once, when a query first needs them."""
        self.store = store
        self._load_dataset = load_dataset
        self.data_dir = data_dir

    @classmethod
    def build(cls, data_dir: Path, build_dir: Path | None = None) -> LocalGraph:
        """Load and check the YAML, then load its triples into fresh stores: from the units a
        build cached in `build_dir`, rebuilding only those edited since (seconds at ten years of
        issues), else by mapping the corpus (minutes at that size). Nothing is written."""
        cache = BuildCache(build_dir / CACHE_DIRECTORY) if build_dir is not None else None
        corpus = load_checked(data_dir, cache=cache)
        units = current_units_if_built(corpus, cache) if cache is not None else None
        if units is not None:
            return cls.from_units(units, data_dir)
        quads = sorted_quads(build_dataset(corpus))
        union = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in union_triples(quads)]
        store = ox.Store()
        store.extend(union)

        def load_dataset() -> ox.Store:
            dataset = ox.Store()
            dataset.extend(quads)
            dataset.extend(union)
            return dataset

        return cls(store, load_dataset, data_dir)

    @classmethod
    def from_units(cls, units: list[UnitArtefacts], data_dir: Path) -> LocalGraph:
        """The graph of built units: their merged union and their named graphs, exactly what
        `iktw-kg build` exports from them. Parsed leniently: Oxigraph wrote these lines from
        terms it had checked."""
        union = merge_union(units)
        named_graphs = [unit.nquads for unit in units]  # joined only if a query needs them
        store = ox.Store()
        store.bulk_load(union, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(), lenient=True)

        def load_dataset() -> ox.Store:
            dataset = ox.Store()
            dataset.bulk_load(b"".join(named_graphs), ox.RdfFormat.N_QUADS, lenient=True)
            dataset.bulk_load(union, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(), lenient=True)
            return dataset

        return cls(store, load_dataset, data_dir)

    @functools.cached_property
    def dataset(self) -> ox.Store:
        """The named graphs and their union: the store for queries that read named graphs."""
        return self._load_dataset()

    def execute(self, definition: QueryDefinition, bindings: dict[str, Term] | None = None) -> QueryResult:
        """Run a query with its parameters substituted as RDF terms; syntax errors name the line and column."""
        substitutions = {ox.Variable(name): term for name, term in (bindings or {}).items()}
        store = self.dataset if reads_named_graphs(definition.text) else self.store
        try:
            answer = store.query(
                definition.text,
                prefixes=PREFIXES,
                substitutions=substitutions or None,
            )
        except SyntaxError as exc:
            raise syntax_error(definition, str(exc)) from None
        except (RuntimeError, OSError) as exc:
            raise InputError(definition.path, None, f"the query failed: {exc}") from None
        if isinstance(answer, ox.QuerySolutions):
            return result_from_solutions(answer)
        if isinstance(answer, ox.QueryBoolean):
            return result_from_boolean(bool(answer))
        return result_from_triples(answer)

    def resolve_entity(self, text: str) -> ox.NamedNode:
        """The entity an id, IRI, label or alias names; NameLookupError if none or several."""
        reference = entity_reference(text)
        if reference is not None:
            if next(self.store.quads_for_pattern(reference, None, None), None) is None:
                known = compact_iri(reference.value)
                ids = {compact_iri(entity): entity for entity in self._classes if entity.startswith(str(ID))}
                similar = self._candidates([ids[close] for close in difflib.get_close_matches(known, list(ids), n=5)])
                hint = "; did you mean:" if similar else ""
                raise NameLookupError(self.data_dir, f"no entity {known} in the graph{hint}", similar)
            return reference
        found = self.names.lookup(text)
        if len(found) == 1:
            return ox.NamedNode(found[0])
        if found:
            raise NameLookupError(
                self.data_dir,
                f"{text!r} names {len(found)} entities; give one of these ids instead:",
                self._candidates(found),
            )
        similar = self._candidates(self.names.similar(text))
        hint = "; did you mean:" if similar else ""
        raise NameLookupError(self.data_dir, f"no entity is named {text!r}{hint}", similar)

    def label(self, iri: str, lang: str) -> str | None:
        """The entity's preferred label in `lang`, if it has one."""
        return self._preferred_labels.get((iri, lang))

    @functools.cached_property
    def names(self) -> NameIndex:
        return NameIndex((entity, label) for entity, label, _ in self._labels)

    @functools.cached_property
    def _labels(self) -> list[tuple[str, str, str]]:
        solutions = self.store.query(LABELS_QUERY, prefixes=PREFIXES)
        return [
            (row["entity"].value, row["label"].value, row["class"].value if row["class"] else "")
            for row in solutions
            if isinstance(row["entity"], ox.NamedNode)
        ]

    @functools.cached_property
    def _preferred_labels(self) -> dict[tuple[str, str], str]:
        labels: dict[tuple[str, str], str] = {}
        skos_pref = ox.NamedNode(f"{PREFIXES['skos']}prefLabel")
        for quad in self.store.quads_for_pattern(None, skos_pref, None, ox.DefaultGraph()):
            if isinstance(quad.object, ox.Literal) and quad.object.language:
                labels[(quad.subject.value, quad.object.language)] = quad.object.value
        return labels

    @functools.cached_property
    def _classes(self) -> dict[str, str]:
        return {entity: compact_iri(cls) for entity, _, cls in self._labels if cls}

    def _candidates(self, entities: list[str]) -> list[Candidate]:
        return [
            Candidate(
                compact_iri(entity),
                self._classes.get(entity, "").removeprefix("iktw:"),
                self.label(entity, "ko") or "",
                self.label(entity, "en") or "",
            )
            for entity in entities
        ]


def syntax_error(definition: QueryDefinition, message: str) -> InputError:
    """The parser's message as `file:line`, with the column, the offending line and a caret under it."""
    match = SYNTAX_ERROR_POSITION.search(message)
    if not match:
        return InputError(definition.path, None, f"SPARQL syntax error: {message}")
    line, column = int(match["line"]), int(match["column"])
    detail = " ".join(match["message"].split())
    if len(detail) > MAX_PARSER_MESSAGE:
        detail = detail[:MAX_PARSER_MESSAGE] + "…"
    lines = definition.text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * max(column - 1, 0) + "^"
    return InputError(
        definition.path,
        line,
        f"SPARQL syntax error at line {line}, column {column}: {detail}\n    {source}\n    {caret}",
    )


_GRAPHS: dict[Path, LocalGraph] = {}


def local_graph(data_dir: Path = DEFAULT_DATA_DIR, build_dir: Path | None = None) -> LocalGraph:
    """The graph built from `data_dir`, built on first use and then kept for the process.

    Keyed by the resolved directory, so `data` and `./data` share one store; messages name
    the directory as the first caller wrote it. `build_dir`: where `iktw-kg build` wrote
    (its cache is reused when current; see LocalGraph.build).
    """
    key = data_dir.resolve()
    if key not in _GRAPHS:
        _GRAPHS[key] = LocalGraph.build(data_dir, build_dir)
    return _GRAPHS[key]
