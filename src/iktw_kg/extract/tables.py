"""The bulletin's titled tables (`▘title▗`): header, row labels and cells, flattened to lines.

A table printed as text comes out as its title, a header line (`구분 주요 내용`, or
`구분 ’18년 ’19년 …` for a table of numbers), then each row: a label (wrapped over short
lines) followed by `∙` items, or `label ∙ item` on one line, or `label n n n …`. A table
printed as an image leaves only its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iktw_kg.extract.layout import Line, Unit
from iktw_kg.extract.periods import find_periods

TITLE = re.compile(r"▘\s*(?P<title>[^▘▗]*?)\s*▗")
NUMBER_CELL = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")


@dataclass
class TableRow:
    """One row: its label and either text cells (units) or numbers (one per header column)."""

    label: str
    line: int
    cells: list[Unit] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    number_line: Line | None = None


@dataclass
class Table:
    """A titled table; `header` is None when the table was printed as an image."""

    title: str
    line: int
    offset: int
    end: int
    """Clean offsets of the printed title, ▘ and ▗ included."""
    header: list[str] | None = None
    column_periods: list[str] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)


def tables_in_title_line(line: Line) -> list[Table]:
    """One line can hold several titles of image tables printed side by side."""
    return [
        Table(match["title"], line.number, line.start + match.start(), line.start + match.end())
        for match in TITLE.finditer(line.text)
    ]


def read_header(table: Table, line: Line, issue_year: int) -> None:
    """`구분 주요 내용` names a label column and a text column; `구분 ’18년 ’19년 …` names year columns."""
    tokens = line.text.split()
    rest = " ".join(tokens[1:])
    periods = find_periods(rest, issue_year)
    covered = sum(span.end - span.start for span in periods)
    if periods and covered >= len(rest.replace(" ", "")) - len(periods):
        table.header = [tokens[0], *(rest[span.start : span.end] for span in periods)]
        table.column_periods = [span.period for span in periods]
    else:
        table.header = [tokens[0], rest] if rest else [tokens[0]]


def numeric_row(table: Table, line: Line) -> TableRow | None:
    """`양극재(톤) 413,088 571,040 …`: a label and exactly one number per year column."""
    tokens = line.text.split()
    count = len(table.column_periods)
    if not count or len(tokens) <= count or not all(NUMBER_CELL.match(token) for token in tokens[-count:]):
        return None
    return TableRow(label=" ".join(tokens[:-count]), line=line.number, numbers=tokens[-count:], number_line=line)
