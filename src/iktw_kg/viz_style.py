"""How the network looks, in one place: colours, line styles and the words of legends.

The interactive page (through its JSON), the static figure and the GEXF file all read these,
so an analyst sees the same colour for "policy" on a slide, in the browser and in Gephi.
"""

from __future__ import annotations

from enum import StrEnum

from iktw_kg.network import NodeKind, Relation


class Lang(StrEnum):
    KO = "ko"
    EN = "en"


KIND_COLOURS: dict[NodeKind, str] = {
    NodeKind.POLICY: "#d95f02",
    NodeKind.TECHNOLOGY: "#1b9e77",
    NodeKind.JURISDICTION: "#7570b3",
    NodeKind.BODY: "#e7298a",
}
"""ColorBrewer Dark2: distinguishable in print and for the common colour-vision deficiencies."""

COMMUNITY_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
"""Communities beyond the tenth reuse colours; their number is in the side panel."""

RELATION_DASHES: dict[Relation, str] = {
    Relation.TARGETS: "",
    Relation.ISSUED_BY: "6 3",
    Relation.APPLIES_TO: "2 3",
}
"""SVG stroke-dasharray per edge type (empty: solid)."""

RELATION_COLOURS: dict[Relation, str] = {
    Relation.TARGETS: "#66a61e",
    Relation.ISSUED_BY: "#e7298a",
    Relation.APPLIES_TO: "#7570b3",
}

KIND_NAMES: dict[NodeKind, dict[Lang, str]] = {
    NodeKind.POLICY: {Lang.KO: "정책", Lang.EN: "policy"},
    NodeKind.TECHNOLOGY: {Lang.KO: "기술", Lang.EN: "technology"},
    NodeKind.JURISDICTION: {Lang.KO: "국가·관할 지역", Lang.EN: "country / jurisdiction"},
    NodeKind.BODY: {Lang.KO: "발행 기관", Lang.EN: "issuing body"},
}

RELATION_NAMES: dict[Relation, dict[Lang, str]] = {
    Relation.TARGETS: {Lang.KO: "대상 기술", Lang.EN: "targets"},
    Relation.ISSUED_BY: {Lang.KO: "발행 주체", Lang.EN: "issued by"},
    Relation.APPLIES_TO: {Lang.KO: "적용 지역", Lang.EN: "applies to"},
}

TITLES: dict[Lang, str] = {
    Lang.KO: "정책–기술 네트워크 · 산업기술 동향워치",
    Lang.EN: "Policy–technology network · Industrial Technology Trend Watch",
}


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
