"""The policy–technology network projected from the real bulletin: nodes, typed edges with
their evidence, SKOS roll-up, filters, centralities, and the Gephi/figure files."""

from __future__ import annotations

import os
import subprocess
import sys

import matplotlib.image
import networkx as nx
import numpy as np
import pyoxigraph as ox
import pytest
from conftest import DATA_DIR
from typer.testing import CliRunner

from iktw_kg import viz_figure
from iktw_kg.cli import app
from iktw_kg.errors import InputError
from iktw_kg.export import sorted_quads
from iktw_kg.mapping import build_dataset
from iktw_kg.network import (
    NodeKind,
    PolicyNetwork,
    filter_network,
    most_central,
    project_network,
    resolve_countries,
    resolve_technologies,
)
from iktw_kg.pipeline import load_checked
from iktw_kg.viz import write_visualisation
from iktw_kg.viz_layout import compute_layout
from iktw_kg.viz_style import Lang

EO_14110 = "policy/eo-14110"
K_BATTERY = "policy/kr-k-battery-strategy-2030"
CN_FYP = "policy/cn-14th-five-year-plan"


@pytest.fixture(scope="module")
def quads() -> list[ox.Quad]:
    return sorted_quads(build_dataset(load_checked(DATA_DIR)))


@pytest.fixture(scope="module")
def network(quads) -> PolicyNetwork:
    return project_network(quads, level=0)


def targets(network: PolicyNetwork, policy: str) -> set[str]:
    return {target for _, target, key in network.graph.out_edges(policy, keys=True) if key == "targets"}


def edge_evidence(network: PolicyNetwork, source: str, target: str, relation: str):
    return network.graph.edges[source, target, relation]["evidence"]


def test_eo_14110_targets_ai_model_training_with_page_and_quote(network):
    assert targets(network, EO_14110) == {"tech/ai-model-training", "tech/iaas"}
    (proof,) = edge_evidence(network, EO_14110, "tech/ai-model-training", "targets")
    assert (proof.article, proof.page) == ("article/2024-04-06", 7)
    assert proof.quote == "대규모 AI 모델 훈련에 동원되는 경우 이를 상무부에 보고하도록 요구할 수 있는 권한 부여"
    assert network.graph.nodes["tech/ai-model-training"]["label_en"] == "AI model training"
    assert network.graph.nodes[EO_14110]["type"] == "ExecutiveOrder"
    assert network.graph.has_edge(EO_14110, "country/us", "applies_to")


def test_k_battery_strategy_links_batteries_and_korea(network):
    assert targets(network, K_BATTERY) == {"tech/battery"}
    (proof,) = edge_evidence(network, K_BATTERY, "country/kr", "applies_to")
    assert (proof.article, proof.page) == ("article/2024-04-02", 3)
    assert "「2030 이차전지 산업(K-Battery) 발전전략」(’21.7)" in proof.quote
    assert network.graph.nodes[K_BATTERY]["countries"] == ("country/kr",)
    assert network.graph.nodes["country/kr"]["kind"] == "jurisdiction"
    assert network.graph.nodes["tech/battery"]["label_ko"] == "배터리"


def test_china_14th_five_year_plan_targets_nuclear_heat_desalination_and_hydrogen(network):
    stated = targets(network, CN_FYP)
    assert {"tech/heat-steam-supply", "tech/seawater-desalination", "tech/hydrogen-production"} <= stated
    assert "tech/smr" in stated and "tech/nuclear-energy" in stated
    (proof,) = edge_evidence(network, CN_FYP, "tech/seawater-desalination", "targets")
    assert (proof.page, proof.quote) == (1, "▲해수 담수화 ▲수소 제조 등의 세부 시책을 제시")
    heat = edge_evidence(network, CN_FYP, "tech/heat-steam-supply", "targets")[0]
    assert heat.quote == "기설 원자로 및 다목적 소형로 개발을 통한 열 공급"
    # It applies to China and to its coastal areas; the region files the plan under China too.
    assert network.graph.has_edge(CN_FYP, "region/cn-coastal-areas", "applies_to")
    assert network.graph.nodes[CN_FYP]["countries"] == ("country/cn",)


def test_every_policy_subclass_is_a_node_and_issuers_are_bodies_or_jurisdictions(network):
    types = {data["type"] for _, data in network.graph.nodes(data=True) if data["kind"] == "policy"}
    assert {"Strategy", "Plan", "Law", "Regulation", "ExecutiveOrder", "ProposedRule", "Programme"} <= types
    assert {"TechnologyList", "Policy"} <= types
    assert network.graph.nodes["org/ostp"]["kind"] == "body"
    assert network.graph.has_edge("policy/us-cet-list-2024", "org/ostp", "issued_by")
    assert network.graph.nodes["country/in"]["kind"] == "jurisdiction"
    assert network.graph.has_edge("policy/in-pli-scheme", "country/in", "issued_by")
    kinds = {data["kind"] for _, data in network.graph.nodes(data=True)}
    assert kinds == {kind.value for kind in NodeKind}


