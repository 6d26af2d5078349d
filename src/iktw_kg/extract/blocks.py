"""An article's lines → its units (sentences), citations and tables, in one pass.

Outside tables a line starts a unit or continues the previous one (see layout.continues).
Inside a table, short lines that do not continue a cell are the next row's label, and the
table ends at a top-level bullet, a footnote, the citation, another table or a long line
that starts a new paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iktw_kg.extract.layout import LABEL_WIDTH, FullWidths, Line, Marker, Unit, continues
from iktw_kg.extract.tables import Table, TableRow, numeric_row, read_header, tables_in_title_line

TABLE_ENDS = frozenset({Marker.DASH, Marker.FOOTNOTE, Marker.PARAGRAPH})
HEADER_WIDTH = 60
"""A table header names a few columns; a longer line after a title is body text (an image table)."""


@dataclass
class Body:
    """What an article's text holds, in reading order."""

    units: list[Unit] = field(default_factory=list)
    citations: list[Unit] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    page_marks: list[Line] = field(default_factory=list)


class _BodyReader:
    """The state of one pass over an article's lines."""

    def __init__(self, widths: FullWidths, issue_year: int) -> None:
        self.widths = widths
        self.issue_year = issue_year
        self.body = Body()
        self.unit: Unit | None = None
        self.citation: Unit | None = None
        self.table: Table | None = None
        self.awaiting_header: Table | None = None
        self.row: TableRow | None = None
        self.label: list[Line] = []

    def read(self, lines: list[Line]) -> Body:
        for line in lines:
            if line.blank:
                continue
            if line.marker is Marker.PAGE:
                self.body.page_marks.append(line)
                continue
            self._line(line)
        self._close_unit()
        self._close_citation()
        self._end_table()
        return self.body

    def _line(self, line: Line) -> None:
        marker = line.marker
        if self.citation is not None:
            self.citation.append(line)
            if line.text.endswith(")"):
                self._close_citation()
            return
        if marker is Marker.CITATION:
            self._close_unit()
            self._end_table()
            self.citation = Unit(kind=marker, first_line=line.number)
            self.citation.append(line)
            if line.text.endswith(")"):
                self._close_citation()
            return
        if marker is Marker.TABLE_TITLE:
            self._close_unit()
            self._end_table()
            titled = tables_in_title_line(line)
            self.body.tables.extend(titled)
            self.awaiting_header = titled[-1] if len(titled) == 1 else None
            return
        if self.awaiting_header is not None:
            table, self.awaiting_header = self.awaiting_header, None
            if marker is Marker.NONE and len(line.text.split()) >= 2 and line.width <= HEADER_WIDTH:
                read_header(table, line, self.issue_year)
                self.table = table
                return
        if self.table is not None and self._table_line(line, marker):
            return
        self._body_line(line, marker)

    def _body_line(self, line: Line, marker: Marker) -> None:
        if self._continues(line):
            self.unit.append(line)  # type: ignore[union-attr]
            return
        self._close_unit()
        kind = Marker.PARAGRAPH if marker in (Marker.NONE, Marker.TOPIC) else marker
        self.unit = Unit(kind=kind, first_line=line.number)
        self.unit.append(line)

    def _continues(self, line: Line) -> bool:
        unit = self.unit
        return unit is not None and continues(unit.lines[-1], len(unit.lines) == 1, unit.kind, line, self.widths)

    def _table_line(self, line: Line, marker: Marker) -> bool:
        """Read a line inside a table; False when the table has ended and the line is body text."""
        table = self.table
        assert table is not None
        if marker in TABLE_ENDS:
            self._end_table()
            return False
        row = numeric_row(table, line)
        if row is not None:
            self._close_unit()
            table.rows.append(row)
            self.row = row
            context = f"{table.title} › {row.label}"
            row_unit = Unit(kind=Marker.NONE, first_line=line.number, context=context, numeric_row=True)
            row_unit.append(line)
            self.body.units.append(row_unit)
            return True
        if marker is Marker.ITEM or marker is Marker.NOTE or marker is Marker.SUB_DASH:
            self._start_cell(line, marker, line.start)
            return True
        inline = line.text.find(" ∙ ")
        if marker is Marker.NONE and inline > 0:
            self._start_cell(line, Marker.ITEM, line.start + inline + 1)
            return True
        if self._continues(line):
            self.unit.append(line)  # type: ignore[union-attr]
            return True
        if line.width <= LABEL_WIDTH:
            self._close_unit()
            self.label.append(line)
            return True
        self._end_table()
        return False

    def _start_cell(self, line: Line, kind: Marker, start: int) -> None:
        """Start a cell; pending label lines (and a label printed before ∙ on the line) open a new row."""
        self._close_unit()
        table = self.table
        assert table is not None
        if self.label or start > line.start or self.row is None:
            label = Unit(kind=Marker.NONE, first_line=(self.label or [line])[0].number, context=table.title)
            for label_line in self.label:
                label.append(label_line, spaced=True)
            if start > line.start:
                label.append(line, end=start, spaced=True)
            self.row = TableRow(label=label.text, line=label.first_line)
            table.rows.append(self.row)
            if label.text:
                self.body.units.append(label)
            self.label = []
        self.unit = Unit(kind=kind, first_line=line.number, context=f"{table.title} › {self.row.label}")
        self.unit.append(line, start=start)
        self.row.cells.append(self.unit)

    def _close_unit(self) -> None:
        if self.unit is not None:
            if self.unit.text:
                self.body.units.append(self.unit)
            self.unit = None

    def _close_citation(self) -> None:
        if self.citation is not None:
            self.body.citations.append(self.citation)
            self.citation = None

    def _end_table(self) -> None:
        """Close the table; label lines that never got a cell were body paragraphs after all."""
        self._close_unit()
        pending, self.label = self.label, []
        self.table = None
        self.row = None
        self.awaiting_header = None
        for line in pending:
            self._body_line(line, line.marker)


def read_body(lines: list[Line], widths: FullWidths, issue_year: int) -> Body:
    """Units, citations, tables and page markers of an article's lines (after its heading)."""
    return _BodyReader(widths, issue_year).read(lines)
