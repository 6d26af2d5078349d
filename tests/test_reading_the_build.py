"""Queries, `serve` and `push` after `iktw-kg build` read the units it cached instead of mapping
(and validating) the data again; a unit edited since the build is built again, never read stale."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import DATA_DIR, raise_chinas_battery_share
from sparql_servers import run_cli

from iktw_kg.assemble import unit_quads
from iktw_kg.cache import CACHE_DIRECTORY, BuildCache
from iktw_kg.export import sorted_quads
from iktw_kg.mapping import build_dataset
from iktw_kg.pipeline import build, current_units, load_checked
from iktw_kg.query import local
from iktw_kg.query.binding import bind_parameters
from iktw_kg.query.library import load_library
from iktw_kg.query.local import LocalGraph


def refuse_to_map(*_: object) -> None:
    raise AssertionError("the corpus was mapped again although the build's units were current")


def test_after_a_build_the_query_graph_comes_from_its_units_and_equals_the_mapped_one(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build(DATA_DIR, out).conforms
    mapped = LocalGraph.build(DATA_DIR)
    monkeypatch.setattr(local, "build_dataset", refuse_to_map)
    from_units = LocalGraph.build(DATA_DIR, out)
    assert set(from_units.store) == set(mapped.store)
    assert set(from_units.dataset) == set(mapped.dataset)
    for name, definition in load_library().items():
        bindings = bind_parameters(definition, definition.example, mapped.resolve_entity)
        assert from_units.execute(definition, bindings) == mapped.execute(definition, bindings), name


def test_without_a_build_the_corpus_is_mapped_and_nothing_is_written(tmp_path):
    out = tmp_path / "never-built"
    graph = LocalGraph.build(DATA_DIR, out)
    assert len(graph.store) == len(LocalGraph.build(DATA_DIR).store)
    assert not out.exists()


@pytest.mark.parametrize("rebuild", [False, True])
def test_a_figure_edited_after_the_build_is_what_the_query_shows(tmp_path, data_copy, rebuild):
    data = data_copy
    out = tmp_path / "out"
    build(data, out)
    raise_chinas_battery_share(data)
    if rebuild:
        build(data, out)
    result = run_cli("query", "battery-shipment-shares", "--data", str(data), "--out", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    shares = {row["country"]: row["share"] for row in json.loads(result.stdout)}
    assert shares["중국"] == 68.6


def test_an_edit_since_the_build_rebuilds_that_unit_for_the_query_without_mapping_everything(
    tmp_path, data_copy, monkeypatch
):
    data = data_copy
    out = tmp_path / "out"
    build(data, out)
    cached = sorted(path.name for path in (out / ".cache").rglob("*.pickle"))
    raise_chinas_battery_share(data)
    monkeypatch.setattr(local, "build_dataset", refuse_to_map)
    graph = LocalGraph.build(data, out)
    shares = graph.execute(load_library()["battery-shipment-shares"]).rows
    assert {row["country"]: row["share"] for row in shares}["중국"] == Decimal("68.6")
    assert sorted(path.name for path in (out / ".cache").rglob("*.pickle")) == cached, "the query wrote nothing"


@pytest.mark.parametrize("built_first", [False, True])
def test_serve_and_push_send_the_quads_of_the_mapped_data_in_the_same_order(tmp_path, built_first):
    out = tmp_path / "out"
    if built_first:
        build(DATA_DIR, out)
    cache = BuildCache(out / CACHE_DIRECTORY)
    from_units = unit_quads(current_units(load_checked(DATA_DIR, cache=cache), cache))
    assert from_units == sorted_quads(build_dataset(load_checked(DATA_DIR)))
