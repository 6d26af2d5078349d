"""`build`, `validate`, `export` and `stats`: the graph from the curated data, and its counts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from iktw_kg.atomic import write_atomic
from iktw_kg.cli.common import (
    EXIT_SHACL,
    DataOption,
    LevelOption,
    OutOption,
    console,
    errors_console,
    print_violations,
    reports_input_errors,
)
from iktw_kg.export import ExportFormat, serialise, sorted_quads
from iktw_kg.mapping import build_dataset
from iktw_kg.output_paths import checked_output_path
from iktw_kg.pipeline import BuildResult, build, load_checked

if TYPE_CHECKING:
    from iktw_kg.network import PolicyNetwork


@reports_input_errors
def build_command(data: DataOption = Path("data"), out: OutOption = Path("out")) -> None:
    """Load, check, map and validate the data; write Turtle, TriG, N-Triples, N-Quads, JSON-LD and the SHACL report."""
    out = checked_output_path(out)
    with console.status("Building the graph…"):
        result = build(data, out)
    _print_build_summary(result)
    if not result.conforms:
        print_violations(result.violations)
        errors_console.print(f"[red]SHACL validation failed; exports in {out}/ were left as they were.[/]")
        raise typer.Exit(EXIT_SHACL)


@reports_input_errors
def validate_command(data: DataOption = Path("data")) -> None:
    """Check the data against the SHACL shapes and print each violation with its source line."""
    result = build(data, Path("out"), write=False)
    if result.conforms:
        console.print("[green]✓ The graph conforms to the SHACL shapes.[/]")
        return
    print_violations(result.violations)
    raise typer.Exit(EXIT_SHACL)


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
