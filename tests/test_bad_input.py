"""Bad input: a message naming the file and line and what was expected, exit 2, out/ untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLE = Path("issues/2024-04/articles/04-china-nev-batteries.yaml")
VOCAB = Path("vocab/countries.yaml")


def run_build(data: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iktw_kg.cli", "build", "--data", str(data), "--out", str(out)],
        capture_output=True,
        text=True,
        env={"COLUMNS": "250", "PATH": "/usr/bin:/bin"},
        cwd=out.parent,
    )


def tree_digest(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the first line containing `old`; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if old in line)
    lines[index] = lines[index].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def append(path: Path, text: str) -> int:
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def broken_yaml(data: Path) -> tuple[Path, int, str]:
    path = data / ARTICLE
    return path, replace_line(path, "page: 5", "page: 5: 6"), "YAML syntax error"


def unknown_reference(data: Path) -> tuple[Path, int, str]:
    path = data / ARTICLE
    line = replace_line(path, "subject: country/cn", "subject: country/atlantis")
    return path, line, "unknown entity 'country/atlantis'"


def duplicate_id(data: Path) -> tuple[Path, int, str]:
    path = data / VOCAB
    line = append(path, "  - {id: country/kr, type: Country, label: {ko: 한국, en: Korea}, iso3166: KR}\n")
    return path, line, "id 'country/kr' is already defined at"


def impossible_date(data: Path) -> tuple[Path, int, str]:
    path = data / "issues/2024-04/issue.yaml"
    line = replace_line(path, "date: 2024-02-07", "date: 2024-13-01")
    return path, line, "month must be 01-12"


def number_as_text(data: Path) -> tuple[Path, int, str]:
    path = data / ARTICLE
    line = replace_line(path, "value: 68.5", 'value: "68,5%"')
    return path, line, "expected a plain number"


def unknown_field(data: Path) -> tuple[Path, int, str]:
    path = data / VOCAB
    line = append(path, "  - {id: country/xx, type: Country, label: {ko: 가, en: X}, iso3166: XX, capital: Y}\n")
    return path, line, "unknown field 'capital'"


CASES = [broken_yaml, unknown_reference, duplicate_id, impossible_date, number_as_text, unknown_field]


@pytest.mark.parametrize("breakage", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_is_reported_and_out_is_untouched(data_copy, tmp_path, breakage):
    out = tmp_path / "out"
    assert run_build(data_copy, out).returncode == 0
    before = tree_digest(out)
    path, line, expected = breakage(data_copy)
    result = run_build(data_copy, out)
    assert result.returncode == 2, result.stderr
    assert f"{path}:{line}:" in result.stderr, result.stderr
    assert expected in result.stderr
    assert tree_digest(out) == before
