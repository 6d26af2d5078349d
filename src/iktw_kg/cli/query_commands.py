"""`query` and `describe`: the question library and entity profiles, in-process or on a remote store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from iktw_kg.cli.common import (
    EXIT_REMOTE,
    BuildOption,
    DataOption,
    console,
    errors_console,
    reports_input_errors,
    warn,
)
from iktw_kg.errors import InputError
from iktw_kg.query import QueryRun, describe, execute, list_queries
from iktw_kg.query.binding import parse_assignments
from iktw_kg.query.describe import Language
from iktw_kg.query.formats import OutputFormat, to_text
from iktw_kg.query.render import library_table, profile_view, result_table
from iktw_kg.remote import execute_remote, union_default_graph_missing
from iktw_kg.sparql_client import Credentials, RemoteError, SparqlClient, checked_url


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
    out: BuildOption = Path("out"),
) -> None:
    """Run a SPARQL query from the library (or a .rq file) on the graph, with parameters bound safely."""
    if list_library:
        console.print(library_table(list_queries()))
        return
    if query is None:
        raise InputError(Path("query"), None, "give a query name or file, or --list to see the library")
    assignments = parse_assignments(param or [])
    if endpoint is None:
        run = execute(query, assignments, data_dir=data, build_dir=out)
    else:
        run = _execute_on_endpoint(query, assignments, endpoint, data, out)
    if output_format is OutputFormat.TABLE:
        console.print(result_table(run))
    else:
        sys.stdout.write(to_text(run.result, output_format))
        sys.stdout.flush()


@reports_input_errors
def describe_command(
    name: Annotated[str, typer.Argument(help="An id (org/jetro), IRI, or any label or alias in ko, en, ja or zh.")],
    lang: Annotated[Language, typer.Option("--lang", help="Language of the names shown.")] = Language.KO,
    data: DataOption = Path("data"),
    out: BuildOption = Path("out"),
) -> None:
    """Profile one entity: class, names, every relation in and out, figures, each with article, page and quote."""
    console.print(profile_view(describe(name, data_dir=data, lang=lang, build_dir=out)))


def _execute_on_endpoint(query: str, assignments: dict[str, str], endpoint: str, data: Path, out: Path) -> QueryRun:
    """`query --endpoint`: the same query and rows, from a remote store; its failures exit 4."""
    client = SparqlClient(
        checked_url(endpoint, "--endpoint"), credentials=Credentials.from_environment(), on_retry=warn
    )
    try:
        run = execute_remote(query, assignments, client, data_dir=data, build_dir=out)
        if not run.result.rows and union_default_graph_missing(client):
            warn(
                f"{endpoint} returned no rows, and its default graph is empty while its named graphs are not: "
                "the library queries need the default graph to be the union of the named graphs (see README)"
            )
    except RemoteError as exc:
        errors_console.print(f"[bold red]error[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_REMOTE) from None
    return run
