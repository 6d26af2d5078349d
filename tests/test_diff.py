"""`iktw-kg diff`: a curator's edit of the real data shows up as exactly the facts it changed."""

from __future__ import annotations

import json
from pathlib import Path

from sparql_servers import run_cli

from iktw_kg.diff import diff_quads, read_quads

ARTICLE = Path("issues/2024-04/articles/04-china-nev-batteries.yaml")


def test_an_edited_value_is_one_changed_fact_of_its_observation(data_copy):
    path = data_copy / ARTICLE
    text = path.read_text(encoding="utf-8")
    assert text.count("value: 68.5") == 1
    path.write_text(text.replace("value: 68.5", "value: 68.6"), encoding="utf-8")
    run = run_cli("diff", "data", str(data_copy), "--format", "json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["facts"]["added"] == [] and report["facts"]["removed"] == []
    (change,) = report["facts"]["changed"]
    decimal = "<http://www.w3.org/2001/XMLSchema#decimal>"
    assert change == {
        "graph": "<https://w3id.org/iktw/graph/article/2024-04-04>",
        "subject": "<https://w3id.org/iktw/id/obs/2024-04-battery-share-cn-2022>",
        "predicate": "<https://w3id.org/iktw/ontology#value>",
        "old": f'"68.5"^^{decimal}',
        "new": f'"68.6"^^{decimal}',
    }
    (entity,) = report["entities"]["changed"]
    assert entity["class"] == "Observation" and entity["id"].endswith("obs/2024-04-battery-share-cn-2022")
    assert report["summary"] == {
        "Observation": {
            "entities": {"added": 0, "removed": 0, "changed": 1},
            "facts": {"added": 0, "removed": 0, "changed": 1},
        }
    }
    text_run = run_cli("diff", "data", str(data_copy))
    assert "Changed facts (1)" in text_run.stdout
    assert "obs/2024-04-battery-share-cn-2022" in text_run.stdout and "68.5" in text_run.stdout


def test_a_new_alias_is_an_added_fact_not_a_change(data_copy):
    """altLabel has several values per entity, so it is not functional: a new alias is added, not changed."""
    path = data_copy / "vocab" / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("aliases: [JETRO]", "aliases: [JETRO, 제트로]"), encoding="utf-8")
    run = run_cli("diff", "data", str(data_copy), "--format", "json")
    report = json.loads(run.stdout)
    assert report["facts"]["changed"] == [] and report["facts"]["removed"] == []
    (added,) = report["facts"]["added"]
    assert added["subject"].endswith("/org/jetro>") and added["object"] == '"제트로"'
    assert report["entities"]["changed"][0]["label"] == "일본무역진흥기구"


def test_identical_graphs_have_no_differences(built, out_dir):
    trig = out_dir / "iktw.trig"
    nquads = out_dir / "iktw.nq"
    assert diff_quads(read_quads(trig), read_quads(nquads)).empty
    run = run_cli("diff", str(trig), "data")
    assert run.returncode == 0 and "No differences." in run.stdout


def test_bad_inputs_exit_2_naming_the_file(tmp_path, out_dir):
    broken = tmp_path / "broken.trig"
    broken.write_text("<https://example.org/a> <https://example.org/b> .\n", encoding="utf-8")
    turtle = out_dir / "iktw.ttl"
    missing = tmp_path / "missing.trig"
    for path, expected in (
        (broken, ":1: not valid TriG: Parser error at line 1 column 49"),
        (turtle, "cannot compare a .ttl file: expected .trig or .nq"),
        (missing, "not found"),
    ):
        run = run_cli("diff", str(path), str(out_dir / "iktw.trig"))
        assert run.returncode == 2, run.stdout
        assert str(path) in run.stderr and expected in run.stderr
