"""The real bulletin, damaged the ways a PDF extraction or an editor damages it, still extracts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA_DIR, SOURCE_FILE

from iktw_kg.errors import InputError
from iktw_kg.extract.extractor import Extraction, KnownData, extract_text
from iktw_kg.load import load_corpus

HEADINGS = [
    "중국 원자력 산업 및 정책 동향 (⽇ 전기사업연합회, 2.7)",
    "글로벌 리튬배터리 산업 현황 및 전략 (中 China SAE·BCG, 1⽉)",
    "EU 에너지 집약 산업의 녹색·디지털 전환 현황 (歐 EC, 1.30)",
    "중국 신에너지차 및 차량용 배터리 산업 동향 (⽇ JETRO, 1⽉)",
    "인도 반도체 국산화 계획의 성패 요인 (⽇ 일본종합연구소, 2⽉)",
    "미국 클라우드 업체의 고객 정보 수집·보고 의무 규칙 (美 DoC, 1.29)",
    "’24년 미국 핵심·신흥 기술 목록 업데이트 (美 OSTP, 2.12)",
    "’24년 미국 대선 결과에 따른 정책 리스크 전망 (⽇ 미쓰이물산전략연구소, 1⽉)",
    "대만 기술 생태계의 잠재력 조명 (美 CEPA, 2.12)",
]


@pytest.fixture(scope="module")
def known() -> KnownData:
    return KnownData.from_corpus(load_corpus(DATA_DIR))


@pytest.fixture(scope="module")
def source() -> str:
    return SOURCE_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference(source: str, known: KnownData) -> Extraction:
    return extract_text(SOURCE_FILE, source, known)


def essentials(extraction: Extraction) -> dict[str, object]:
    """What must not change when only the text's form changes."""
    return {
        "articles": [
            (a.number, a.title, a.section_key, a.pages, a.organisation_ids, a.country_id, a.date)
            for a in extraction.articles
        ],
        "reports": [(r.title, r.publisher_ids, r.date, r.span.page) for r in extraction.reports],
        "tables": [(t.title, t.header, t.rows) for t in extraction.tables],
        "figures": sorted(
            (f.span.article, str(f.value), str(f.minimum), f.unit_id, f.period) for f in extraction.figures
        ),
        "mentions": sorted((m.span.article, m.entity_ids) for m in extraction.mentions),
    }


def test_crlf_line_ends_change_nothing_but_the_offsets(source, known, reference):
    crlf = extract_text(SOURCE_FILE, source.replace("\n", "\r\n"), known)
    assert essentials(crlf) == essentials(reference)
    assert not crlf.warnings
    jetro = next(m for m in crlf.mentions if m.surface == "JETRO")
    assert source.replace("\n", "\r\n")[jetro.span.start : jetro.span.end] == "JETRO"


def test_full_width_digits_read_as_digits(source, known, reference):
    full_width = source.translate({ord(digit): ord(digit) + 0xFEE0 for digit in "0123456789"})
    assert "６８.５%" in full_width
    assert essentials(extract_text(SOURCE_FILE, full_width, known)) == essentials(reference)


def test_extra_blank_lines_change_nothing(source, known, reference):
    spaced = source.replace("\n", "\n\n\n")
    assert essentials(extract_text(SOURCE_FILE, spaced, known)) == essentials(reference)


def test_a_missing_citation_is_a_warning_and_the_rest_still_extracts(source, known, reference):
    citation = "(참고 : EC, Monitoring the Twin Transition of Industrial Ecosystems: Energy Intensive Industries : \n"
    citation += "Analytical Report, 2024.01.30.)\n"
    assert citation in source
    extraction = extract_text(SOURCE_FILE, source.replace(citation, ""), known)
    assert len(extraction.articles) == 9
    assert [len(a.reports) for a in extraction.articles] == [1, 1, 0, 1, 1, 2, 1, 1, 1]
    assert [str(w) for w in extraction.warnings] == [
        "line 280: article 3 (EU 에너지 집약 산업의 녹색·디지털 전환 현황): no (참고 : …) citation found"
    ]
    assert extraction.articles[2].date == "2024-01-30"
    assert essentials(extraction)["figures"] == essentials(reference)["figures"]


