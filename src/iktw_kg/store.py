"""`iktw-kg serve`: the built graph in a real Oxigraph store, behind the real Oxigraph SPARQL server.

The server is the `oxigraph` program from the `oxigraph` PyPI package, run as a child
process; this module prepares its store directory, starts it, waits until it accepts
connections and stops it cleanly.

The store is rebuilt on every start, from the current data, into a fresh directory that is
then renamed into place: the served graph is always the one `iktw-kg build` would export,
and a start that fails half-way leaves the previous store whole. The store directory is
therefore a disposable cache. With --writable, updates sent to the server live until the
next start; data that must last belongs in a store of its own, filled with `iktw-kg push`.

The server's default graph is the union of the named graphs (Oxigraph's
--union-default-graph), as in the in-process store behind `iktw-kg query`, so every library
query gives the same rows here as locally.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import socket
import subprocess
import sysconfig
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pyoxigraph as ox

from iktw_kg.errors import InputError

READY_TIMEOUT = 30.0
STOP_GRACE = 10.0
POLL_INTERVAL = 0.05
OUTPUT_LINES_KEPT = 20
ROCKSDB_MARKER = "CURRENT"
"""A file every Oxigraph (RocksDB) store directory has: what serve may replace."""


class StoreError(Exception):
    """The Oxigraph program failed: loading the store, or the server stopped on its own."""


class ServeCancelled(BaseException):
    """SIGINT or SIGTERM arrived before the server was up; whatever was half-built has been removed.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` in a library swallows it.
    """


@dataclass(frozen=True)
class ServerAddress:
    """Where the server listens, and the URLs of its endpoints (Oxigraph's layout)."""

    host: str
    port: int

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def bind(self) -> str:
        return self.base_url.removeprefix("http://")

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def graph_store_url(self) -> str:
        return f"{self.base_url}/store"

    @property
    def page_url(self) -> str:
        return f"{self.base_url}/"

    @property
    def connect_host(self) -> str:
        """Where to connect to reach the server: the wildcard addresses listen on loopback too."""
        return {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)


def oxigraph_program() -> Path:
    """The `oxigraph` program installed with this Python (beside its scripts), else the one on PATH."""
    beside_python = Path(sysconfig.get_path("scripts")) / "oxigraph"
    if beside_python.is_file():
        return beside_python
    on_path = shutil.which("oxigraph")
    if on_path is None:
        raise InputError(
            Path("oxigraph"), None, "the Oxigraph server program is not installed; run `pip install oxigraph`"
        )
    return Path(on_path)


def ensure_port_free(address: ServerAddress) -> None:
    """InputError naming --port if something already listens there (or --host if it is not this machine's)."""
    try:
        candidates = socket.getaddrinfo(address.host, address.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(Path("--host"), None, f"cannot resolve {address.host!r}: {exc.strerror}") from None
    for family, kind, protocol, _, socket_address in candidates:
        with socket.socket(family, kind, protocol) as probe:
            # As the server itself does: a port left in TIME_WAIT by a previous run is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(socket_address)
            except OSError as exc:
                raise port_error(address, exc.errno) from None


def port_error(address: ServerAddress, error_number: int | None) -> InputError:
    if error_number == errno.EADDRINUSE:
        return InputError(
            Path("--port"),
            None,
            f"{address.bind} is already in use: another server listens there; stop it or choose another --port",
        )
    return InputError(Path("--host"), None, f"cannot listen on {address.bind}: {os.strerror(error_number or 0)}")


def check_replaceable(location: Path) -> None:
    """Refuse a --location that holds anything but an Oxigraph store: serve replaces it wholesale."""
    if location.is_symlink() or (location.exists() and not location.is_dir()):
        raise InputError(location, None, "--location must be a directory (not a file or a symbolic link)")
    if location.is_dir() and any(location.iterdir()) and not (location / ROCKSDB_MARKER).is_file():
        raise InputError(
            location,
            None,
            "--location holds files that are not an Oxigraph store; serve rebuilds the store on every start "
            "and replaces the directory, so give an empty or new directory",
        )


def load_store(quads: list[ox.Quad], location: Path) -> None:
    """Bulk-load the quads (named graphs kept) into a fresh store directory and rename it into `location`."""
    check_replaceable(location)
    location.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{location.name}.loading-", dir=location.parent))
    try:
        loaded = subprocess.run(
            [str(oxigraph_program()), "load", "--location", str(fresh), "--format", "nq"],
            input=ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
            capture_output=True,
            check=False,
        )
        if loaded.returncode != 0:
            raise StoreError(f"`oxigraph load` into {fresh} failed: {first_error_line(loaded.stderr)}")
        swap_in(fresh, location)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def swap_in(fresh: Path, location: Path) -> None:
    """Put the fresh store at `location`; the old one is renamed aside first and removed after."""
    if not location.exists():
        os.rename(fresh, location)
        return
    retired = fresh.with_name(fresh.name.replace(".loading-", ".retired-"))
    os.rename(location, retired)
    os.rename(fresh, location)
    shutil.rmtree(retired, ignore_errors=True)


def first_error_line(output: bytes) -> str:
    """The message of an `oxigraph` failure without the Rust backtrace that follows it."""
    lines = [line.strip() for line in output.decode("utf-8", errors="replace").splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error")]
    return (errors or lines or ["no message"])[0]


def server_command(location: Path, address: ServerAddress, writable: bool, query_timeout: int) -> list[str]:
    """The Oxigraph command line; --timeout-s cuts off a runaway query so it cannot hold a core forever."""
    mode = "serve" if writable else "serve-read-only"
    return [
        str(oxigraph_program()),
        mode,
        "--location",
        str(location),
        "--bind",
        address.bind,
        "--union-default-graph",
        "--timeout-s",
        str(query_timeout),
    ]


class StopSignals:
    """While serving, SIGINT (Ctrl-C) and SIGTERM stop the server: passed on as SIGTERM, then waited for.

    Before the server has started, the signal cancels the load instead (ServeCancelled),
    so a half-built store directory is removed rather than left behind.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.requested_at: float | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        for number in (signal.SIGINT, signal.SIGTERM):
            self._previous[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]

    def _handle(self, signal_number: int, frame: FrameType | None) -> None:
        if self.requested_at is None:
            self.requested_at = time.monotonic()
        if self.process is None:
            raise ServeCancelled(signal.Signals(signal_number).name)
        if self.process.poll() is None:
            self.process.terminate()


def serve(
    location: Path,
    address: ServerAddress,
    writable: bool,
    stop: StopSignals,
    on_ready: Callable[[str], None],
    query_timeout: int = 30,
) -> None:
    """Run the Oxigraph server on the store until a stop signal; `on_ready` gets its version once it listens.

    Returns normally when stopped by SIGINT/SIGTERM; InputError if the port was taken in the
    meantime; StoreError if the server fails to start or stops on its own.
    """
    version = subprocess.run([str(oxigraph_program()), "--version"], capture_output=True, text=True, check=False)
    process = subprocess.Popen(
        server_command(location, address, writable, query_timeout), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    stop.process = process
    output: deque[bytes] = deque(maxlen=OUTPUT_LINES_KEPT)
    reader = threading.Thread(target=keep_output, args=(process, output), daemon=True)
    reader.start()
    try:
        listening = wait_until_listening(process, address, stop)
        if stop.requested_at is not None:
            return
        if not listening:
            reader.join(timeout=1.0)
            raise startup_error(address, process, b"".join(output))
        on_ready(version.stdout.strip())
        returncode = wait_for_exit(process, stop)
    finally:
        end_process(process)
        reader.join(timeout=1.0)
    if stop.requested_at is None:
        raise StoreError(
            f"the Oxigraph server stopped on its own (exit code {returncode}): {first_error_line(b''.join(output))}"
        )


def keep_output(process: subprocess.Popen[bytes], output: deque[bytes]) -> None:
    """Drain the server's output (so it never blocks on a full pipe), keeping the last lines for error messages."""
    assert process.stdout is not None
    output.extend(iter(process.stdout.readline, b""))


def end_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM a server still running, give it STOP_GRACE seconds, then kill it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_listening(process: subprocess.Popen[bytes], address: ServerAddress, stop: StopSignals) -> bool:
    """Poll the port until the server accepts a connection; False if it exits first or never does."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None and stop.requested_at is None:
        with contextlib.suppress(OSError), socket.create_connection((address.connect_host, address.port), timeout=1):
            return True
        time.sleep(POLL_INTERVAL)
    return False


def startup_error(address: ServerAddress, process: subprocess.Popen[bytes], output: bytes) -> Exception:
    if process.poll() is None:
        return StoreError(f"the Oxigraph server did not accept connections on {address.bind} within {READY_TIMEOUT} s")
    if b"Address already in use" in output:
        return port_error(address, errno.EADDRINUSE)
    return StoreError(f"the Oxigraph server did not start: {first_error_line(output)}")


def wait_for_exit(process: subprocess.Popen[bytes], stop: StopSignals) -> int:
    """Wait for the server to end; one that ignores SIGTERM is killed STOP_GRACE seconds after the signal."""
    while True:
        try:
            return process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            if stop.requested_at is not None and time.monotonic() - stop.requested_at > STOP_GRACE:
                process.kill()
