"""Real servers on 127.0.0.1 for the serve/push/remote-query tests: Oxigraph, `iktw-kg serve`, and tiny stubs.

Nothing here listens on or connects to anything but loopback. The stubs are real HTTP
servers (http.server) that answer the way a misbehaving store would: 401, 503, a dropped
connection, a slow answer, so that each failure path runs over a real socket.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from iktw_kg.resources import PROJECT_ROOT
from iktw_kg.store import oxigraph_program

LOOPBACK = "127.0.0.1"
CLI_ENVIRONMENT = {"COLUMNS": "250", "PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1"}


def free_port() -> int:
    """A port nothing listens on right now (the kernel's choice for an ephemeral bind)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), timeout=0.5):
        return True
    return False


def wait_until_listening(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if listening(port):
            return
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening on {port}")
        time.sleep(0.05)
    raise TimeoutError(f"nothing listened on {LOOPBACK}:{port} within {timeout} s")


@contextlib.contextmanager
def oxigraph_server(location: Path, *, union_default_graph: bool = False) -> Iterator[str]:
    """A writable `oxigraph serve` on a free loopback port; yields its base URL and stops it afterwards."""
    port = free_port()
    command = [str(oxigraph_program()), "serve", "--location", str(location), "--bind", f"{LOOPBACK}:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_listening(port, process)
        yield f"http://{LOOPBACK}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def run_cli(*arguments: str, environment: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`iktw-kg …` in a fresh interpreter, as a user runs it; the output is captured."""
    return subprocess.run(
        [sys.executable, "-m", "iktw_kg.cli", *arguments],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**CLI_ENVIRONMENT, **(environment or {})},
        timeout=180,
    )


@dataclass
class ServeProcess:
    """A running `iktw-kg serve` and what it has printed so far."""

    process: subprocess.Popen[str]
    port: int
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def stop(self, signal_number: int = signal.SIGTERM) -> int:
        """Send the signal and wait for the command to exit; its exit code."""
        self.process.send_signal(signal_number)
        return self.process.wait(timeout=30)


def start_serve(location: Path, *options: str, port: int | None = None) -> ServeProcess:
    """Start `iktw-kg serve` and wait until it prints that it is serving (or exits)."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "iktw_kg.cli", "serve", "--port", str(port), "--location", str(location), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
        env=CLI_ENVIRONMENT,
    )
    served = ServeProcess(process, port)
    for stream, lines in ((process.stdout, served.stdout), (process.stderr, served.stderr)):
        threading.Thread(target=lambda s=stream, kept=lines: kept.extend(iter(s.readline, "")), daemon=True).start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any("Stop with Ctrl-C" in line for line in served.stdout):
            return served
        time.sleep(0.05)
    if process.poll() is None:
        process.kill()
    raise RuntimeError(f"iktw-kg serve did not start: {''.join(served.stdout)}{''.join(served.stderr)}")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Reply:
    """What a stub answers: a status, headers and body; `drop` closes the connection without a word."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    drop: bool = False
    delay: float = 0.0


Responder = Callable[[Request, int], Reply]
"""Given the request and how many requests came before it, the reply."""


@contextlib.contextmanager
def stub_server(responder: Responder) -> Iterator[tuple[str, list[Request]]]:
    """A real HTTP server on a free loopback port answering with `responder`; yields its base URL and the requests."""
    received: list[Request] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def handle_one_request(self) -> None:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline or not self.parse_request():
                self.close_connection = True
                return
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(self.command, self.path, dict(self.headers.items()), self.rfile.read(length))
            with lock:
                index = len(received)
                received.append(request)
            reply = responder(request, index)
            time.sleep(reply.delay)
            self.close_connection = True
            if reply.drop:
                return
            self.send_response(reply.status)
            for name, value in {"Content-Length": str(len(reply.body)), **reply.headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the tests assert on what the client prints, not on the stub's log."""

    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def forward(base_url: str, request: Request) -> Reply:
    """Pass a request on to a real server (a loopback Oxigraph) and return its answer unchanged."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or LOOPBACK, parts.port, timeout=30)
    try:
        headers = {name: value for name, value in request.headers.items() if name.lower() not in ("host", "connection")}
        connection.request(request.method, request.path, body=request.body, headers=headers)
        answer = connection.getresponse()
        content_type = answer.getheader("Content-Type")
        return Reply(answer.status, {"Content-Type": content_type} if content_type else {}, answer.read())
    finally:
        connection.close()


def sparql_select(base_url: str, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT sent straight to Oxigraph's /query (no iktw-kg code involved), values as text."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or LOOPBACK, parts.port, timeout=30)
    try:
        connection.request(
            "POST",
            "/query",
            body=query.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
        answer = connection.getresponse()
        assert answer.status == 200, answer.read()
        bindings = json.loads(answer.read())["results"]["bindings"]
    finally:
        connection.close()
    return [{name: term["value"] for name, term in row.items()} for row in bindings]


def triples_per_graph(base_url: str) -> dict[str, int]:
    """Each named graph in the store and its number of triples."""
    rows = sparql_select(base_url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows}


def sparql_update(base_url: str, update: str) -> int:
    """Send a SPARQL UPDATE straight to the server's /update; the HTTP status."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or LOOPBACK, parts.port, timeout=30)
    try:
        connection.request(
            "POST", "/update", body=update.encode("utf-8"), headers={"Content-Type": "application/sparql-update"}
        )
        return connection.getresponse().status
    finally:
        connection.close()
