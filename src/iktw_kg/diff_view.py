"""Show a DatasetDiff as Rich tables: a summary by class, then the entities and facts themselves.

Facts of added or removed entities are counted in the summary but not listed one by one (an
added article brings hundreds); facts added to, removed from or changed on entities present on
both sides are listed, because those are the edits a reviewer checks.
"""

from __future__ import annotations

from enum import StrEnum

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from iktw_kg.diff import DatasetDiff, short


class DiffFormat(StrEnum):
    """How `iktw-kg diff` prints: Rich tables for people, JSON (everything) for programs."""

    TEXT = "text"
    JSON = "json"


def print_diff(diff: DatasetDiff, console: Console, limit: int = 50) -> None:
    """Print the summary and the details, at most `limit` rows per list."""
    console.print(f"[bold]{escape(diff.old)}[/] → [bold]{escape(diff.new)}[/]", highlight=False)
    if diff.empty:
        console.print("[green]No differences.[/]")
        return
    _print_summary(diff, console)
    for title, subjects, colour in (
        ("Added entities", diff.added_entities, "green"),
        ("Removed entities", diff.removed_entities, "red"),
    ):
        if subjects:
            table = Table(title=f"{title} ({len(subjects)})", title_style=colour, title_justify="left")
            for column in ("class", "id", "label"):
                table.add_column(column, overflow="fold")
            for subject in subjects[:limit]:
                table.add_row(*map(escape, (diff.class_of(subject), short(subject), diff.labels.get(subject, ""))))
            _print_limited(console, table, len(subjects), limit)
    if diff.changed_facts:
        table = Table(title=f"Changed facts ({len(diff.changed_facts)})", title_style="yellow", title_justify="left")
        for column in ("class", "subject", "property", "old", "new", "graph"):
            table.add_column(column, overflow="fold")
        for change in diff.changed_facts[:limit]:
            cells = (
                diff.class_of(change.subject),
                short(change.subject),
                short(change.predicate),
                short(change.old),
                short(change.new),
                short(change.graph),
            )
            table.add_row(*map(escape, cells))
        _print_limited(console, table, len(diff.changed_facts), limit)
    kept = set(diff.changed_entities)
    for title, quads, colour in (
        ("Facts added to existing entities", diff.added_facts, "green"),
        ("Facts removed from remaining entities", diff.removed_facts, "red"),
    ):
        rows = [quad for quad in quads if str(quad.subject) in kept]
        if rows:
            table = Table(title=f"{title} ({len(rows)})", title_style=colour, title_justify="left")
            for column in ("class", "subject", "property", "object", "graph"):
                table.add_column(column, overflow="fold")
            for quad in rows[:limit]:
                subject = str(quad.subject)
                cells = (
                    diff.class_of(subject),
                    short(subject),
                    short(str(quad.predicate)),
                    short(str(quad.object)),
                    short(str(quad.graph_name)),
                )
                table.add_row(*map(escape, cells))
            _print_limited(console, table, len(rows), limit)


def _print_summary(diff: DatasetDiff, console: Console) -> None:
    table = Table(title="Changes by class")
    table.add_column("class")
    for kind in ("entities", "facts"):
        for sign in ("+", "−", "~"):
            table.add_column(f"{kind} {sign}", justify="right")
    totals = [0] * 6
    for name, row in diff.summary().items():
        counts = [row[kind][how] for kind in ("entities", "facts") for how in ("added", "removed", "changed")]
        totals = [total + count for total, count in zip(totals, counts, strict=True)]
        table.add_row(name, *(str(count) if count else "·" for count in counts))
    table.add_section()
    table.add_row("total", *(str(total) for total in totals))
    console.print(table)


def _print_limited(console: Console, table: Table, total: int, limit: int) -> None:
    console.print(table)
    if total > limit:
        console.print(f"  … and {total - limit} more (--limit to show more, --format json for all)")
