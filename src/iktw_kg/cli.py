"""The `iktw-kg` command line: one verb per job, each a thin layer over a Python function.

Exit codes: 0 success; 1 the data is well-formed but violates the SHACL shapes; 2 bad input
(a file, line or option that must be fixed, including an --out outside the project or through a
symbolic link); 3 an output could not be written (disk full, permissions), in which case
nothing was replaced; 4 a SPARQL store could not be reached, refused a request or failed, or
the Oxigraph server stopped on its own (the message names the URL).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from iktw_kg.atomic import write_atomic
from iktw_kg.diff import diff_quads, read_quads
from iktw_kg.diff_view import DiffFormat, print_diff
from iktw_kg.errors import InputError, InputErrors, OutputError
from iktw_kg.export import ExportFormat, serialise, sorted_quads
from iktw_kg.extract.draft import render_draft
from iktw_kg.extract.extractor import extract_issue
from iktw_kg.extract.summary import print_extraction_summary
from iktw_kg.mapping import build_dataset
from iktw_kg.output_paths import checked_output_path
from iktw_kg.pipeline import BuildResult, build, load_checked
from iktw_kg.push import CountCheck, GraphUpload, PushInterrupted, push_graphs, upload_plan, verify_counts
from iktw_kg.query import QueryRun, describe, execute, list_queries
from iktw_kg.query.binding import parse_assignments
from iktw_kg.query.describe import Language
from iktw_kg.query.formats import OutputFormat, to_text
from iktw_kg.query.render import library_table, profile_view, result_table
from iktw_kg.remote import execute_remote, union_default_graph_missing
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
from iktw_kg.validate import Violation, validate_dataset
from iktw_kg.viz_style import Lang

if TYPE_CHECKING:
    from iktw_kg.network import PolicyNetwork

app = typer.Typer(
    help="Build, validate, query and export the 산업기술 동향워치 (IKTW) knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors_console = Console(stderr=True)

EXIT_SHACL = 1
EXIT_INPUT = 2
EXIT_OUTPUT = 3
EXIT_REMOTE = 4

DataOption = Annotated[Path, typer.Option("--data", help="Directory of curated YAML and source texts.")]
OutOption = Annotated[Path, typer.Option("--out", help="Directory the build writes into.")]
LevelOption = Annotated[
    int,
    typer.Option(
        "--level",
        min=0,
        help="Technologies as stated (0) or rolled up the SKOS hierarchy to depth N (1 = top concepts).",
    ),
]

F = TypeVar("F", bound=Callable[..., Any])


def reports_input_errors(command: F) -> F:
    """Turn InputError(s) into a readable list on stderr and exit code 2; OutputError into exit 3."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputErrors as exc:
            _print_input_errors(exc.errors)
        except InputError as exc:
            _print_input_errors([exc])
        except OutputError as exc:
            errors_console.print(f"[bold red]error[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_OUTPUT) from None
        raise typer.Exit(EXIT_INPUT)

    return wrapper  # type: ignore[return-value]


def _print_input_errors(errors: list[InputError]) -> None:
    shown = errors[:50]
    for error in shown:
        errors_console.print(f"[bold red]error[/] {escape(str(error))}", markup=True, highlight=False, soft_wrap=True)
    if len(errors) > len(shown):
        errors_console.print(f"… and {len(errors) - len(shown)} more errors")
    errors_console.print(f"[red]{len(errors)} input error(s); nothing was written.[/]")


@app.command("build")
@reports_input_errors
def build_command(data: DataOption = Path("data"), out: OutOption = Path("out")) -> None:
    """Load, check, map and validate the data; write Turtle, TriG, N-Triples, N-Quads, JSON-LD and the SHACL report."""
    out = checked_output_path(out)
    with console.status("Building the graph…"):
        result = build(data, out)
    _print_build_summary(result)
    if not result.conforms:
        _print_violations(result.violations)
        errors_console.print(f"[red]SHACL validation failed; exports in {out}/ were left as they were.[/]")
        raise typer.Exit(EXIT_SHACL)


@app.command("validate")
@reports_input_errors
def validate_command(data: DataOption = Path("data")) -> None:
    """Check the data against the SHACL shapes and print each violation with its source line."""
    result = build(data, Path("out"), write=False)
    if result.conforms:
        console.print("[green]✓ The graph conforms to the SHACL shapes.[/]")
        return
    _print_violations(result.violations)
    raise typer.Exit(EXIT_SHACL)


@app.command("export")
@reports_input_errors
def export_command(
    export_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Serialisation to write.")
    ] = ExportFormat.TURTLE,
    out: Annotated[Path | None, typer.Option("--out", help="File to write; standard output if omitted.")] = None,
    data: DataOption = Path("data"),
) -> None:
    """Serialise the graph in one format, to a file (written atomically) or to standard output."""
    corpus = load_checked(data)
    content = serialise(sorted_quads(build_dataset(corpus)), export_format)
    if out is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        write_atomic(checked_output_path(out), content)
        errors_console.print(f"wrote {out} ({len(content):,} bytes)")


