"""`iktw-kg query` and `iktw-kg describe` as an analyst runs them: output formats, aligned tables, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA_DIR
from rich.cells import cell_len
from typer.testing import CliRunner, Result

from iktw_kg import cli
from iktw_kg.resources import PROJECT_ROOT

RUNNER = CliRunner()


def iktw_process(*args: str) -> subprocess.CompletedProcess[str]:
    """The real console command in a fresh interpreter, for exit codes and streams end to end."""
    return subprocess.run(
        [sys.executable, "-m", "iktw_kg.cli", *args, "--data", str(DATA_DIR)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide terminal, as an analyst would use for these tables. Rich reads COLUMNS on every
    print; setting the console's width instead would leave it pinned after the test."""
    monkeypatch.setenv("COLUMNS", "200")


def iktw(*args: str) -> Result:
    """The same command in this process (the graph is built once for all the tests)."""
    return RUNNER.invoke(cli.app, [*args, "--data", str(DATA_DIR)])


def test_csv_output_of_the_battery_shares():
    done = iktw_process("query", "battery-shipment-shares", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["country"], r["share"], r["page"]) for r in rows] == [
        ("중국", "68.5", "5"),
        ("한국", "23.7", "5"),
        ("일본", "7.9", "5"),
    ]
    assert rows[0]["quote"] == "’22년 출하 점유율은 중국 68.5%, 한국 23.7%, 일본 7.9%"


def test_json_and_tsv_output_with_a_parameter():
    done = iktw("query", "reactors", "--param", "country=중국", "--format", "json")
    assert done.exit_code == 0, done.stderr
    rows = json.loads(done.stdout)
    htr_pm = next(row for row in rows if row["design_id"] == "reactor-design/htr-pm")
    assert (htr_pm["plant"], htr_pm["units"], htr_pm["capacity_mw"], htr_pm["uses"]) == ("시다오만 원전", 1, 211, None)
    tsv = iktw("query", "forecasts", "-p", "year=2030", "-f", "tsv")
    header, *lines = tsv.stdout.splitlines()
    assert header.split("\t") == [
        "year",
        "subject",
        "indicator",
        "value",
        "comparator",
        "unit",
        "cagr_percent",
        "article",
        "page",
    ]
    assert "2030\t리튬\t글로벌 리튬 수요\t4200000\texact\t톤\t20\tarticle/2024-04-02\t3" in lines


def test_table_output_keeps_korean_columns_aligned():
    done = iktw("query", "country-technology-matrix")
    assert done.exit_code == 0, done.stderr
    table = [line for line in done.stdout.splitlines() if line[:1] in "┏┃┡│└"]
    assert len({cell_len(line) for line in table}) == 1, "every row of the table has the same display width"
    row = next(line for line in table if "신에너지차 구입 보조금" in line)
    assert row.split("│")[1].strip() == "중국"
    assert "56 row(s)" in done.stdout


def test_list_shows_every_query_with_its_question():
    done = iktw("query", "--list")
    assert done.exit_code == 0, done.stderr
    for path in sorted((PROJECT_ROOT / "queries").glob("*.rq")):
        assert path.stem in done.stdout
    assert "세계 차량용 배터리 출하 점유율은 나라별로 얼마인가?" in done.stdout
    assert "year (year, default 2022)" in done.stdout


def test_describe_prints_names_relations_and_figures_with_pages():
    done = iktw("describe", "ＨＴＲ－ＰＭ 실증로", "--lang", "en")
    assert done.exit_code == 0, done.stderr
    assert "Shidao Bay HTR-PM demonstration reactor" in done.stdout
    assert "reactor/shidaowan-htr-pm" in done.stdout
    assert "Shidao Bay Nuclear Power Plant" in done.stdout
    assert "electrical output per reactor unit" in done.stdout
    assert "전기 출력 211MW의 고온가스로 SMR 실증로" in done.stdout


def test_describe_of_an_ambiguous_name_exits_2_with_the_candidates():
    done = iktw_process("describe", "Critical and Emerging Technologies List 2024 Update")
    assert done.returncode == 2
    assert "names 2 entities" in done.stderr
    assert "policy/us-cet-list-2024 (TechnologyList)" in done.stderr
    assert "report/ostp-2024-02-12-cet-list (Report)" in done.stderr
    assert done.stdout == ""


def test_bad_query_input_exits_2_with_a_clear_message(tmp_path: Path):
    cases = [
        (("query", "reactor"), "no query named 'reactor' and no such file; did you mean reactors?"),
        (("query", "policy-technology", "-p", "contry=cn"), "it takes country (entity, optional), technology"),
        (("query", "policy-technology", "-p", "country"), "--param: expected key=value, found 'country'"),
        (("query", "battery-shipment-shares", "-p", "year=22"), "expected a four-digit year such as 2022"),
        (("query",), "give a query name or file, or --list to see the library"),
        (("query", "quote-search", "-p", "text=[/x]", "-p", "text=y"), "parameter 'text' is given twice"),
    ]
    for args, message in cases:
        done = iktw(*args)
        assert done.exit_code == 2, args
        assert message in " ".join(done.stderr.split()), (args, done.stderr)
        assert "Traceback" not in done.stderr


def test_a_syntax_error_in_a_users_file_shows_line_column_and_caret(tmp_path: Path):
    path = tmp_path / "typo.rq"
    path.write_text("SELECT ?s\nWHERE {\n  ?s a iktw:Country .\n  FILTR(?s)\n}\n", encoding="utf-8")
    done = iktw("query", str(path))
    assert done.exit_code == 2
    assert f"{path}:4: SPARQL syntax error at line 4, column" in done.stderr
    assert "  FILTR(?s)" in done.stderr
    assert "^" in done.stderr


def test_injection_attempts_return_no_rows_or_are_refused():
    for value in ['"} ; DROP ALL ; #', "<x> } UNION { ?s ?p ?o", "[/x] } UNION {"]:
        searched = iktw("query", "quote-search", "-p", f"text={value}", "-f", "json")
        assert searched.exit_code == 0, searched.stderr
        assert json.loads(searched.stdout) == []
        bound = iktw("query", "policy-technology", "-p", f"country={value}", "-f", "json")
        assert bound.exit_code == 2
        assert "no entity is named" in bound.stderr
        assert bound.stdout == ""
