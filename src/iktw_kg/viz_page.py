"""The interactive page: one self-contained HTML file, no network access, no library.

The network travels as JSON inside `<script type="application/json">`, with `<`, `>` and `&`
written as \\u003c, \\u003e and \\u0026 so no label or quote can close the element or start
markup; the inline script (assets/network.js) reads it with JSON.parse and builds every
element with textContent and setAttribute, never innerHTML, so a label containing
`<script>` shows as text. Positions are precomputed (viz_layout), so the page draws the
same picture as the SVG/PNG figure and needs no layout code.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from iktw_kg.network import NodeKind, PolicyNetwork, Relation
from iktw_kg.viz_layout import CANVAS_HEIGHT, CANVAS_WIDTH, Layout
from iktw_kg.viz_style import (
    COMMUNITY_COLOURS,
    KIND_COLOURS,
    KIND_NAMES,
    RELATION_COLOURS,
    RELATION_DASHES,
    RELATION_NAMES,
    TITLES,
    Lang,
)

ASSETS = Path(__file__).parent / "assets"
PLACEHOLDER = re.compile(r"\{\{(lang|title|css|data|script)\}\}")
JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def render_page(network: PolicyNetwork, layout: Layout, lang: Lang, subtitle: dict[Lang, str]) -> bytes:
    parts = {
        "lang": lang.value,
        "title": html.escape(TITLES[lang]),
        "css": (ASSETS / "network.css").read_text(encoding="utf-8"),
        "data": embedded_json(page_data(network, layout, lang, subtitle)),
        "script": (ASSETS / "network.js").read_text(encoding="utf-8"),
    }
    template = (ASSETS / "network.html").read_text(encoding="utf-8")
    # One pass: text put into the page (labels in the data) is never scanned for placeholders again.
    return PLACEHOLDER.sub(lambda match: parts[match.group(1)], template).encode("utf-8")


def embedded_json(data: Any) -> str:
    """JSON that is inert inside an HTML <script> element, whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "".join(JSON_ESCAPES.get(char, char) for char in text)


def page_data(network: PolicyNetwork, layout: Layout, lang: Lang, subtitle: dict[Lang, str]) -> dict[str, Any]:
    graph = network.graph
    nodes = [
        {
            "id": node,
            "kind": data["kind"],
            "type": data["type"],
            "ko": data["label_ko"],
            "en": data["label_en"],
            "aliases": list(data["aliases"]),
            "iri": data["iri"],
            "code": data["iso3166"],
            "x": layout.positions[node][0],
            "y": layout.positions[node][1],
            "r": layout.radii[node],
            "prominent": node in layout.prominent,
            "degree": data["degree"],
            "links": data["links"],
            "betweenness": data["betweenness"],
            "community": data["community"],
            "countries": list(data.get("countries", ())),
            "scope": list(data.get("technology_scope", ())),
        }
        for node, data in graph.nodes(data=True)
    ]
    edges = [
        {
            "source": source,
            "target": target,
            "relation": key,
            "evidence": [
                {"article": proof.article, "page": proof.page, "quote": proof.quote, "stated": proof.stated_object}
                for proof in data["evidence"]
            ],
        }
        for source, target, key, data in graph.edges(keys=True, data=True)
    ]
    return {
        "lang": lang.value,
        "level": network.level,
        "canvas": {"width": CANVAS_WIDTH, "height": CANVAS_HEIGHT},
        "subtitle": {language.value: text for language, text in subtitle.items()},
        "nodes": nodes,
        "edges": edges,
        "articles": {
            article: {"number": ref.number, "ko": ref.names.ko, "en": ref.names.en}
            for article, ref in network.articles.items()
        },
        "technologies": {tech: {"ko": names.ko, "en": names.en} for tech, names in network.technologies.items()},
        "countries": {
            country: {"ko": names.ko, "en": names.en, "code": names.code}
            for country, names in network.countries.items()
        },
        "style": {
            "kinds": [
                {
                    "id": kind.value,
                    "colour": KIND_COLOURS[kind],
                    **{lang.value: KIND_NAMES[kind][lang] for lang in Lang},
                }
                for kind in NodeKind
            ],
            "relations": [
                {
                    "id": relation.value,
                    "colour": RELATION_COLOURS[relation],
                    "dash": RELATION_DASHES[relation],
                    **{lang.value: RELATION_NAMES[relation][lang] for lang in Lang},
                }
                for relation in Relation
            ],
            "communities": list(COMMUNITY_COLOURS),
            "titles": {lang.value: TITLES[lang] for lang in Lang},
        },
    }