@app.command("stats")
@reports_input_errors
def stats_command(
    data: DataOption = Path("data"),
    network: Annotated[
        bool, typer.Option("--network", help="Also print the most central policies and technologies.")
    ] = False,
    level: LevelOption = 0,
) -> None:
    """Counts of entities per class, statements, observations, named graphs and triples."""
    result = build(data, Path("out"), write=False)
    _print_counts(result)
    if network:
        from iktw_kg.network import project_network  # networkx: loaded only when asked

        _print_central_nodes(project_network(sorted_quads(result.dataset), level, data))


@app.command("viz")
@reports_input_errors
def viz_command(
    out: Annotated[
        Path, typer.Option("--out", help="The page to write; .svg, .png, .graphml and .gexf are written beside it.")
    ] = Path("out/network.html"),
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country", help="Only policies of this country (ISO code or name: KR, CN, US, EU…); repeatable."
        ),
    ] = None,
    technology: Annotated[
        list[str] | None,
        typer.Option("--technology", help="Only policies targeting this technology or a narrower one (ko/en label)."),
    ] = None,
    level: LevelOption = 0,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the labels (the page can switch).")] = Lang.KO,
    data: DataOption = Path("data"),
) -> None:
    """Draw the policy–technology network: interactive HTML page, SVG/PNG figure, GraphML and GEXF."""
    page = checked_output_path(out)
    from iktw_kg.viz import COMPANION_SUFFIXES, visualise  # matplotlib: loaded only for this command

    for suffix in COMPANION_SUFFIXES:
        checked_output_path(out.with_suffix(suffix))
    result = visualise(data, page, country or [], technology or [], level, lang)
    graph = result.network.graph
    console.print(f"network: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges (level {level})")
    for warning in result.warnings:
        errors_console.print(f"[yellow]warning[/] {warning}", highlight=False)
    for path in result.written:
        console.print(f"  wrote {out.with_suffix(path.suffix)}", highlight=False)


def _print_central_nodes(network: PolicyNetwork, count: int = 10) -> None:
    from iktw_kg.network import NodeKind, most_central

    for kind, title in ((NodeKind.POLICY, "Most central policies"), (NodeKind.TECHNOLOGY, "Most central technologies")):
        table = Table(title=f"{title} (betweenness, then degree)")
        for column in ("rank", "id", "label (ko)", "label (en)", "betweenness", "degree", "links", "community"):
            table.add_column(
                column, justify="right" if column in ("rank", "betweenness", "degree", "links") else "left"
            )
        for rank, (node, attributes) in enumerate(most_central(network, kind, count), start=1):
            table.add_row(
                str(rank),
                node,
                attributes["label_ko"],
                attributes["label_en"],
                f"{attributes['betweenness']:.3f}",
                f"{attributes['degree']:.3f}",
                str(attributes["links"]),
                str(attributes["community"] + 1),
            )
        console.print(table)