def test_articles_in_another_order_keep_the_summary_numbers(source, known, reference):
    starts = sorted(source.rindex(heading) for heading in HEADINGS)
    starts = [source.rindex("\n", 0, start) + 1 for start in starts]
    blocks = [source[start:end] for start, end in zip(starts, [*starts[1:], len(source)], strict=True)]
    shuffled = source[: starts[0]] + "".join(blocks[i] for i in (8, 2, 0, 5, 1, 7, 3, 6, 4))
    extraction = extract_text(SOURCE_FILE, shuffled, known)
    found = essentials(extraction)
    expected = essentials(reference)
    assert found["articles"] == expected["articles"]
    assert found["reports"] == expected["reports"]
    assert found["figures"] == expected["figures"]
    assert any("different order from the summary" in str(w) for w in extraction.warnings)


def test_an_article_left_out_of_the_summary_is_numbered_after_the_listed_ones(source, known):
    entry = "∙ 대만 기술 생태계의 잠재력 조명 (美 CEPA, 2.12)"
    assert entry in source
    extraction = extract_text(SOURCE_FILE, source.replace(entry, "대만 기술 생태계의 잠재력을 다룬 기사"), known)
    last = extraction.articles[-1]
    assert (last.number, last.title) == (9, "대만 기술 생태계의 잠재력 조명")
    assert last.pages == [10]  # from the `❚ 10` printed before its heading
    assert any("is not in the summary table" in str(w) for w in extraction.warnings)


def test_without_the_summary_table_sections_and_pages_come_from_the_body(source, known, reference):
    body = source[source.index(" 1 ❚") :]
    extraction = extract_text(SOURCE_FILE, body, known)
    assert essentials(extraction)["articles"] == essentials(reference)["articles"]
    assert list(extraction.section_names.values()) == ["이슈포커스", "산업·기술 동향", "정책 동향"]
    assert (extraction.year, extraction.number) == (2024, 4)
    warnings = [str(w) for w in extraction.warnings]
    assert warnings[:2] == [
        "issue title not printed: 2024 No. 4 from the file name",
        "no summary table (요약) found: article order, sections and pages from the body",
    ]
    assert sum("not printed; estimated as" in w for w in warnings) == 4  # pages 3-6 carry no page marker


@pytest.mark.parametrize(
    "text",
    [
        "# iktw-kg\n\nA knowledge-graph builder for a Korean bulletin.\n",
        "",
        "2024년 4호에 대한 메모일 뿐, 기사는 없다.\n",
    ],
    ids=["readme", "empty", "title-only"],
)
def test_a_text_that_is_not_a_bulletin_is_refused(text, known):
    with pytest.raises(InputError) as raised:
        extract_text(Path("notes.txt"), text, known)
    message = str(raised.value)
    assert message.startswith("notes.txt: ")
    assert re.search(r"not an IKTW bulletin text|no article headings found", message)


def test_the_command_exits_2_naming_the_file_that_is_not_a_bulletin(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the weekly meeting.\n", encoding="utf-8")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Œuvre complète\n".encode("cp1252"))
    for path, expected in ((notes, "not an IKTW bulletin text"), (latin1, "not UTF-8 text (byte 0x8c)")):
        run = subprocess.run(
            [sys.executable, "-m", "iktw_kg.cli", "extract", str(path), "--data", str(DATA_DIR)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={"COLUMNS": "250", "PATH": "/usr/bin:/bin"},
        )
        assert run.returncode == 2, run.stderr
        assert str(path) in run.stderr and expected in run.stderr
        assert run.stdout == ""
