"""Rich tables for people: query results, the query library, and entity profiles.

Rich measures East Asian wide characters as two cells, so Korean, Japanese and Chinese
labels line up. Numbers are right-aligned with thousands separators; long text folds.
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group
from rich.table import Table
from rich.text import Text

from iktw_kg.query.api import QueryRun
from iktw_kg.query.describe import EntityProfile, Fact
from iktw_kg.query.formats import cell_text
from iktw_kg.query.library import QueryDefinition
from iktw_kg.query.results import Value


def display_text(value: Value) -> str:
    """A cell for a person: 4200000 → 4,200,000, 68.5 stays 68.5."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return f"{value:,}"
    return cell_text(value)


def result_table(run: QueryRun) -> Table:
    """One query result, titled with its question and captioned with its parameters and row count."""
    definition, result = run.definition, run.result
    title = f"{definition.name}: {definition.question_ko}" if definition.question_ko else definition.name
    bound = ", ".join(f"{name} = {cell_text(value)}" for name, value in run.parameters.items())
    caption = f"{len(result.rows)} row(s)" + (f" · {bound}" if bound else "")
    table = Table(title=Text(title), caption=Text(caption), title_justify="left", caption_justify="left")
    for column in result.columns:
        numeric = any(isinstance(row[column], int | Decimal) for row in result.rows)
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for row in result.rows:
        table.add_row(*(Text(display_text(row[column])) for column in result.columns))
    return table


def library_table(definitions: list[QueryDefinition]) -> Table:
    """`iktw-kg query --list`: each query's name, question and parameters."""
    table = Table(title="Query library (queries/*.rq)", title_justify="left", show_lines=True)
    table.add_column("name", no_wrap=True)
    table.add_column("question", overflow="fold")
    table.add_column("parameters", overflow="fold")
    for definition in definitions:
        question = Text(definition.question_ko)
        question.append(f"\n{definition.question_en}", style="dim")
        parameters = "\n".join(parameter.signature() for parameter in definition.parameters) or "none"
        table.add_row(definition.name, question, Text(parameters))
    return table


def profile_view(profile: EntityProfile) -> Group:
    """`iktw-kg describe`: names, then relations out and in, then figures, each with article, page and quote."""
    heading = Text(profile.name, style="bold")
    heading.append(f"  {profile.entity}  ", style="cyan")
    heading.append(", ".join(cls.removeprefix("iktw:") for cls in profile.classes), style="magenta")
    parts: list[Text | Table] = [heading, _labels_table(profile)]
    if profile.outgoing:
        parts.append(_relations_table("Relations out (this → other)", profile.outgoing))
    if profile.incoming:
        parts.append(_relations_table("Relations in (other → this)", profile.incoming))
    if profile.figures:
        parts.append(_figures_table(profile.figures))
    if not (profile.outgoing or profile.incoming or profile.figures):
        parts.append(Text("The graph states no relation or figure about this entity, only its names."))
    return Group(*parts)


def _labels_table(profile: EntityProfile) -> Table:
    table = Table(title="Names", title_justify="left")
    table.add_column("language")
    table.add_column("kind")
    table.add_column("name", overflow="fold")
    for label in profile.labels:
        table.add_row(label.language or "—", "preferred" if label.preferred else "alias", Text(label.text))
    return table


def _relations_table(title: str, facts: tuple[Fact, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("relation", "other", "article", "page", "quote"):
        table.add_column(column, overflow="fold", justify="right" if column == "page" else "left")
    for fact in facts:
        other = Text(fact.other_label or "")
        if fact.other:
            other.append(f"\n{fact.other}", style="dim")
        else:
            other = Text(display_text(fact.value))
        table.add_row(
            Text(fact.relation_label),
            other,
            Text(fact.article or fact.graph),
            "" if fact.page is None else str(fact.page),
            Text(fact.quote or ""),
        )
    return table


def _figures_table(facts: tuple[Fact, ...]) -> Table:
    table = Table(title="Figures", title_justify="left")
    for column in ("indicator", "value", "unit", "period", "forecast", "article", "page", "quote"):
        table.add_column(column, overflow="fold", justify="right" if column in ("value", "page") else "left")
    for fact in facts:
        value = display_text(fact.value)
        if fact.comparator and fact.comparator != "exact":
            value = f"{value} ({fact.comparator})"
        table.add_row(
            Text(fact.relation_label),
            value,
            Text(fact.unit_label or ""),
            fact.period or "",
            "yes" if fact.forecast else "",
            Text(fact.article or ""),
            "" if fact.page is None else str(fact.page),
            Text(fact.quote or ""),
        )
    return table
