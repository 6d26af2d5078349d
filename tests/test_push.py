"""`iktw-kg push` into a real Oxigraph server on 127.0.0.1, and every way a push can go wrong."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from sparql_servers import (
    Reply,
    Request,
    forward,
    free_port,
    oxigraph_server,
    run_cli,
    sparql_select,
    sparql_update,
    stub_server,
    triples_per_graph,
)

from iktw_kg.export import sorted_quads
from iktw_kg.pipeline import BuildResult
from iktw_kg.push import GraphUpload, upload_plan

USER, PASSWORD = "analyst", "s3cret-Passw0rd"
TOKEN = "tok-4f1e9a77c2"


@pytest.fixture(scope="module")
def plan(built: BuildResult) -> list[GraphUpload]:
    return upload_plan(sorted_quads(built.dataset))


@pytest.fixture(scope="module")
def local_counts(plan: list[GraphUpload]) -> dict[str, int]:
    return {upload.graph: upload.triple_count for upload in plan}


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty, writable Oxigraph server; its base URL."""
    with oxigraph_server(tmp_path / "store") as base_url:
        yield base_url


def test_pushing_twice_replaces_each_graph_and_matches_the_build(store: str, local_counts: dict[str, int]) -> None:
    first = run_cli("push", "--endpoint", f"{store}/query")
    assert first.returncode == 0, first.stderr
    assert triples_per_graph(store) == local_counts
    # Someone edits one graph in the store; the next push must put it back, not add to it.
    vocab = "https://w3id.org/iktw/graph/vocab"
    stray = f'INSERT DATA {{ GRAPH <{vocab}> {{ <urn:x:stray> <urn:x:p> "left over" }} }}'
    assert sparql_update(store, stray) == 204
    assert triples_per_graph(store)[vocab] == local_counts[vocab] + 1

    second = run_cli("push", "--endpoint", f"{store}/query")

    assert second.returncode == 0, second.stderr
    assert triples_per_graph(store) == local_counts
    total = sum(local_counts.values())
    assert sum(triples_per_graph(store).values()) == total
    assert f"pushed and verified {len(local_counts)} named graphs, {total:,} triples" in second.stdout
    assert "✗" not in second.stdout
    share = sparql_select(
        store,
        "SELECT ?quote WHERE { GRAPH <https://w3id.org/iktw/graph/article/2024-04-04> { "
        "?o <https://w3id.org/iktw/ontology#value> 68.5 ; <https://w3id.org/iktw/ontology#quote> ?quote } }",
    )
    assert [row["quote"] for row in share] == ["’22년 출하 점유율은 중국 68.5%, 한국 23.7%, 일본 7.9%"]


