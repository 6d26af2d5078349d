"""Two issues in one build: the real 2024 No. 4 and the test fixture 2024 No. 5 share their entities.

The fixture (tests/fixtures/issue-2024-05/) is an invented issue written in the bulletin's
format; it is copied next to the real data for these tests only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import DATA_DIR
from sparql_servers import run_cli

from iktw_kg.diff import diff_quads, read_quads
from iktw_kg.ns import GRAPH, IKTW, entity_iri
from iktw_kg.pipeline import build
from iktw_kg.yamlnodes import read_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "issue-2024-05"
SKOS_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
SHARED = ("country/kr", "country/jp", "union/eu", "org/jetro", "org/ec", "policy/eu-batteries-regulation")


@pytest.fixture(scope="module")
def two_issues(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(data with both issues, TriG of the real data alone, TriG of both issues)."""
    root = tmp_path_factory.mktemp("two-issues")
    data = root / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(FIXTURE, data, dirs_exist_ok=True)
    real = build(DATA_DIR, root / "out-real")
    both = build(data, root / "out-both")
    assert real.conforms and both.conforms, both.violations[:3]
    return data, root / "out-real" / "iktw.trig", root / "out-both" / "iktw.trig"


def fixture_ids() -> set[str]:
    """Every id the fixture's YAML defines (issue, sections, articles, reports, entities, observations)."""
    ids = set()
    for path in sorted(FIXTURE.rglob("*.yaml")):
        document = read_yaml(path).data
        if "issue" in document:
            ids.add(document["issue"]["id"])
        for key in ("sections", "articles", "reports", "entities"):
            ids.update(item["id"] for item in document.get(key, []))
        ids.update(f"obs/{item['id']}" for item in document.get("observations", []))
    return ids


def test_the_two_issues_build_into_one_conforming_graph_with_their_own_named_graphs(two_issues):
    _, _, both = two_issues
    quads = read_quads(both)
    graphs = {quad.graph_name.value for quad in quads}
    assert {str(GRAPH["issue/2024-04"]), str(GRAPH["issue/2024-05"])} <= graphs
    assert {str(GRAPH[f"article/2024-05-0{n}"]) for n in (1, 2)} <= graphs
    assert len([g for g in graphs if "/article/2024-04-" in g]) == 9
    issues = {
        q.subject.value for q in quads if q.predicate.value.endswith("type") and q.object == ox.NamedNode(IKTW.Issue)
    }
    assert issues == {str(entity_iri("issue/2024-04")), str(entity_iri("issue/2024-05"))}


def test_entities_shared_by_the_two_issues_are_one_node_defined_once(two_issues):
    _, _, both = two_issues
    quads = read_quads(both)
    for identifier in SHARED:
        node = ox.NamedNode(str(entity_iri(identifier)))
        labels = [q for q in quads if q.subject == node and q.predicate == SKOS_PREF_LABEL]
        assert len(labels) == 2  # one ko, one en: defined once, whatever the number of issues
        (graph,) = {q.graph_name.value for q in labels}
        assert "2024-05" not in graph  # named where the real data defines it, not again by the new issue
    korea = ox.NamedNode(str(entity_iri("country/kr")))
    stated_in = {q.graph_name.value.rsplit("/", 1)[-1] for q in quads if korea in (q.subject, q.object)}
    assert {"2024-04-04", "2024-05-01"} <= stated_in


def test_diff_reports_exactly_the_additions_of_the_second_issue(two_issues):
    _, real, both = two_issues
    old, new = read_quads(real), read_quads(both)
    difference = diff_quads(old, new)
    assert difference.removed_entities == [] and difference.removed_facts == []
    assert difference.changed_facts == []
    assert set(difference.added_facts) == new - old
    fixture_graphs = {str(GRAPH["issue/2024-05"]), str(GRAPH["article/2024-05-01"]), str(GRAPH["article/2024-05-02"])}
    defined = {str(entity_iri(i)) for i in fixture_ids()}
    for quad in difference.added_facts:
        assert quad.graph_name.value in fixture_graphs or quad.subject.value in defined, quad
    added = {subject.strip("<>") for subject in difference.added_entities}
    evidence = {s for s in added if "/evidence/2024-05-0" in s}
    assert added == defined | evidence | {str(entity_iri("dataset/2024-05"))}
    assert len(evidence) == 4  # the fixture's four statements
    assert not added & {str(entity_iri(i)) for i in SHARED}
    changed = {subject.strip("<>") for subject in difference.changed_entities}
    assert changed == {str(entity_iri(i)) for i in ("country/kr", "country/jp", "policy/eu-batteries-regulation")}
    summary = difference.summary()
    assert summary["Article"]["entities"] == {"added": 2, "removed": 0, "changed": 0}
    assert summary["Observation"]["entities"]["added"] == 5
    assert summary["Unit"]["entities"]["added"] == 1  # unit/gwh


def test_the_diff_command_reads_built_trig_files_and_data_directories_alike(two_issues):
    data, real, both = two_issues
    from_files = run_cli("diff", str(real), str(both), "--format", "json")
    from_data = run_cli("diff", str(DATA_DIR), str(data), "--format", "json")
    assert from_files.returncode == from_data.returncode == 0, from_data.stderr
    files, directories = json.loads(from_files.stdout), json.loads(from_data.stdout)
    for report in (files, directories):
        report.pop("old"), report.pop("new")
    assert files == directories
    assert len(files["entities"]["added"]) == 23


def test_the_diff_command_prints_readable_tables_by_class(two_issues):
    _, real, both = two_issues
    run = run_cli("diff", str(real), str(both), "--limit", "100")
    assert run.returncode == 0, run.stderr
    assert "Changes by class" in run.stdout and "Added entities (23)" in run.stdout
    assert "article/2024-05-01" in run.stdout and "일본 차량용 배터리 공급망 동향" in run.stdout
    assert "Facts added to existing entities (4)" in run.stdout
    assert "Removed entities" not in run.stdout and "Changed facts" not in run.stdout


def test_the_articles_query_lists_each_issue_in_order_and_one_issue_on_request(two_issues):
    data, _, _ = two_issues
    every = json.loads(run_cli("query", "articles", "--data", str(data), "--format", "json").stdout)
    assert [(row["issue"], row["number"]) for row in every] == [("issue/2024-04", n) for n in range(1, 10)] + [
        ("issue/2024-05", 1),
        ("issue/2024-05", 2),
    ]
    fifth = json.loads(
        run_cli("query", "articles", "--data", str(data), "--param", "issue=issue/2024-05", "--format", "json").stdout
    )
    assert fifth == [row for row in every if row["issue"] == "issue/2024-05"]
    assert all(row["statements"] > 0 for row in fifth)
