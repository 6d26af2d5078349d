"""A readable summary of an extraction: the articles found, the counts, and every warning.

Printed to standard error by `iktw-kg extract`, so the draft on standard output stays pure YAML.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from iktw_kg.extract.extractor import Extraction


def print_extraction_summary(extraction: Extraction, console: Console) -> None:
    table = Table(title=escape(f"{extraction.bulletin_name} {extraction.year}년 {extraction.number}호: articles"))
    for column in ("no", "section", "pages", "title", "source", "country", "date", "reports"):
        table.add_column(column, overflow="fold", no_wrap=column in ("no", "pages", "date", "reports"))
    for article in extraction.articles:
        organisations = zip(article.organisation_ids, article.organisations, strict=True)
        cells = (
            str(article.number),
            extraction.section_names.get(article.section_key or "", "?"),
            "-".join(str(page) for page in article.pages),
            article.title,
            ", ".join(resolved or f"? {name}" for resolved, name in organisations),
            article.country_id or f"? {article.country_marker}",
            article.date or "?",
            str(len(article.reports)),
        )
        table.add_row(*map(escape, cells))
    console.print(table)
    entities = {i for mention in extraction.mentions for i in mention.entity_ids}
    console.print(
        f"{len(extraction.reports)} cited reports · {len(extraction.tables)} tables · "
        f"{len(extraction.mentions)} mentions of {len(entities)} entities · {len(extraction.figures)} figures · "
        f"{len(extraction.bare_numbers)} numbers without a unit · {len(extraction.repairs)} PDF artefacts restored",
        highlight=False,
    )
    for warning in extraction.warnings:
        console.print(f"[yellow]warning[/] {escape(str(warning))}", highlight=False, soft_wrap=True)
