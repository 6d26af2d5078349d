"""What every command shares: the Typer app, the consoles, exit codes, options, and the
translation of input and output errors into a message and an exit code."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from iktw_kg.errors import InputError, InputErrors, OutputError
from iktw_kg.validate import Violation

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
BuildOption = Annotated[
    Path,
    typer.Option(
        "--out",
        help="Where `iktw-kg build` wrote: its cached units are loaded when current, not mapped again.",
    ),
]
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


def print_violations(violations: list[Violation]) -> None:
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


def warn(message: str) -> None:
    errors_console.print(f"[yellow]warning[/] {escape(message)}", highlight=False, soft_wrap=True)
