"""Query results as CSV, TSV or JSON text: for spreadsheets, shell pipelines and programs.

Values are written exactly (68.5, 4200000, true); an unbound cell is empty in CSV/TSV and
null in JSON. The human-facing table lives in render.py.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from enum import StrEnum

from iktw_kg.query.results import QueryResult, Value


class OutputFormat(StrEnum):
    """How `iktw-kg query` prints a result."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    TSV = "tsv"


def cell_text(value: Value) -> str:
    """A value as plain text: numbers as printed, booleans as true/false, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_delimited(result: QueryResult, delimiter: str) -> str:
    """CSV (delimiter `,`) or TSV (`\\t`), with a header row; fields are quoted only when needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([cell_text(row[column]) for column in result.columns])
    return buffer.getvalue()


def json_value(value: Value) -> object:
    """Decimals become JSON numbers (integers when whole), everything else maps directly."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def to_json(result: QueryResult) -> str:
    """A JSON array of objects, one per row, keys in column order, Korean kept as UTF-8."""
    rows = [{column: json_value(row[column]) for column in result.columns} for row in result.rows]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_text(result: QueryResult, output_format: OutputFormat) -> str:
    """The result in a machine-readable format (not TABLE, which render.py draws)."""
    if output_format is OutputFormat.CSV:
        return to_delimited(result, ",")
    if output_format is OutputFormat.TSV:
        return to_delimited(result, "\t")
    if output_format is OutputFormat.JSON:
        return to_json(result)
    raise ValueError(f"{output_format.value} is drawn by render.py, not written as text")
