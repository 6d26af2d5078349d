"""Every export says the same thing as the built graph, and builds are byte-for-byte repeatable."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import DATA_DIR
from pyld import jsonld
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic, to_isomorphic

from iktw_kg.validate import union_graph


def test_turtle_and_ntriples_are_the_union_graph(built, out_dir):
    expected = union_graph(built.dataset)
    for name, fmt in (("iktw.ttl", "turtle"), ("iktw.nt", "nt")):
        parsed = Graph().parse(out_dir / name, format=fmt)
        assert len(parsed) == len(expected)
        assert isomorphic(parsed, expected), name


def _graphs(dataset: Dataset) -> dict[str, Graph]:
    result = {}
    for graph in dataset.graphs():
        if len(graph):
            result[str(graph.identifier)] = graph
    return result


@pytest.mark.parametrize(("name", "fmt"), [("iktw.trig", "trig"), ("iktw.nq", "nquads")])
def test_trig_and_nquads_keep_every_named_graph(built, out_dir, name, fmt):
    parsed = Dataset()
    parsed.parse(out_dir / name, format=fmt)
    expected, actual = _graphs(built.dataset), _graphs(parsed)
    assert expected.keys() == actual.keys()
    assert len(expected) == 2 + 9  # vocabulary, issue, nine articles
    for identifier, graph in expected.items():
        assert isomorphic(actual[identifier], graph), identifier


def test_jsonld_parses_to_the_same_dataset(built, out_dir):
    parsed = Dataset()
    parsed.parse(out_dir / "iktw.jsonld", format="json-ld")
    expected, actual = _graphs(built.dataset), _graphs(parsed)
    assert expected.keys() == actual.keys()
    for identifier, graph in expected.items():
        assert isomorphic(actual[identifier], graph), identifier


def test_jsonld_is_compacted_with_the_project_context(out_dir):
    document = json.loads((out_dir / "iktw.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    text = (out_dir / "iktw.jsonld").read_text(encoding="utf-8")
    assert '"skos:prefLabel"' in text and "http://www.w3.org/2004/02/skos/core#prefLabel" not in text


def test_jsonld_expands_with_pyld_to_the_same_triples(built, out_dir):
    document = json.loads((out_dir / "iktw.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(jsonld.expand(document), {"format": "application/n-quads"})
    from_pyld = Dataset()
    from_pyld.parse(data=nquads, format="nquads")
    union = Graph()
    for s, p, o, _g in from_pyld.quads((None, None, None, None)):
        union.add((s, p, o))
    assert len(union) > 1000
    assert to_isomorphic(union) == to_isomorphic(union_graph(built.dataset))


def test_two_builds_are_byte_identical(tmp_path):
    """Separate processes with different hash seeds: no set or dict order may leak into the files."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "iktw_kg.cli", "build", "--data", str(DATA_DIR), "--out", str(out)],
            check=True,
            env=env,
            capture_output=True,
            cwd=tmp_path,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    assert len(outputs[0]) == 6
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], name
