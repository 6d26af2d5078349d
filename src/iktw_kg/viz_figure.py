"""The network as a static figure (SVG and PNG) for slides and reports.

Drawn with matplotlib's object API (no pyplot state), on the same positions as the page.
Korean labels need a CJK font: Noto Sans CJK (Debian's fonts-noto-cjk, installed by
.ci/run) is used when present; without it the figure is still written and a warning says
that Hangul will show as empty boxes. The SVG is made reproducible by a fixed hash salt
and no creation date, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from iktw_kg.network import NodeKind, PolicyNetwork, Relation
from iktw_kg.viz_layout import CANVAS_HEIGHT, CANVAS_WIDTH, Layout
from iktw_kg.viz_style import KIND_COLOURS, KIND_NAMES, RELATION_COLOURS, RELATION_NAMES, TITLES, Lang

CJK_FONTS = ("Noto Sans CJK KR", "Noto Sans CJK JP", "Noto Sans CJK SC", "NanumGothic", "Source Han Sans KR")
CJK_FONT_FILES = ("NotoSansCJK", "NanumGothic", "SourceHanSans")
FIGURE_INCHES = (16.0, 10.0)
PNG_DPI = 150
SVG_SALT = "iktw-kg-network"
RELATION_LINESTYLES = {Relation.TARGETS: "solid", Relation.ISSUED_BY: (0, (6, 3)), Relation.APPLIES_TO: (0, (2, 3))}


@dataclass
class FigureFiles:
    svg: bytes
    png: bytes
    warnings: list[str] = field(default_factory=list)


def cjk_font() -> str | None:
    """The first installed font that has Hangul glyphs, or None.

    matplotlib caches its font list; fonts installed after the cache was built (fonts-noto-cjk
    on a fresh CI machine) are found by file name and registered.
    """
    manager = font_manager.fontManager
    if not any(entry.name in CJK_FONTS for entry in manager.ttflist):
        for path in font_manager.findSystemFonts():
            if any(stem in Path(path).name for stem in CJK_FONT_FILES):
                manager.addfont(path)
    installed = {entry.name for entry in manager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def render_figure(network: PolicyNetwork, layout: Layout, lang: Lang, subtitle: str) -> FigureFiles:
    notes = []
    font = cjk_font()
    if font is None:
        notes.append("no CJK font found (install fonts-noto-cjk); Korean labels in the SVG/PNG will show as boxes")
    families = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    settings = {"font.family": families, "svg.hashsalt": SVG_SALT, "svg.fonttype": "path", "axes.unicode_minus": False}
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        if font is None:  # one warning above says it all, not one per missing glyph
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure = _draw(network, layout, lang, subtitle)
        svg, png = io.BytesIO(), io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None})
        figure.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return FigureFiles(svg.getvalue(), png.getvalue(), notes)


def _draw(network: PolicyNetwork, layout: Layout, lang: Lang, subtitle: str) -> Figure:
    figure = Figure(figsize=FIGURE_INCHES, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.0, 0.0, 1.0, 0.9))
    axes.set_xlim(0, CANVAS_WIDTH)
    axes.set_ylim(CANVAS_HEIGHT, 0)
    axes.set_axis_off()
    graph, positions = network.graph, layout.positions
    for relation in Relation:
        segments = [(positions[s], positions[t]) for s, t, key in graph.edges(keys=True) if key == relation.value]
        axes.add_collection(
            LineCollection(
                segments,
                colors=RELATION_COLOURS[relation],
                linestyles=RELATION_LINESTYLES[relation],
                linewidths=0.9,
                alpha=0.55,
                zorder=1,
            )
        )
    points_per_unit = FIGURE_INCHES[0] * 72 / CANVAS_WIDTH
    for kind in NodeKind:
        nodes = [node for node, data in graph.nodes(data=True) if data["kind"] == kind]
        axes.scatter(
            [positions[node][0] for node in nodes],
            [positions[node][1] for node in nodes],
            s=[(2 * layout.radii[node] * points_per_unit) ** 2 for node in nodes],
            c=KIND_COLOURS[kind],
            edgecolors="white",
            linewidths=0.8,
            zorder=2,
        )
    label_key = f"label_{lang.value}"
    for node in sorted(layout.prominent):
        x, y = positions[node]
        axes.annotate(
            graph.nodes[node][label_key],
            (x, y),
            xytext=(0, layout.radii[node] * points_per_unit + 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
        )
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=9, color=KIND_COLOURS[kind], label=KIND_NAMES[kind][lang])
        for kind in NodeKind
    ] + [
        Line2D(
            [],
            [],
            color=RELATION_COLOURS[relation],
            linestyle=RELATION_LINESTYLES[relation],
            label=RELATION_NAMES[relation][lang],
        )
        for relation in Relation
    ]
    figure.legend(
        handles=handles, loc="center left", bbox_to_anchor=(0.005, 0.915), ncol=len(handles), fontsize=9, frameon=False
    )
    figure.text(0.01, 0.975, TITLES[lang], fontsize=15, weight="bold", va="center")
    figure.text(0.01, 0.945, subtitle, fontsize=9.5, color="#444444", va="center")
    return figure