@app.command("query")
@reports_input_errors
def query_command(
    query: Annotated[
        str | None, typer.Argument(help="A library query name (see --list) or the path of a .rq file.")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A parameter as key=value (an entity by id, IRI or name); repeatable."),
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="How to print the rows.")] = (
        OutputFormat.TABLE
    ),
    list_library: Annotated[bool, typer.Option("--list", help="List the query library with each question.")] = False,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", help="Run it on this SPARQL endpoint (query URL) instead of in-process."),
    ] = None,
    data: DataOption = Path("data"),
) -> None:
    """Run a SPARQL query from the library (or a .rq file) on the graph, with parameters bound safely."""
    if list_library:
        console.print(library_table(list_queries()))
        return
    if query is None:
        raise InputError(Path("query"), None, "give a query name or file, or --list to see the library")
    assignments = parse_assignments(param or [])
    if endpoint is None:
        run = execute(query, assignments, data_dir=data)
    else:
        run = _execute_on_endpoint(query, assignments, endpoint, data)
    if output_format is OutputFormat.TABLE:
        console.print(result_table(run))
    else:
        sys.stdout.write(to_text(run.result, output_format))
        sys.stdout.flush()


@app.command("describe")
@reports_input_errors
def describe_command(
    name: Annotated[str, typer.Argument(help="An id (org/jetro), IRI, or any label or alias in ko, en, ja or zh.")],
    lang: Annotated[Language, typer.Option("--lang", help="Language of the names shown.")] = Language.KO,
    data: DataOption = Path("data"),
) -> None:
    """Profile one entity: class, names, every relation in and out, figures, each with article, page and quote."""
    console.print(profile_view(describe(name, data_dir=data, lang=lang)))


@app.command("serve")
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
) -> None:
    """Load the graph into an Oxigraph store and serve it over SPARQL (read-only unless --writable); Ctrl-C stops."""
    address = ServerAddress(host, port)
    ensure_port_free(address)
    check_replaceable(location)
    with StopSignals() as stop:
        try:
            started = time.perf_counter()
            quads = _conforming_quads(data)
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


@app.command("push")
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
) -> None:
    """Replace every named graph in a SPARQL 1.1 store (Graph Store Protocol PUT), then check each graph's count."""
    query_url = checked_url(endpoint, "--endpoint")
    store_url = checked_url(graph_store, "--graph-store") if graph_store else graph_store_url_for(query_url)
    credentials = Credentials.from_environment()
    client = SparqlClient(query_url, store_url, credentials, timeout, on_retry=_warn)
    plan = upload_plan(_conforming_quads(data))
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


def _warn(message: str) -> None:
    errors_console.print(f"[yellow]warning[/] {escape(message)}", highlight=False, soft_wrap=True)


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


