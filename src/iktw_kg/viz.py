"""`iktw-kg viz`: the policy–technology network as a page, a figure and Gephi files.

One call writes, next to each other and from the same layout:
  NAME.html     the interactive page (self-contained: no script, font or image is fetched)
  NAME.svg/.png the static figure, for slides
  NAME.graphml, NAME.gexf   for Gephi, Cytoscape or yEd
The five files are replaced together or not at all (write_all_atomic), so the page never
disagrees with the figure beside it; the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from iktw_kg.atomic import write_all_atomic
from iktw_kg.errors import InputError
from iktw_kg.network import (
    NodeKind,
    PolicyNetwork,
    filter_network,
    load_network,
    resolve_countries,
    resolve_technologies,
)
from iktw_kg.network_files import gexf_bytes, graphml_bytes
from iktw_kg.viz_figure import render_figure
from iktw_kg.viz_layout import compute_layout
from iktw_kg.viz_page import render_page
from iktw_kg.viz_style import KIND_COLOURS, KIND_NAMES, Lang, hex_to_rgb

PAGE_SUFFIXES = (".html", ".htm")
COMPANION_SUFFIXES = (".svg", ".png", ".graphml", ".gexf")


@dataclass
class VizResult:
    network: PolicyNetwork
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def visualise(
    data_dir: Path,
    out: Path,
    countries: Sequence[str] = (),
    technologies: Sequence[str] = (),
    level: int = 0,
    lang: Lang = Lang.KO,
) -> VizResult:
    """Load the data, project and filter the network, and write the page, figure and graph files."""
    if out.suffix.lower() not in PAGE_SUFFIXES:
        raise InputError(
            "--out", None, f"expected the page's file name ending in .html (e.g. out/network.html), got {out}"
        )
    network = load_network(data_dir, level)
    country_ids = resolve_countries(network, countries)
    technology_ids = resolve_technologies(network, technologies)
    if country_ids or technology_ids:
        network = filter_network(network, country_ids, technology_ids)
    return write_visualisation(network, out, lang, describe_filters(network, country_ids, technology_ids))


def write_visualisation(
    network: PolicyNetwork, page: Path, lang: Lang, filters: dict[Lang, str] | None = None
) -> VizResult:
    layout = compute_layout(network)
    subtitle = {language: subtitle_text(network, language, (filters or {}).get(language, "")) for language in Lang}
    figure = render_figure(network, layout, lang, subtitle[lang])
    colours = {kind.value: hex_to_rgb(colour) for kind, colour in KIND_COLOURS.items()}
    files = {
        page: render_page(network, layout, lang, subtitle),
        page.with_suffix(".svg"): figure.svg,
        page.with_suffix(".png"): figure.png,
        page.with_suffix(".graphml"): graphml_bytes(network, layout.positions),
        page.with_suffix(".gexf"): gexf_bytes(network, layout.positions, colours, layout.radii),
    }
    write_all_atomic(files)
    return VizResult(network, list(files), figure.warnings)


def subtitle_text(network: PolicyNetwork, lang: Lang, filters: str) -> str:
    """What the picture shows, in one line: counts per kind, edges, technology level, filters."""
    graph = network.graph
    counts = [f"{KIND_NAMES[kind][lang]} {len(network.nodes_of_kind(kind))}" for kind in NodeKind]
    edges = f"연결 {graph.number_of_edges()}" if lang is Lang.KO else f"edges {graph.number_of_edges()}"
    if lang is Lang.KO:
        level = "기술: 기사 표기 그대로" if network.level == 0 else f"기술: SKOS 계층 {network.level}단계"
    else:
        level = "technologies as stated" if network.level == 0 else f"technologies at SKOS level {network.level}"
    return " · ".join(part for part in (*counts, edges, level, filters) if part)


def describe_filters(network: PolicyNetwork, countries: Sequence[str], technologies: Sequence[str]) -> dict[Lang, str]:
    if not countries and not technologies:
        return {}
    codes = ", ".join(network.countries[country].code for country in countries)
    descriptions = {}
    for lang in Lang:
        names = ", ".join(getattr(network.technologies[tech], lang.value) for tech in technologies)
        prefix = "필터" if lang is Lang.KO else "filter"
        descriptions[lang] = f"{prefix}: " + " / ".join(part for part in (codes, names) if part)
    return descriptions
