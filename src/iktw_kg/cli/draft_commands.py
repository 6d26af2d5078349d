"""`extract` and `diff`: drafting the next issue's YAML, and what changed between two graphs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer

from iktw_kg.atomic import write_atomic
from iktw_kg.cli.common import DataOption, console, errors_console, reports_input_errors
from iktw_kg.diff import diff_quads, read_quads
from iktw_kg.diff_view import DiffFormat, print_diff
from iktw_kg.export import sorted_quads
from iktw_kg.extract.draft import render_draft
from iktw_kg.extract.extractor import extract_issue
from iktw_kg.extract.summary import print_extraction_summary
from iktw_kg.mapping import build_dataset
from iktw_kg.output_paths import checked_output_path
from iktw_kg.pipeline import load_checked


@reports_input_errors
def extract_command(
    source: Annotated[Path, typer.Argument(help="The bulletin's text as extracted from its PDF (UTF-8).")],
    out: Annotated[Path | None, typer.Option("--out", help="Draft YAML to write; standard output if omitted.")] = None,
    report: Annotated[
        Path | None,
        typer.Option("--json", help="Also write all that was extracted (mentions with offsets, figures) as JSON."),
    ] = None,
    data: DataOption = Path("data"),
) -> None:
    """Draft the curated YAML of an issue from its bulletin text: articles, citations, tables, mentions, figures."""
    out_path = None if out is None else checked_output_path(out)
    report_path = None if report is None else checked_output_path(report)
    extraction = extract_issue(source, data)
    draft = render_draft(extraction).encode("utf-8")
    print_extraction_summary(extraction, errors_console)
    if report_path is not None:
        write_atomic(report_path, (json.dumps(extraction.to_json(), ensure_ascii=False, indent=1) + "\n").encode())
        errors_console.print(f"wrote {report}")
    if out_path is None:
        sys.stdout.buffer.write(draft)
        sys.stdout.flush()
    else:
        write_atomic(out_path, draft)
        errors_console.print(f"wrote {out} ({len(draft):,} bytes)")


@reports_input_errors
def diff_command(
    old: Annotated[Path, typer.Argument(help="The earlier graph: a built .trig/.nq file or a data directory.")],
    new: Annotated[Path, typer.Argument(help="The later graph: a built .trig/.nq file or a data directory.")],
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text: tables by class; json: every difference.")
    ] = DiffFormat.TEXT,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Rows shown per list in text output.")] = 50,
) -> None:
    """Entities and facts added, removed and changed between two graphs, grouped by class."""
    difference = diff_quads(_graph_quads(old), _graph_quads(new), str(old), str(new))
    if output_format is DiffFormat.JSON:
        sys.stdout.write(json.dumps(difference.to_json(), ensure_ascii=False, indent=1) + "\n")
        sys.stdout.flush()
    else:
        print_diff(difference, console, limit)


def _graph_quads(path: Path) -> set[ox.Quad]:
    """A built .trig/.nq file as written, or a data directory loaded, checked and mapped (without SHACL)."""
    if path.is_dir():
        return set(sorted_quads(build_dataset(load_checked(path))))
    return read_quads(path)
