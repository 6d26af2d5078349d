"""The `iktw-kg` command line: one verb per job, each a thin layer over a Python function.

Exit codes: 0 success; 1 the data is well-formed but violates the SHACL shapes; 2 bad input
(a file, line or option that must be fixed, including an --out outside the project or through a
symbolic link); 3 an output could not be written (disk full, permissions), in which case
nothing was replaced.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from iktw_kg.atomic import write_atomic
from iktw_kg.errors import InputError, InputErrors, OutputError
from iktw_kg.export import ExportFormat, serialise, sorted_quads
from iktw_kg.mapping import build_dataset
from iktw_kg.output_paths import checked_output_path
from iktw_kg.pipeline import BuildResult, build, load_checked
from iktw_kg.validate import ValidationOutcome, validate_dataset

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

DataOption = Annotated[Path, typer.Option("--data", help="Directory of curated YAML and source texts.")]
OutOption = Annotated[Path, typer.Option("--out", help="Directory the build writes into.")]

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
        errors_console.print(f"[bold red]error[/] {error}", markup=True, highlight=False, soft_wrap=True)
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
    if not result.validation.conforms:
        _print_violations(result.validation)
        errors_console.print(f"[red]SHACL validation failed; exports in {out}/ were left as they were.[/]")
        raise typer.Exit(EXIT_SHACL)


@app.command("validate")
@reports_input_errors
def validate_command(data: DataOption = Path("data")) -> None:
    """Check the data against the SHACL shapes and print each violation with its source line."""
    corpus = load_checked(data)
    outcome = validate_dataset(build_dataset(corpus), corpus)
    if outcome.conforms:
        console.print("[green]✓ The graph conforms to the SHACL shapes.[/]")
        return
    _print_violations(outcome)
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
def stats_command(data: DataOption = Path("data")) -> None:
    """Counts of entities per class, statements, observations, named graphs and triples."""
    corpus = load_checked(data)
    dataset = build_dataset(corpus)
    result = BuildResult(corpus, dataset, ValidationOutcome(True, [], dataset.graph()))
    _print_counts(result)


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
    verdict = (
        "[green]conforms[/]"
        if result.validation.conforms
        else f"[red]{len(result.validation.violations)} violation(s)[/]"
    )
    console.print(f"SHACL: {verdict}")
    for path in result.written:
        console.print(f"  wrote {path}")


def _print_violations(outcome: ValidationOutcome) -> None:
    table = Table(title=f"SHACL violations ({len(outcome.violations)})", show_lines=True)
    for column in ("where", "focus node", "path", "message", "value", "page"):
        table.add_column(column, overflow="fold")
    for violation in outcome.violations:
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