def test_level_one_rolls_technologies_up_to_their_top_concepts_keeping_the_stated_one(quads):
    rolled = project_network(quads, level=1)
    assert targets(rolled, K_BATTERY) == {"tech/critical-emerging-technologies"}
    (proof,) = edge_evidence(rolled, K_BATTERY, "tech/critical-emerging-technologies", "targets")
    assert (proof.stated_object, proof.page) == ("tech/battery", 3)
    fyp = targets(rolled, CN_FYP)
    # desalination → sustainable water supply (its top); hydrogen production has no broader concept.
    assert {"tech/sustainable-water-supply", "tech/hydrogen-production", "tech/heat-steam-supply"} <= fyp
    assert "tech/seawater-desalination" not in fyp
    # nuclear energy is narrower than both "non-fossil energy" and the US "clean energy" CET area.
    assert {"tech/non-fossil-energy", "tech/critical-emerging-technologies"} <= fyp
    level_two = project_network(quads, level=2)
    assert "tech/seawater-desalination" in targets(level_two, CN_FYP)
    assert "tech/clean-energy-generation-storage" in targets(level_two, K_BATTERY)
    assert rolled.graph.number_of_nodes() < level_two.graph.number_of_nodes()


def test_a_broader_cycle_is_reported_with_its_members(quads):
    broader = ox.NamedNode("http://www.w3.org/2004/02/skos/core#broader")
    heat, district = (
        ox.NamedNode(f"https://w3id.org/iktw/id/tech/{slug}") for slug in ("heat-steam-supply", "district-heating")
    )
    graph = ox.NamedNode("https://w3id.org/iktw/graph/article/2024-04-01")
    with pytest.raises(InputError) as caught:
        project_network([*quads, ox.Quad(heat, broader, district, graph)], level=1)
    assert "cycle" in str(caught.value)
    assert "tech/district-heating → tech/heat-steam-supply" in str(caught.value) or (
        "tech/heat-steam-supply → tech/district-heating" in str(caught.value)
    )


def test_country_filter_keeps_the_countrys_policies_and_what_they_link_to(network):
    (china,) = resolve_countries(network, ["CN"])
    assert resolve_countries(network, ["중국"]) == [china] == resolve_countries(network, ["china"])
    assert resolve_countries(network, ["EU"]) == ["union/eu"]
    filtered = filter_network(network, [china])
    policies = set(filtered.nodes_of_kind(NodeKind.POLICY))
    assert CN_FYP in policies and EO_14110 not in policies and K_BATTERY not in policies
    assert all("country/cn" in network.graph.nodes[policy]["countries"] for policy in policies)
    assert {"tech/seawater-desalination", "country/cn", "region/cn-coastal-areas"} <= set(filtered.graph.nodes)
    assert filtered.graph.number_of_edges() == sum(network.graph.out_degree(policy) for policy in policies)


def test_technology_filter_includes_narrower_technologies(network):
    assert resolve_technologies(network, ["batteries"]) == ["tech/battery"]
    assert resolve_technologies(network, ["배터리"]) == ["tech/battery"]
    battery_policies = set(filter_network(network, technologies=["tech/battery"]).nodes_of_kind(NodeKind.POLICY))
    assert K_BATTERY in battery_policies and CN_FYP not in battery_policies
    (ai,) = resolve_technologies(network, ["AI"])
    ai_policies = set(filter_network(network, technologies=[ai]).nodes_of_kind(NodeKind.POLICY))
    assert "policy/us-cet-list-2024" in ai_policies
    korea_batteries = filter_network(network, ["country/kr"], ["tech/battery"])
    assert set(korea_batteries.graph.nodes) == {K_BATTERY, "tech/battery", "country/kr"}


def test_unknown_filter_values_are_input_errors_naming_the_option(network):
    with pytest.raises(InputError, match=r"--country.*'XX'.*CN, EU, IN, JP, KR, TW, US"):
        resolve_countries(network, ["XX"])
    with pytest.raises(InputError, match=r"--technology.*'warp drive'"):
        resolve_technologies(network, ["warp drive"])
    with pytest.raises(InputError, match="--level"):
        project_network([], level=-1)


def test_centralities_and_communities_are_node_attributes(network):
    graph = network.graph
    assert all({"degree", "betweenness", "community"} <= data.keys() for _, data in graph.nodes(data=True))
    top_policy, _ = most_central(network, NodeKind.POLICY, 1)[0]
    assert top_policy == "policy/us-cet-list-2024"  # the CET list names 27 technology areas
    assert most_central(network, NodeKind.TECHNOLOGY, 1)[0][0] == "tech/battery"
    simple = nx.Graph(graph.to_undirected())
    assert graph.nodes["country/us"]["links"] == simple.degree("country/us")
    communities = {data["community"] for _, data in graph.nodes(data=True)}
    assert len(communities) > 3
    assert graph.nodes["tech/seawater-desalination"]["community"] == graph.nodes[CN_FYP]["community"]


