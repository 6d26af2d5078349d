"""`serve` and `push`: the graph in a local Oxigraph server, or in any SPARQL 1.1 store."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.markup import escape
from rich.table import Table

from iktw_kg.assemble import unit_quads
from iktw_kg.cache import CACHE_DIRECTORY, BuildCache
from iktw_kg.cli.common import (
    EXIT_REMOTE,
    EXIT_SHACL,
    BuildOption,
    DataOption,
    console,
    errors_console,
    print_violations,
    reports_input_errors,
    warn,
)
from iktw_kg.pipeline import current_units, load_checked
from iktw_kg.push import CountCheck, GraphUpload, PushInterrupted, push_graphs, upload_plan, verify_counts
from iktw_kg.sparql_client import (
    Credentials,
    HttpResponse,
    RemoteError,
    SparqlClient,
    checked_url,
    graph_store_url_for,
    is_loopback,
)
from iktw_kg.store import (
    ServeCancelled,
    ServerAddress,
    StopSignals,
    StoreError,
    check_replaceable,
    ensure_port_free,
    load_store,
    serve,
)
from iktw_kg.validate import Violation


@reports_input_errors
def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; the default serves this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port to listen on.")] = 7878,
    location: Annotated[
        Path, typer.Option("--location", help="Store directory; rebuilt from the data on every start.")
    ] = Path("out/store"),
    writable: Annotated[
        bool,
        typer.Option("--writable", help="Accept SPARQL UPDATE and Graph Store writes (kept until the next start)."),
    ] = False,
    query_timeout: Annotated[
        int, typer.Option("--query-timeout", min=1, help="Seconds after which the server abandons a query.")
    ] = 30,
    data: DataOption = Path("data"),
    out: BuildOption = Path("out"),
) -> None:
    """Load the graph into an Oxigraph store and serve it over SPARQL (read-only unless --writable); Ctrl-C stops."""
    address = ServerAddress(host, port)
    ensure_port_free(address)
    check_replaceable(location)
    with StopSignals() as stop:
        try:
            started = time.perf_counter()
            quads = _conforming_quads(data, out)
            load_store(quads, location)
            graphs = len({quad.graph_name for quad in quads})
            console.print(
                f"loaded {len(quads):,} quads in {graphs} named graphs into {location} "
                f"({time.perf_counter() - started:.1f} s)",
                highlight=False,
            )
            serve(
                location,
                address,
                writable,
                stop,
                lambda version: _print_endpoints(version, address, writable),
                query_timeout,
            )
        except ServeCancelled:
            errors_console.print("stopped before the server started; no half-built store was left behind")
            return
        except StoreError as exc:
            errors_console.print(f"[bold red]error[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_REMOTE) from None
    console.print("server stopped")


def _print_endpoints(version: str, address: ServerAddress, writable: bool) -> None:
    mode = "read-write" if writable else "read-only"
    console.print(f"{version} is serving the graph {mode} at {address.base_url}", highlight=False)
    console.print(f"  SPARQL query endpoint   {address.query_url}", highlight=False)
    console.print(f"  browser query page      {address.page_url}", highlight=False)
    if writable:
        console.print(f"  SPARQL update endpoint  {address.update_url}", highlight=False)
        console.print(f"  Graph Store Protocol    {address.graph_store_url}", highlight=False)
    console.print("The default graph is the union of the named graphs. Stop with Ctrl-C.", highlight=False)
    if not is_loopback(address.connect_host):
        errors_console.print(
            f"[yellow]warning[/] listening on {address.host}: anyone who can reach this machine can "
            f"{'change' if writable else 'query'} the graph",
            highlight=False,
        )


@reports_input_errors
def push_command(
    endpoint: Annotated[
        str, typer.Option("--endpoint", help="The store's SPARQL query URL, e.g. http://127.0.0.1:7878/query.")
    ],
    graph_store: Annotated[
        str | None,
        typer.Option("--graph-store", help="Graph Store Protocol URL; default: the endpoint's …/query → …/store."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the graphs and triple counts that would be sent; send nothing.")
    ] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for each answer.")] = 60.0,
    data: DataOption = Path("data"),
    out: BuildOption = Path("out"),
) -> None:
    """Replace every named graph in a SPARQL 1.1 store (Graph Store Protocol PUT), then check each graph's count."""
    query_url = checked_url(endpoint, "--endpoint")
    store_url = checked_url(graph_store, "--graph-store") if graph_store else graph_store_url_for(query_url)
    credentials = Credentials.from_environment()
    client = SparqlClient(query_url, store_url, credentials, timeout, on_retry=warn)
    plan = upload_plan(_conforming_quads(data, out))
    total = sum(upload.triple_count for upload in plan)
    if dry_run:
        console.print(_upload_table(plan))
        console.print(
            f"dry run: would PUT {len(plan)} named graphs ({total:,} triples) to {store_url}?graph=… and count them "
            f"via {query_url}, with {credentials.kind}; nothing was sent",
            highlight=False,
        )
        return
    console.print(f"pushing {len(plan)} named graphs ({total:,} triples) to {store_url}", highlight=False)
    try:
        push_graphs(client, plan, _pushed_line_printer(plan))
        checks = verify_counts(client, plan)
    except PushInterrupted as exc:
        _print_interrupted_push(exc)
        raise typer.Exit(EXIT_REMOTE) from None
    except RemoteError as exc:
        errors_console.print(f"[bold red]error[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        errors_console.print(f"all {len(plan)} graphs were pushed, but their triples could not be counted")
        raise typer.Exit(EXIT_REMOTE) from None
    console.print(_count_table(checks))
    wrong = [check for check in checks if not check.matches]
    if wrong:
        errors_console.print(
            f"[bold red]error[/] {len(wrong)} graph(s) in the store do not hold the triples of the local build",
            highlight=False,
        )
        raise typer.Exit(EXIT_REMOTE)
    console.print(f"pushed and verified {len(plan)} named graphs, {total:,} triples", highlight=False)


def _pushed_line_printer(plan: list[GraphUpload]) -> Callable[[GraphUpload, HttpResponse], None]:
    """Prints one aligned line per graph as soon as the store has accepted it."""
    width = max((len(upload.graph) for upload in plan), default=0)

    def print_pushed(upload: GraphUpload, response: HttpResponse) -> None:
        console.print(
            f"  PUT {upload.graph:<{width}}  {upload.triple_count:>7,} triples  {response.status} {response.reason}",
            highlight=False,
            soft_wrap=True,
        )

    return print_pushed


def _print_interrupted_push(interrupted: PushInterrupted) -> None:
    errors_console.print(f"[bold red]error[/] {escape(str(interrupted.error))}", highlight=False, soft_wrap=True)
    if interrupted.pushed:
        errors_console.print(f"pushed before the failure ({len(interrupted.pushed)}):", highlight=False)
    else:
        errors_console.print("nothing was pushed before the failure", highlight=False)
    for graph in interrupted.pushed:
        errors_console.print(f"  {graph}", highlight=False)
    errors_console.print(f"not pushed ({len(interrupted.remaining)}):", highlight=False)
    for graph in interrupted.remaining:
        errors_console.print(f"  {graph}", highlight=False)
    errors_console.print(
        "Run the same command again to complete the push: each PUT replaces its graph, so nothing is duplicated.",
        highlight=False,
    )


def _upload_table(plan: list[GraphUpload]) -> Table:
    table = Table(title="Named graphs to push")
    table.add_column("graph")
    table.add_column("triples", justify="right")
    table.add_column("bytes (N-Triples)", justify="right")
    for upload in plan:
        table.add_row(upload.graph, f"{upload.triple_count:,}", f"{len(upload.content):,}")
    return table


def _count_table(checks: list[CountCheck]) -> Table:
    table = Table(title="Triples per named graph: local build vs store (SELECT COUNT)")
    for column, justify in (("graph", "left"), ("local", "right"), ("store", "right"), ("", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for check in checks:
        table.add_row(
            check.graph, f"{check.local:,}", f"{check.remote:,}", "[green]✓[/]" if check.matches else "[red]✗[/]"
        )
    return table


def _conforming_quads(data: Path, out: Path) -> list[ox.Quad]:
    """The sorted quads of the graph `iktw-kg build` would export, from the units it cached in
    `out` (any unit not cached there is built and validated here, as build would); SHACL
    violations exit 1, as build does."""
    cache = BuildCache(out / CACHE_DIRECTORY)
    units = current_units(load_checked(data, cache=cache), cache)
    if not all(unit.conforms for unit in units):
        print_violations(sorted((v for unit in units for v in unit.violations), key=Violation.sort_key))
        errors_console.print("[red]SHACL validation failed; fix the data first: nothing was loaded or sent.[/]")
        raise typer.Exit(EXIT_SHACL)
    return unit_quads(units)
