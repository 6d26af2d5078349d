"""Queries that cannot read a named graph run on the union store; the choice never changes an answer."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import DATA_DIR

from iktw_kg.ns import PREFIXES
from iktw_kg.query.binding import bind_parameters
from iktw_kg.query.graph_use import reads_named_graphs
from iktw_kg.query.library import load_library
from iktw_kg.query.local import LocalGraph, local_graph
from iktw_kg.query.results import result_from_solutions

NAMED_GRAPH_READERS = [
    "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
    "select ?s where { graph <https://w3id.org/iktw/graph/vocabulary> { ?s ?p ?o } }",
    "SELECT ?s FROM <https://w3id.org/iktw/graph/issue/2024-04> WHERE { ?s ?p ?o }",
    "SELECT ?s FROM NAMED <https://w3id.org/iktw/graph/issue/2024-04> WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { ?s iktw:page ?p . GRAPH?g{ ?s ?p ?o } }",
    "SELECT ?s WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    'SELECT ?s WHERE { ?s iktw:quote "a" . # "unclosed\nGRAPH ?g { ?s ?p ?o } }',
    "PREFIX o: <https://w3id.org/iktw/ontology#> SELECT ?s WHERE { GRAPH ?g { ?s a o:Article } }",
]
UNION_ONLY = [
    "SELECT ?graph WHERE { ?graph a iktw:Article }  # which article graph? not a GRAPH pattern",
    'SELECT ?s WHERE { ?s iktw:quote ?q FILTER(CONTAINS(?q, "GRAPH FROM NAMED")) }',
    "SELECT ?s WHERE { ?s a <https://example.org/graph#FROM> }",
    "PREFIX graph: <https://w3id.org/iktw/graph/> SELECT ?s WHERE { ?s ?p graph:from }",
    "SELECT ?from WHERE { ?from ?p ?named }",
    """SELECT ?s WHERE { ?s iktw:quote '''a GRAPH in a long string''' }""",
]


@pytest.mark.parametrize("query", NAMED_GRAPH_READERS)
def test_a_query_that_may_read_a_named_graph_goes_to_the_dataset_store(query):
    assert reads_named_graphs(query)


@pytest.mark.parametrize("query", UNION_ONLY)
def test_keywords_in_comments_strings_iris_and_names_do_not_count(query):
    assert not reads_named_graphs(query)


def test_every_library_query_answers_the_same_on_the_union_store_and_on_the_full_dataset():
    graph = local_graph(DATA_DIR)
    for name, definition in load_library().items():
        bindings = bind_parameters(definition, definition.example, graph.resolve_entity)
        substitutions = {ox.Variable(variable): term for variable, term in bindings.items()} or None
        answers = [
            result_from_solutions(store.query(definition.text, prefixes=PREFIXES, substitutions=substitutions))
            for store in (graph.store, graph.dataset)
        ]
        if reads_named_graphs(definition.text):
            assert answers[1].rows, name
        else:
            assert answers[0] == answers[1], name
            assert answers[0].rows, name


def test_the_named_graphs_are_loaded_only_when_a_query_asks_for_them():
    graph = LocalGraph.build(DATA_DIR)
    graph.execute(load_library()["reactors"])
    assert "dataset" not in vars(graph)
    rows = graph.execute(
        load_library()["entity-facts"], {"entity": graph.resolve_entity("reactor/shidaowan-htr-pm")}
    ).rows
    assert "dataset" in vars(graph)
    assert "graph:article/2024-04-01" in {row["graph"] for row in rows}
    assert len(graph.store) < len(graph.dataset)
