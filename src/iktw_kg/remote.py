"""Running the query library on a remote SPARQL endpoint instead of the in-process store.

The query, its parameters and its output are exactly those of `iktw-kg query` (the query
package's library, binding and result modules); only the engine differs. Two things the
in-process store does through the pyoxigraph API have to be written into the query text
for a remote one, in standard SPARQL 1.1:

* the prefixes of ns.PREFIXES that a query uses without declaring are declared;
* parameters become a `VALUES` block at the start of the WHERE group. Each parameter is
  a projected variable used in a required pattern (the library's rule), so joining the
  group with one row of values keeps exactly the solutions the in-process substitution
  keeps, and the group's FILTERs see the value. The value is written by Oxigraph as one
  RDF term, so user text can never become query syntax.

Names given for entity parameters are resolved against the local build (--data), which is
what `iktw-kg push` sends to the store: a name means the same entity locally and remotely.

Library queries read the store's default graph as the union of its named graphs, as
`iktw-kg serve` and most stores are set up; `union_default_graph_missing` detects a store
that is not, so an empty result can be explained rather than trusted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from iktw_kg.errors import InputError
from iktw_kg.ns import PREFIXES
from iktw_kg.query import QueryRun
from iktw_kg.query.binding import Term, bind_parameters
from iktw_kg.query.library import QueryDefinition, find_query
from iktw_kg.query.local import local_graph
from iktw_kg.query.results import (
    QueryResult,
    result_from_boolean,
    result_from_solutions,
    result_from_triples,
    term_value,
)
from iktw_kg.sparql_client import SparqlClient

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$]\w+)
  | (?P<word>\w[\w.\-]*(?::[\w.\-%]*)?|:[\w.\-%]*)
  | (?P<bracket>[{}()])
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def where_group_start(text: str) -> int | None:
    """The offset just after the `{` that opens the query's WHERE group; None if there is none.

    Strings, IRIs, comments and parenthesised SELECT expressions are skipped, and so is the
    template of a CONSTRUCT query, whose braces come before the WHERE group's.
    """
    form: str | None = None
    parentheses = 0
    template_depth = 0
    expecting_template = False
    for token in TOKEN.finditer(text):
        kind, value = token.lastgroup, token.group()
        if kind in ("comment", "space"):
            continue
        if form is None:
            if kind == "word" and value.upper() in QUERY_FORMS:
                form = value.upper()
                expecting_template = form == "CONSTRUCT"
            continue
        opens_template = expecting_template and value == "{"
        expecting_template = False
        if opens_template or template_depth:
            template_depth += {"{": 1, "}": -1}.get(value, 0) if kind == "bracket" else 0
        elif value == "(":
            parentheses += 1
        elif value == ")":
            parentheses -= 1
        elif value == "{" and parentheses == 0:
            return token.end()
    return None


def values_block(bindings: Mapping[str, Term]) -> str:
    """`VALUES (?a ?b) { (<iri> "text") }`: one row holding the parameters, each term written by Oxigraph."""
    names = sorted(bindings)
    variables = " ".join(f"?{name}" for name in names)
    terms = " ".join(str(bindings[name]) for name in names)
    return f"VALUES ({variables}) {{ ({terms}) }}"


def remote_text(definition: QueryDefinition, bindings: Mapping[str, Term]) -> str:
    """The query as sent: parameters in a VALUES block, and the project prefixes it uses but does not declare.

    The declarations go in front of the first line, on that line, so that the line numbers
    in a store's syntax error still point into the .rq file.
    """
    text = definition.text
    if bindings:
        start = where_group_start(text)
        if start is None:
            raise InputError(definition.path, None, "cannot find the WHERE group `{ … }` to bind the parameters in")
        text = f"{text[:start]} {values_block(bindings)} {text[start:]}"
    declared = {name.lower() for name in re.findall(r"(?i)\bPREFIX\s+([\w.\-]*):", text)}
    missing = [
        f"PREFIX {name}: <{iri}>"
        for name, iri in PREFIXES.items()
        if name.lower() not in declared and re.search(rf"(?<![\w.\-]){re.escape(name)}:", text)
    ]
    return " ".join([*missing, text]) if missing else text


def run_remote(client: SparqlClient, definition: QueryDefinition, bindings: Mapping[str, Term]) -> QueryResult:
    """The query's result from the endpoint, as the same rows the in-process store gives."""
    answer = client.query(remote_text(definition, bindings))
    if isinstance(answer, ox.QuerySolutions):
        return result_from_solutions(answer)
    if isinstance(answer, ox.QueryBoolean):
        return result_from_boolean(bool(answer))
    return result_from_triples(answer)


def execute_remote(
    query: str | Path,
    parameters: Mapping[str, object],
    client: SparqlClient,
    *,
    data_dir: Path,
    build_dir: Path | None = None,
) -> QueryRun:
    """`query.execute`, run on the endpoint: a library query (by name) or a .rq file, with parameters as text.

    Entity names are resolved on the local graph (read from the build in `build_dir` when
    current, see local_graph), built only if a parameter names an entity."""
    definition = find_query(query)
    values = {name: str(value) for name, value in parameters.items()}
    bindings = bind_parameters(definition, values, lambda text: local_graph(data_dir, build_dir).resolve_entity(text))
    result = run_remote(client, definition, bindings)
    return QueryRun(definition, {name: term_value(term) for name, term in bindings.items()}, result)


def union_default_graph_missing(client: SparqlClient) -> bool:
    """True if the store's named graphs hold triples but its default graph shows none of them."""
    in_named_graphs = client.query("ASK { GRAPH ?g { ?s ?p ?o } }")
    in_default_graph = client.query("ASK { ?s ?p ?o }")
    return bool(in_named_graphs) and not bool(in_default_graph)
