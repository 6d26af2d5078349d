"""`iktw-kg serve`: the real Oxigraph server on 127.0.0.1, read-only by default, stopped cleanly by signals."""

from __future__ import annotations

import http.client
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sparql_servers import (
    LOOPBACK,
    ServeProcess,
    free_port,
    listening,
    oxigraph_server,
    run_cli,
    sparql_select,
    sparql_update,
    start_serve,
    triples_per_graph,
)

from iktw_kg.export import sorted_quads
from iktw_kg.pipeline import BuildResult
from iktw_kg.push import upload_plan


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    """`iktw-kg serve` with its defaults (read-only, loopback) on a free port."""
    server = start_serve(tmp_path_factory.mktemp("serve") / "store")
    yield server
    if server.process.poll() is None:
        server.stop()


def test_serve_prints_its_urls_and_serves_the_built_graph(served: ServeProcess, built: BuildResult) -> None:
    printed = "".join(served.stdout)
    quads = sorted_quads(built.dataset)
    graphs = len({quad.graph_name for quad in quads})
    assert f"loaded {len(quads):,} quads in {graphs} named graphs" in printed
    assert f"SPARQL query endpoint   http://127.0.0.1:{served.port}/query" in printed
    assert f"browser query page      http://127.0.0.1:{served.port}/" in printed
    assert "read-only" in printed and "update endpoint" not in printed
    assert triples_per_graph(served.base_url) == {u.graph: u.triple_count for u in upload_plan(quads)}
    page = http_request(served.base_url, "GET", "/")
    assert page[0] == 200 and b"yasgui" in page[1].lower()


def test_the_default_graph_is_the_union_of_the_named_graphs(served: ServeProcess) -> None:
    rows = sparql_select(
        served.base_url,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        'SELECT ?en WHERE { <https://w3id.org/iktw/id/org/jetro> skos:prefLabel ?en FILTER(LANG(?en) = "en") }',
    )
    assert rows == [{"en": "Japan External Trade Organization"}]


def test_updates_are_refused_by_the_read_only_server(served: ServeProcess) -> None:
    before = triples_per_graph(served.base_url)
    insert = 'INSERT DATA { GRAPH <https://w3id.org/iktw/graph/vocab> { <urn:x:s> <urn:x:p> "x" } }'
    assert sparql_update(served.base_url, insert) == 403
    push = run_cli("push", "--endpoint", f"{served.base_url}/query")
    assert push.returncode == 4
    assert "403 Forbidden" in push.stderr and "read-only" in push.stderr
    assert triples_per_graph(served.base_url) == before


def test_serve_on_a_busy_port_exits_2_with_a_clear_message(served: ServeProcess, tmp_path: Path) -> None:
    result = run_cli("serve", "--port", str(served.port), "--location", str(tmp_path / "other"))
    assert result.returncode == 2
    assert f"--port: 127.0.0.1:{served.port} is already in use" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "other").exists()
    assert served.process.poll() is None


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_serve_and_its_server_cleanly(signal_number: int, tmp_path: Path) -> None:
    server = start_serve(tmp_path / "store")
    assert listening(server.port)
    assert server.stop(signal_number) == 0
    assert "server stopped" in "".join(server.stdout)
    assert "Traceback" not in "".join(server.stderr)
    assert not listening(server.port)
    assert not [line for line in running_processes() if f"{LOOPBACK}:{server.port}" in line]


def test_each_start_rebuilds_the_store(tmp_path: Path, built: BuildResult) -> None:
    location = tmp_path / "store"
    with oxigraph_server(location) as stale:  # an old store holding a triple the data does not
        assert sparql_update(stale, "INSERT DATA { GRAPH <urn:x:old> { <urn:x:s> <urn:x:p> 1 } }") == 204
    server = start_serve(location)
    try:
        counts = triples_per_graph(server.base_url)
    finally:
        assert server.stop() == 0
    assert "urn:x:old" not in counts
    assert sum(counts.values()) == len(sorted_quads(built.dataset))
    assert [path.name for path in tmp_path.iterdir()] == ["store"]


def test_serve_will_not_replace_a_directory_that_is_not_a_store(tmp_path: Path) -> None:
    location = tmp_path / "notes"
    location.mkdir()
    (location / "analysis.md").write_text("my notes", encoding="utf-8")
    result = run_cli("serve", "--location", str(location), "--port", str(free_port()))
    assert result.returncode == 2
    assert "not an Oxigraph store" in result.stderr and str(location) in result.stderr
    assert (location / "analysis.md").read_text(encoding="utf-8") == "my notes"


def test_writable_serve_accepts_updates_and_prints_their_urls(tmp_path: Path) -> None:
    server = start_serve(tmp_path / "store", "--writable")
    try:
        printed = "".join(server.stdout)
        insert = 'INSERT DATA { GRAPH <urn:x:notes> { <urn:x:s> <urn:x:p> "a note" } }'
        status = sparql_update(server.base_url, insert)
        counts = triples_per_graph(server.base_url)
    finally:
        assert server.stop() == 0
    assert f"SPARQL update endpoint  http://127.0.0.1:{server.port}/update" in printed
    assert f"Graph Store Protocol    http://127.0.0.1:{server.port}/store" in printed
    assert status == 204 and counts["urn:x:notes"] == 1


def http_request(base_url: str, method: str, path: str) -> tuple[int, bytes]:
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def running_processes() -> list[str]:
    """Command lines of this machine's processes, to check that no Oxigraph server was left behind."""
    return subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout.splitlines()
