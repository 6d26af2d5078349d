"""`iktw-kg serve` under load, on loopback only: bounded in count and time, stops by itself.

2,000 library queries from 16 concurrent clients must all succeed (p50 and p99 printed);
a query that runs too long is cut off by the server's timeout; an UPDATE is refused; the
server listens on 127.0.0.1 and nowhere else.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sparql_servers import LOOPBACK, ServeProcess, start_serve

from iktw_kg.query import list_queries
from iktw_kg.remote import remote_text

CLIENTS = 16
REQUESTS = 2_000
DEADLINE_SECONDS = 300
QUERY_TIMEOUT = 2
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""About 10^12 solutions to count: hours of work without the server's timeout."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    server = start_serve(tmp_path_factory.mktemp("load") / "store", "--query-timeout", str(QUERY_TIMEOUT))
    yield server
    if server.process.poll() is None:
        server.stop()


def post(port: int, path: str, body: str, content_type: str, timeout: float = 30) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request(
            "POST",
            path,
            body=body.encode("utf-8"),
            headers={"Content-Type": content_type, "Accept": "application/sparql-results+json"},
        )
        response = connection.getresponse()
        return response.status, response.read(), time.perf_counter() - started
    finally:
        connection.close()


def test_two_thousand_queries_from_sixteen_clients_all_succeed(served: ServeProcess):
    queries = [remote_text(d, {}) for d in list_queries() if not any(p.required for p in d.parameters)]
    assert len(queries) >= 10
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + DEADLINE_SECONDS

    def client(number: int) -> None:
        for index in range(number, REQUESTS, CLIENTS):
            if time.monotonic() > deadline:
                with lock:
                    failures.append("deadline passed")
                return
            try:
                status, _, seconds = post(
                    served.port, "/query", queries[index % len(queries)], "application/sparql-query"
                )
            except OSError as exc:
                status, seconds = 0, 0.0
                with lock:
                    failures.append(repr(exc))
            with lock:
                latencies.append(seconds)
                if status != 200:
                    failures.append(f"HTTP {status}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE_SECONDS)
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
    print(f"\n{len(latencies)} queries, {CLIENTS} clients, {elapsed:.1f} s: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    assert not failures, failures[:5]
    assert len(latencies) == REQUESTS


def test_a_runaway_query_is_cut_off_by_the_timeout(served: ServeProcess):
    """Oxigraph streams results, so the status line is already sent; the cut-off shows in the body."""
    _, body, seconds = post(served.port, "/query", RUNAWAY, "application/sparql-query", timeout=60)
    assert b"cancelled" in body, body[:300]
    assert seconds < 30


def test_an_update_is_refused(served: ServeProcess):
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    status, _, _ = post(served.port, "/update", update, "application/sparql-update")
    assert status >= 400
    asked, body, _ = post(served.port, "/query", "ASK { <urn:x> <urn:y> <urn:z> }", "application/sparql-query")
    assert asked == 200 and b"false" in body


def test_the_server_listens_on_loopback_only(served: ServeProcess):
    """Read the kernel's table of listening sockets: the port is bound to 127.0.0.1 alone."""
    port = f"{served.port:04X}"
    bound = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and local.endswith(f":{port}"):
                bound.append(local.split(":")[0])
    assert bound == ["0100007F"], bound
