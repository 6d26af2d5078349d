"""Pushing the built dataset into a SPARQL 1.1 store, one named graph at a time, and checking it arrived.

Each named graph is replaced with an HTTP PUT (Graph Store Protocol), so pushing twice
leaves one copy, and a push interrupted half-way is completed by simply running it again.
Graphs in the store that the build does not have are left alone: the store may hold other
data beside ours. Afterwards a `SELECT (COUNT(*) …)` per graph, sent to the query endpoint,
must give the triple count of the local build; that proves the store both accepted and
kept every triple (a store that parses leniently or drops a graph would show a difference).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

import pyoxigraph as ox

from iktw_kg.sparql_client import HttpResponse, RemoteError, SparqlClient


@dataclass(frozen=True)
class GraphUpload:
    """One named graph as it will be sent: its IRI, its triple count and its N-Triples bytes."""

    graph: str
    triple_count: int
    content: bytes


@dataclass(frozen=True)
class CountCheck:
    """A graph's triple count in the local build and in the store."""

    graph: str
    local: int
    remote: int

    @property
    def matches(self) -> bool:
        return self.local == self.remote


class PushInterrupted(Exception):
    """A push stopped by a failure; says which graphs were replaced before it, so a rerun completes the job."""

    def __init__(self, error: RemoteError, pushed: list[str], remaining: list[str]) -> None:
        self.error = error
        self.pushed = pushed
        self.remaining = remaining
        super().__init__(str(error))


def upload_plan(quads: list[ox.Quad]) -> list[GraphUpload]:
    """The quads (sorted by graph, as export.sorted_quads gives them) grouped into one upload per named graph."""
    plan = []
    for graph, graph_quads in groupby(quads, key=lambda quad: quad.graph_name):
        triples = [quad.triple for quad in graph_quads]
        content = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        plan.append(GraphUpload(graph.value, len(triples), content))  # type: ignore[union-attr]
    return plan


def push_graphs(
    client: SparqlClient, plan: list[GraphUpload], on_pushed: Callable[[GraphUpload, HttpResponse], None]
) -> None:
    """PUT every graph of the plan in order; PushInterrupted on the first failure a retry could not fix."""
    pushed: list[str] = []
    for index, upload in enumerate(plan):
        try:
            response = client.put_graph(upload.graph, upload.content)
        except RemoteError as error:
            raise PushInterrupted(error, pushed, [remaining.graph for remaining in plan[index:]]) from None
        pushed.append(upload.graph)
        on_pushed(upload, response)


def count_query(graph: str) -> str:
    """The SELECT that counts one graph's triples; the IRI is written by Oxigraph, so it is always well-formed."""
    return f"SELECT (COUNT(*) AS ?triples) WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"


def verify_counts(client: SparqlClient, plan: list[GraphUpload]) -> list[CountCheck]:
    """Each graph's triple count in the store (one SELECT COUNT per graph) beside the local count."""
    return [CountCheck(upload.graph, upload.triple_count, remote_count(client, upload.graph)) for upload in plan]


def remote_count(client: SparqlClient, graph: str) -> int:
    answer = client.query(count_query(graph))
    if isinstance(answer, ox.QuerySolutions):
        solutions = list(answer)
        if len(solutions) == 1 and isinstance(solutions[0]["triples"], ox.Literal):
            try:
                return int(solutions[0]["triples"].value)
            except ValueError:
                pass
    raise RemoteError(f"{client.query_url} did not answer the COUNT query for <{graph}> with one number")
