"""GraphML and GEXF files of the policy–technology network, for Gephi, Cytoscape or yEd.

Both formats hold only scalar attributes, so each edge's evidence is flattened into text
(`articles`, `pages`, `quotes`, `evidence`) and node lists into `; `-separated strings.
GEXF also gets the layout, colour and size of the interactive page (viz: namespace), so
Gephi opens the file looking like the page. networkx stamps GEXF files with today's date;
that attribute is dropped so that the same input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from iktw_kg.network import Evidence, PolicyNetwork

LIST_SEPARATOR = "; "
EVIDENCE_SEPARATOR = " | "


def graphml_bytes(network: PolicyNetwork, positions: Mapping[str, tuple[float, float]]) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(network, positions), buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue()


def gexf_bytes(
    network: PolicyNetwork,
    positions: Mapping[str, tuple[float, float]],
    colours: Mapping[str, tuple[int, int, int]],
    radii: Mapping[str, float],
) -> bytes:
    graph = flat_graph(network, positions)
    for node, data in graph.nodes(data=True):
        red, green, blue = colours[data["kind"]]
        x, y = positions[node]
        data["viz"] = {
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
            "position": {"x": x, "y": -y, "z": 0.0},
            "size": radii[node],
        }
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(graph)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def flat_graph(network: PolicyNetwork, positions: Mapping[str, tuple[float, float]]) -> nx.MultiDiGraph:
    """A copy of the network whose attributes are all strings or numbers."""
    flat = nx.MultiDiGraph(name="IKTW policy–technology network", level=network.level)
    for node, data in network.graph.nodes(data=True):
        attributes = {
            key: LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value for key, value in data.items()
        }
        attributes["label"] = data["label_en"]
        attributes["x"], attributes["y"] = positions[node]
        flat.add_node(node, **attributes)
    for source, target, key, data in network.graph.edges(keys=True, data=True):
        proofs: tuple[Evidence, ...] = data["evidence"]
        flat.add_edge(
            source,
            target,
            key=f"{source}|{key}|{target}",
            relation=data["relation"],
            articles=LIST_SEPARATOR.join(sorted({proof.article for proof in proofs})),
            pages=LIST_SEPARATOR.join(str(page) for page in sorted({proof.page for proof in proofs})),
            quotes=EVIDENCE_SEPARATOR.join(proof.quote for proof in proofs),
            evidence=EVIDENCE_SEPARATOR.join(
                f"{proof.article} p.{proof.page} [{proof.stated_object}] {proof.quote}" for proof in proofs
            ),
        )
    return flat