def _execute_on_endpoint(query: str, assignments: dict[str, str], endpoint: str, data: Path) -> QueryRun:
    """`query --endpoint`: the same query and rows, from a remote store; its failures exit 4."""
    client = SparqlClient(
        checked_url(endpoint, "--endpoint"), credentials=Credentials.from_environment(), on_retry=_warn
    )
    try:
        run = execute_remote(query, assignments, client, data_dir=data)
        if not run.result.rows and union_default_graph_missing(client):
            _warn(
                f"{endpoint} returned no rows, and its default graph is empty while its named graphs are not: "
                "the library queries need the default graph to be the union of the named graphs (see README)"
            )
    except RemoteError as exc:
        errors_console.print(f"[bold red]error[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_REMOTE) from None
    return run


def _conforming_quads(data: Path) -> list[ox.Quad]:
    """The sorted quads of the graph `iktw-kg build` would export; SHACL violations exit 1, as build does."""
    corpus = load_checked(data)
    dataset = build_dataset(corpus)
    outcome = validate_dataset(dataset, corpus)
    if not outcome.conforms:
        _print_violations(outcome.violations)
        errors_console.print("[red]SHACL validation failed; fix the data first: nothing was loaded or sent.[/]")
        raise typer.Exit(EXIT_SHACL)
    return sorted_quads(dataset)


@app.command("extract")
@reports_input_errors
def extract_command(
    source: Annotated[Path, typer.Argument(help="The bulletin's text as extracted from its PDF (UTF-8).")],
    out: Annotated[Path | None, typer.Option("--out", help="Draft YAML to write; standard output if omitted.")] = None,
    report: Annotated[
        Path | None,
        typer.Option("--json", help="Also write all that was extracted (mentions with offsets, figures) as JSON."),
    ] = None,
    data: DataOption = Path("data"),
) -> None:
    """Draft the curated YAML of an issue from its bulletin text: articles, citations, tables, mentions, figures."""
    out_path = None if out is None else checked_output_path(out)
    report_path = None if report is None else checked_output_path(report)
    extraction = extract_issue(source, data)
    draft = render_draft(extraction).encode("utf-8")
    print_extraction_summary(extraction, errors_console)
    if report_path is not None:
        write_atomic(report_path, (json.dumps(extraction.to_json(), ensure_ascii=False, indent=1) + "\n").encode())
        errors_console.print(f"wrote {report}")
    if out_path is None:
        sys.stdout.buffer.write(draft)
        sys.stdout.flush()
    else:
        write_atomic(out_path, draft)
        errors_console.print(f"wrote {out} ({len(draft):,} bytes)")


@app.command("diff")
@reports_input_errors
def diff_command(
    old: Annotated[Path, typer.Argument(help="The earlier graph: a built .trig/.nq file or a data directory.")],
    new: Annotated[Path, typer.Argument(help="The later graph: a built .trig/.nq file or a data directory.")],
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text: tables by class; json: every difference.")
    ] = DiffFormat.TEXT,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Rows shown per list in text output.")] = 50,
) -> None:
    """Entities and facts added, removed and changed between two graphs, grouped by class."""
    difference = diff_quads(_graph_quads(old), _graph_quads(new), str(old), str(new))
    if output_format is DiffFormat.JSON:
        sys.stdout.write(json.dumps(difference.to_json(), ensure_ascii=False, indent=1) + "\n")
        sys.stdout.flush()
    else:
        print_diff(difference, console, limit)


def _graph_quads(path: Path) -> set[ox.Quad]:
    """A built .trig/.nq file as written, or a data directory loaded, checked and mapped (without SHACL)."""
    if path.is_dir():
        return set(sorted_quads(build_dataset(load_checked(path))))
    return read_quads(path)


def _print_counts(result: BuildResult) -> None:
    table = Table(title="Instances per class", show_lines=False)
    table.add_column("class")
    table.add_column("count", justify="right")
    for name, count in sorted(result.class_counts().items(), key=lambda item: (-item[1], item[0])):
        table.add_row(name, str(count))
    console.print(table)
    corpus = result.corpus
    totals = Table(title="Totals")
    totals.add_column("what")
    totals.add_column("count", justify="right")
    totals.add_row("issues", str(len(corpus.issues)))
    totals.add_row("articles", str(len(list(corpus.articles))))
    totals.add_row("entities", str(len(corpus.entities)))
    totals.add_row("statements (relations with evidence)", str(corpus.statement_count()))
    totals.add_row("observations (figures)", str(corpus.observation_count()))
    totals.add_row("named graphs", str(result.graph_count))
    totals.add_row("triples (union)", str(result.triple_count))
    console.print(totals)


def _print_build_summary(result: BuildResult) -> None:
    _print_counts(result)
    verdict = "[green]conforms[/]" if result.conforms else f"[red]{len(result.violations)} violation(s)[/]"
    console.print(f"SHACL: {verdict}")
    for path in result.written:
        console.print(f"  wrote {path}")


def _print_violations(violations: list[Violation]) -> None:
    table = Table(title=f"SHACL violations ({len(violations)})", show_lines=True)
    for column in ("where", "focus node", "path", "message", "value", "page"):
        table.add_column(column, overflow="fold")
    for violation in violations:
        table.add_row(
            str(violation.origin or ""),
            violation.focus_label,
            violation.path,
            violation.message,
            violation.value,
            "" if violation.page is None else str(violation.page),
        )
    errors_console.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