def test_stats_network_prints_the_most_central_policies_and_technologies():
    result = CliRunner().invoke(app, ["stats", "--network", "--data", str(DATA_DIR)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    policies = result.output.split("Most central policies")[1].split("Most central technologies")[0]
    technologies = result.output.split("Most central technologies")[1]
    assert policies.index("policy/us-cet-list-2024") < policies.index("policy/cn-14th-five-year-plan")
    assert "Critical and Emerging Technologies List 2024 Update" in policies
    assert technologies.index("tech/battery") < technologies.index("tech/semiconductors")
    assert "배터리" in technologies


def test_graphml_and_gexf_load_back_with_evidence_on_edges(tmp_path, network):
    result = write_visualisation(network, tmp_path / "network.html", Lang.EN)
    assert [path.suffix for path in result.written] == [".html", ".svg", ".png", ".graphml", ".gexf"]
    for reader, suffix in ((nx.read_graphml, ".graphml"), (nx.read_gexf, ".gexf")):
        loaded = reader(tmp_path / f"network{suffix}")
        assert loaded.number_of_nodes() == network.graph.number_of_nodes(), suffix
        assert loaded.number_of_edges() == network.graph.number_of_edges(), suffix
        edge = next(data for s, t, data in loaded.edges(data=True) if (s, t) == (EO_14110, "tech/ai-model-training"))
        assert (edge["relation"], str(edge["pages"]), edge["articles"]) == ("targets", "7", "article/2024-04-06")
        assert "대규모 AI 모델 훈련" in edge["quotes"]
        node = loaded.nodes[K_BATTERY]
        assert node["kind"] == "policy" and node["countries"] == "country/kr"
        assert float(node["betweenness"]) == network.graph.nodes[K_BATTERY]["betweenness"]


def test_static_figure_has_korean_labels_in_a_cjk_font(tmp_path, network):
    result = write_visualisation(network, tmp_path / "network.html", Lang.KO)
    assert result.warnings == []
    svg = (tmp_path / "network.svg").read_text(encoding="utf-8")
    # Labels are glyph outlines (the viewer needs no Korean font); the text stays as a comment.
    assert "<!-- 제14차 5개년 규획 -->" in svg and "<text" not in svg
    assert svg.count("<use xlink:href") > 500
    image = matplotlib.image.imread(tmp_path / "network.png")
    assert image.shape[:2] == (1500, 2400)
    rgb = (image[..., :3] * 255).round().astype(np.uint32)
    colours = np.unique(rgb[..., 0] << 16 | rgb[..., 1] << 8 | rgb[..., 2])
    assert len(colours) > 50
    policy_orange = np.array([0xD9, 0x5F, 0x02])
    assert (np.abs(image[..., :3] * 255 - policy_orange).sum(axis=-1) < 6).sum() > 1000


def test_figure_without_a_cjk_font_is_still_written_with_a_warning(tmp_path, network, monkeypatch):
    monkeypatch.setattr(viz_figure, "CJK_FONTS", ("No Such CJK Font",))
    result = write_visualisation(network, tmp_path / "network.html", Lang.KO)
    assert any("fonts-noto-cjk" in warning for warning in result.warnings)
    assert (tmp_path / "network.png").stat().st_size > 10_000


def test_layout_keeps_every_node_on_the_canvas_and_is_repeatable(network):
    first, second = compute_layout(network), compute_layout(network)
    assert first == second
    assert len(first.positions) == network.graph.number_of_nodes()
    assert all(0 <= x <= 1600 and 0 <= y <= 1000 for x, y in first.positions.values())
    assert "policy/us-cet-list-2024" in first.prominent


def test_viz_outputs_are_byte_identical_across_processes(tmp_path):
    """Different hash seeds: no set or dict order may leak into the page, the figure or the graph files."""
    outputs = []
    for seed in ("1", "2"):
        run = tmp_path / f"run{seed}"
        run.mkdir()
        subprocess.run(
            [sys.executable, "-m", "iktw_kg.cli", "viz", "--data", str(DATA_DIR), "--out", "out/network.html"],
            cwd=run,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        outputs.append({path.name: path.read_bytes() for path in sorted((run / "out").iterdir())})
    assert sorted(outputs[0]) == ["network.gexf", "network.graphml", "network.html", "network.png", "network.svg"]
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], name


def test_viz_cli_rejects_bad_options_with_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # outputs must stay inside the working directory

    def viz(*args: str):
        return CliRunner().invoke(app, ["viz", "--data", str(DATA_DIR), *args], env={"COLUMNS": "250"})

    for args, expected in (
        (["--country", "Atlantis"], "--country: no policy is filed under 'Atlantis'"),
        (["--technology", "warp drive"], "--technology: no policy targets a technology labelled 'warp drive'"),
        (["--out", "out/network.svg"], "--out: expected the page's file name ending in .html"),
    ):
        result = viz(*args)
        assert result.exit_code == 2, args
        assert expected in result.stderr, result.stderr
    assert viz("--level", "-1").exit_code == 2
    assert not (tmp_path / "out").exists()
