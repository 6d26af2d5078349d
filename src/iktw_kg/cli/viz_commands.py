"""`viz`: the policy–technology network as an offline page, figures and graph files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from iktw_kg.cli.common import DataOption, LevelOption, console, errors_console, reports_input_errors
from iktw_kg.output_paths import checked_output_path
from iktw_kg.viz_style import Lang


@reports_input_errors
def viz_command(
    out: Annotated[
        Path, typer.Option("--out", help="The page to write; .svg, .png, .graphml and .gexf are written beside it.")
    ] = Path("out/network.html"),
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country", help="Only policies of this country (ISO code or name: KR, CN, US, EU…); repeatable."
        ),
    ] = None,
    technology: Annotated[
        list[str] | None,
        typer.Option("--technology", help="Only policies targeting this technology or a narrower one (ko/en label)."),
    ] = None,
    level: LevelOption = 0,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the labels (the page can switch).")] = Lang.KO,
    data: DataOption = Path("data"),
) -> None:
    """Draw the policy–technology network: interactive HTML page, SVG/PNG figure, GraphML and GEXF."""
    page = checked_output_path(out)
    from iktw_kg.viz import COMPANION_SUFFIXES, visualise  # matplotlib: loaded only for this command

    for suffix in COMPANION_SUFFIXES:
        checked_output_path(out.with_suffix(suffix))
    result = visualise(data, page, country or [], technology or [], level, lang)
    graph = result.network.graph
    console.print(f"network: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges (level {level})")
    for warning in result.warnings:
        errors_console.print(f"[yellow]warning[/] {warning}", highlight=False)
    for path in result.written:
        console.print(f"  wrote {out.with_suffix(path.suffix)}", highlight=False)