def test_dry_run_lists_graphs_and_counts_and_sends_nothing(local_counts: dict[str, int]) -> None:
    with stub_server(lambda request, index: Reply(500)) as (base_url, received):
        result = run_cli("push", "--endpoint", f"{base_url}/query", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert received == []
    for graph, count in local_counts.items():
        assert any(graph in line and f"{count:,}" in line for line in result.stdout.splitlines()), graph
    assert "nothing was sent" in result.stdout


def test_push_to_a_closed_port_names_the_url_and_exits_4(plan: list[GraphUpload]) -> None:
    port = free_port()
    result = run_cli("push", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert result.returncode == 4
    assert f"http://127.0.0.1:{port}/store" in result.stderr
    assert "connection refused" in result.stderr
    assert f"not pushed ({len(plan)})" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_push_that_fails_half_way_says_what_was_pushed_and_a_rerun_completes_it(
    store: str, plan: list[GraphUpload], local_counts: dict[str, int]
) -> None:
    failing_graph = plan[3].graph

    def flaky_store(request: Request, index: int) -> Reply:
        if request.method == "PUT" and "2024-04-04" in request.path and failing_graph not in triples_per_graph(store):
            return Reply(500, {"Content-Type": "text/plain"}, b"disk quota exceeded")
        return forward(store, request)

    with stub_server(flaky_store) as (proxy, _):
        first = run_cli("push", "--endpoint", f"{proxy}/query")
    assert first.returncode == 4
    assert "500 Internal Server Error" in first.stderr and "disk quota exceeded" in first.stderr
    pushed_section = first.stderr.split("pushed before the failure (3):")[1].split(f"not pushed ({len(plan) - 3}):")[0]
    assert [line.strip() for line in pushed_section.strip().splitlines()] == [upload.graph for upload in plan[:3]]
    assert set(triples_per_graph(store)) == {upload.graph for upload in plan[:3]}

    rerun = run_cli("push", "--endpoint", f"{store}/query")
    assert rerun.returncode == 0, rerun.stderr
    assert triples_per_graph(store) == local_counts


def test_transient_failures_are_retried(store: str, local_counts: dict[str, int]) -> None:
    """Each PUT first meets a dropped connection, then a 503, and only then reaches the store."""
    attempts: dict[str, int] = {}

    def overloaded_store(request: Request, index: int) -> Reply:
        attempts[request.path] = attempts.get(request.path, 0) + 1
        if request.method == "PUT" and attempts[request.path] == 1:
            return Reply(drop=True)
        if request.method == "PUT" and attempts[request.path] == 2:
            return Reply(503, {"Retry-After": "0"}, b"busy")
        return forward(store, request)

    with stub_server(overloaded_store) as (proxy, _):
        result = run_cli("push", "--endpoint", f"{proxy}/query")
    assert result.returncode == 0, result.stderr
    assert triples_per_graph(store) == local_counts
    assert result.stderr.count("connection lost") == len(local_counts)
    assert result.stderr.count("503 Service Unavailable; retrying in 0 s (attempt 3 of 5)") == len(local_counts)


def test_retries_are_bounded() -> None:
    with stub_server(lambda request, index: Reply(503, {"Retry-After": "0"})) as (base_url, received):
        result = run_cli("push", "--endpoint", f"{base_url}/query")
    assert result.returncode == 4
    assert len(received) == 5
    assert "still failed after 5 attempts: 503 Service Unavailable" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("environment", "authorization", "advice"),
    [
        (
            {"IKTW_SPARQL_USER": USER, "IKTW_SPARQL_PASSWORD": PASSWORD},
            "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
            "the store rejected HTTP Basic credentials from IKTW_SPARQL_USER/IKTW_SPARQL_PASSWORD",
        ),
        ({"IKTW_SPARQL_TOKEN": TOKEN}, f"Bearer {TOKEN}", "the store rejected the Bearer token in IKTW_SPARQL_TOKEN"),
        ({}, None, "set IKTW_SPARQL_USER and IKTW_SPARQL_PASSWORD (HTTP Basic) or IKTW_SPARQL_TOKEN (Bearer)"),
    ],
)
def test_401_is_explained_and_credentials_are_never_printed(
    environment: dict[str, str], authorization: str | None, advice: str
) -> None:
    def echoing_gatekeeper(request: Request, index: int) -> Reply:
        # A careless store that echoes the header it refused: even then nothing secret may be printed.
        echoed = f"bad credentials: {request.headers.get('Authorization')}".encode()
        return Reply(401, {"WWW-Authenticate": 'Basic realm="store"', "Content-Type": "text/plain"}, echoed)

    with stub_server(echoing_gatekeeper) as (base_url, received):
        result = run_cli("push", "--endpoint", f"{base_url}/query", environment=environment)
    assert result.returncode == 4
    assert [request.headers.get("Authorization") for request in received] == [authorization]
    assert f"PUT {base_url}/store?graph=" in result.stderr and "401 Unauthorized" in result.stderr
    assert advice in " ".join(result.stderr.split())
    printed = result.stdout + result.stderr
    for secret in (PASSWORD, TOKEN, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()):
        assert secret not in printed


def test_404_points_at_the_graph_store_url(store: str) -> None:
    result = run_cli("push", "--endpoint", f"{store}/query", "--graph-store", f"{store}/no-such-service")
    assert result.returncode == 4
    assert f"PUT {store}/no-such-service?graph=" in result.stderr
    assert "404 Not Found" in result.stderr and "--graph-store" in result.stderr


def test_a_store_that_does_not_answer_in_time_is_reported() -> None:
    with stub_server(lambda request, index: Reply(204, delay=3)) as (base_url, _):
        result = run_cli("push", "--endpoint", f"{base_url}/query", "--timeout", "0.5")
    assert result.returncode == 4
    assert "no answer within 0.5 s (timed out)" in result.stderr
    assert "nothing was pushed before the failure" in result.stderr


@pytest.mark.parametrize(
    ("arguments", "environment", "expected"),
    [
        (["--endpoint", "ftp://127.0.0.1/query"], {}, "--endpoint: expected an http:// or https:// URL"),
        (["--endpoint", "http://127.0.0.1:7878/sparql-endpoint"], {}, "--graph-store: cannot derive"),
        (
            ["--endpoint", f"http://{USER}:{PASSWORD}@127.0.0.1:7878/query"],
            {},
            "credentials in the URL (http://***@127.0.0.1:7878/query) are not accepted",
        ),
        (
            ["--endpoint", "http://127.0.0.1:7878/query"],
            {"IKTW_SPARQL_USER": USER},
            "IKTW_SPARQL_PASSWORD: is not set",
        ),
        (
            ["--endpoint", "http://192.0.2.7/query"],
            {"IKTW_SPARQL_TOKEN": TOKEN},
            "refusing to send the Bearer token in IKTW_SPARQL_TOKEN over unencrypted http to 192.0.2.7",
        ),
    ],
)
def test_bad_options_exit_2_before_any_request(
    arguments: list[str], environment: dict[str, str], expected: str
) -> None:
    # --dry-run: even if a check were missing, nothing could be sent anywhere.
    result = run_cli("push", *arguments, "--dry-run", environment=environment)
    assert result.returncode == 2
    assert expected in " ".join(result.stderr.split())
    assert PASSWORD not in result.stderr + result.stdout and TOKEN not in result.stderr + result.stdout
