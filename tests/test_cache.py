"""Incremental builds: only what changed is rebuilt, and the bytes equal a full build's."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA_DIR, raise_chinas_battery_share

from iktw_kg import load
from iktw_kg.cache import BUILD_MODULES, BuildCache
from iktw_kg.errors import InputErrors
from iktw_kg.pipeline import build
from iktw_kg.yamlnodes import read_yaml

EXPORTS = ("iktw.ttl", "iktw.trig", "iktw.nt", "iktw.nq", "iktw.jsonld", "shacl-report.ttl")


def contents(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in EXPORTS}


def test_build_modules_list_every_module_a_unit_build_imports():
    """A module missing from BUILD_MODULES could change outputs without invalidating the cache."""
    script = "import sys, iktw_kg.pipeline; print(' '.join(sorted(m for m in sys.modules if m.startswith('iktw_kg.'))))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    build_side = {name.removeprefix("iktw_kg.") for name in loaded} - {
        "pipeline",
        "assemble",
        "checks",
        "stopwatch",
        "collections_policy",
        "parallel",
    }
    assert build_side <= set(BUILD_MODULES), build_side - set(BUILD_MODULES)


def test_unchanged_build_uses_the_cache_and_gives_the_same_bytes(tmp_path):
    out = tmp_path / "out"
    first = build(DATA_DIR, out)
    assert sorted(first.rebuilt) == ["issue/2024-04", "shared"]
    before = contents(out)
    second = build(DATA_DIR, out)
    assert second.rebuilt == []
    assert contents(out) == before


def test_editing_one_article_rebuilds_only_its_issue_with_full_build_bytes(tmp_path, data_copy):
    data = data_copy
    out = tmp_path / "out"
    build(data, out)
    raise_chinas_battery_share(data)
    incremental = build(data, out)
    assert incremental.rebuilt == ["issue/2024-04"]
    assert len(list((out / ".cache" / "units").glob("*.pickle"))) == 2, "the superseded unit is pruned"
    assert len(list((out / ".cache" / "files").glob("*.pickle"))) == len(list(data.rglob("*.yaml")))
    assert b"68.6" in (out / "iktw.nt").read_bytes()
    fresh = build(data, tmp_path / "fresh")
    assert sorted(fresh.rebuilt) == ["issue/2024-04", "shared"]
    assert contents(out) == contents(tmp_path / "fresh")


def test_editing_the_shared_vocabulary_rebuilds_the_issues_that_use_it(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    out = tmp_path / "out"
    build(data, out)
    countries = data / "vocab" / "countries.yaml"
    countries.write_text(countries.read_text(encoding="utf-8").replace("en: France}", "en: French Republic}"), "utf-8")
    assert sorted(build(data, out).rebuilt) == ["issue/2024-04", "shared"]


def test_passed_quote_checks_are_cached_until_the_source_text_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    out = tmp_path / "out"
    build(data, out)
    assert len(list((out / ".cache" / "quotes").glob("*.pickle"))) == 1, "one issue, checked and remembered"
    source = data / "sources" / "iktw-2024-04.txt"
    text = source.read_text(encoding="utf-8")
    assert "68.5%" in text
    source.write_text(text.replace("68.5%", "68.9%"), encoding="utf-8")
    with pytest.raises(InputErrors) as raised:
        build(data, out)
    assert "quote not found in iktw-2024-04.txt" in str(raised.value)
    assert "04-china-nev-batteries.yaml" in str(raised.value)


def test_parsed_files_are_parsed_again_when_the_parsing_code_changes(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(DATA_DIR, out)
    parsed = []
    monkeypatch.setattr(load, "read_yaml", lambda path, raw: parsed.append(path) or read_yaml(path, raw))
    load.load_corpus(DATA_DIR, BuildCache(out / ".cache"))
    assert parsed == [], "unchanged files and code: every file comes from the cache"
    monkeypatch.setattr(load, "code_version", lambda: "a new rule in model.py")
    load.load_corpus(DATA_DIR, BuildCache(out / ".cache"))
    assert len(parsed) == len(list(DATA_DIR.rglob("*.yaml")))


def test_outputs_are_ordinary_readable_files(tmp_path):
    build(DATA_DIR, tmp_path / "out")
    mode = (tmp_path / "out" / "iktw.ttl").stat().st_mode
    assert mode & stat.S_IRGRP and mode & stat.S_IROTH
