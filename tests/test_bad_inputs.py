"""The bad-input corpus (tests/bad_inputs/cases.yaml): a clear message naming the file and line,
exit code 2, and out/ byte-identical to before — for every case."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA_DIR
from ruamel.yaml import YAML

CASES_DIR = Path(__file__).parent / "bad_inputs"
CASES = YAML(typ="safe").load((CASES_DIR / "cases.yaml").read_text(encoding="utf-8"))


def tree_digest(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def break_data(case: dict, project: Path) -> int | None:
    """Apply the case to project/data; return the line it changed, when one line is to blame."""
    target = project / "data" / case.get("target", "")
    action = case["action"]
    if action == "replace":
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        index = next(i for i, line in enumerate(lines) if case["old"] in line)
        lines[index] = lines[index].replace(case["old"], case["new"], 1)
        target.write_text("".join(lines), encoding="utf-8")
        return index + 1
    if action == "append":
        before = target.read_text(encoding="utf-8")
        target.write_text(before + case["text"], encoding="utf-8")
        return before.count("\n") + 1
    if action == "add":
        shutil.copyfile(CASES_DIR / case["payload"], target)
    elif action == "bytes":
        target.write_bytes(case["content"].encode(case["encoding"]))
    elif action == "bom":
        target.write_bytes(b"\xef\xbb\xbf" + case["content"].encode("utf-8"))
    elif action == "crlf":
        target.write_bytes(case["content"].replace("\n", "\r\n").encode("utf-8"))
    elif action == "large":
        row = "  - {id: org/filler, type: Company, label: {ko: 채움, en: filler}}\n"
        target.write_text("entities:\n" + row * (case["megabytes"] * 1024 * 1024 // len(row)), encoding="utf-8")
    elif action == "args" and "symlink" in case:
        elsewhere = project.parent / "elsewhere"
        elsewhere.mkdir(exist_ok=True)
        (project / case["symlink"]).symlink_to(elsewhere, target_is_directory=True)
    return None


@pytest.fixture(scope="module")
def baseline_out(built, out_dir) -> Path:
    return out_dir


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_bad_input(case, tmp_path, baseline_out):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(DATA_DIR, project / "data")
    shutil.copytree(baseline_out, project / "out")
    before = tree_digest(project / "out")
    changed_line = break_data(case, project)
    args = case.get("args", ["--out", "out"])
    result = subprocess.run(
        [sys.executable, "-m", "iktw_kg.cli", "build", "--data", "data", *args],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "COLUMNS": "300"},
        timeout=120,
    )
    stderr = result.stderr
    assert result.returncode == 2, stderr or result.stdout
    assert case["expect"] in stderr, stderr
    assert "Traceback" not in stderr
    where = case["where"]
    target = f"data/{case.get('target', '')}"
    if where == "line":
        assert f"{target}:{changed_line}:" in stderr, stderr
    elif where == "file":
        assert target in stderr, stderr
    elif isinstance(where, int):
        assert f"{target}:{where}:" in stderr, stderr
    assert tree_digest(project / "out") == before
    assert not list((project / "out").glob(".*.tmp"))


def test_the_corpus_is_large_enough_and_every_case_names_its_message():
    assert len(CASES) >= 30
    assert len({case["name"] for case in CASES}) == len(CASES)
    assert all(case["expect"] for case in CASES)


def test_unsafe_tag_was_not_executed(tmp_path):
    """The `!!python/object/apply:os.system` payload writes /tmp/pwned if it ever runs."""
    assert not Path("/tmp/pwned").exists()
