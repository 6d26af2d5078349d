"""Extraction of the real bulletin (2024 No. 4): issue, articles, citations and tables match the curation."""

from __future__ import annotations

import pytest
from conftest import DATA_DIR, SOURCE_FILE

from iktw_kg.evidence import normalise
from iktw_kg.extract.extractor import Extraction, extract_issue
from iktw_kg.load import IssueRecord, load_corpus


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return extract_issue(SOURCE_FILE, DATA_DIR)


@pytest.fixture(scope="module")
def curated() -> IssueRecord:
    return next(record for record in load_corpus(DATA_DIR).issues if record.issue.id == "issue/2024-04")


def test_the_issue_is_2024_number_4_of_the_bulletin(extraction):
    assert (extraction.bulletin_name, extraction.year, extraction.number) == ("산업기술 동향워치", 2024, 4)
    assert list(extraction.section_names.values()) == ["이슈포커스", "산업·기술 동향", "정책 동향"]
    assert not extraction.warnings


def test_nine_articles_with_the_curated_title_section_pages_source_country_and_date(extraction, curated):
    sections = {section.id: section.label.ko for section in curated.sections}
    assert len(extraction.articles) == 9
    for found, article in zip(extraction.articles, curated.articles, strict=True):
        assert found.number == article.number
        assert found.title == article.title.ko
        assert extraction.section_names[found.section_key] == sections[article.section]
        assert found.pages == article.pages
        assert found.organisation_ids == article.source_organisations
        assert found.country_id == article.source_country
        assert found.date == article.date
        assert normalise(found.heading) == normalise(article.heading)


def test_every_citation_is_split_into_the_curated_reports(extraction, curated):
    found = extraction.reports
    assert len(found) == len(curated.reports) == 10
    by_article = {article.number: article.reports for article in curated.articles}
    curated_reports = {report.id: report for report in curated.reports}
    for article in extraction.articles:
        expected = [curated_reports[report_id] for report_id in by_article[article.number]]
        assert len(article.reports) == len(expected)
        for report, reference in zip(article.reports, expected, strict=True):
            assert report.title == reference.title
            assert report.title_lang == reference.title_lang
            assert report.publisher_ids == reference.publishers
            assert report.date == reference.date
            assert report.span.page == reference.page
            assert normalise(report.quote) == normalise(reference.quote)


def test_the_two_reports_of_the_doc_article_are_split_at_the_semicolon(extraction):
    doc, reuters = extraction.articles[5].reports
    assert doc.quote.endswith("2024.01.29.") and doc.quote.startswith("(참고 : DoC,")
    assert reuters.quote.startswith("Reuters, Eying China, US Proposes") and reuters.quote.endswith("2024.01.27.)")
    assert reuters.title == "Eying China, US Proposes 'Know Your Customer' Cloud Computing Requirements"


def test_every_titled_table_is_found_with_its_rows(extraction):
    titles = [table.title for table in extraction.tables]
    assert titles == [
        "중국 원자력 발전소 다목적 이용 사례",
        "배터리 산업 단계별 발전 전망",
        "주요국 배터리 산업 발전 전략 추진 현황",
        "EU 에너지 집약 산업 생태계의 녹색·디지털 전환 현황",
        "한·중·일 세계 차량용 배터리 출하 점유율(’18~’22)",
        "세계 LIB 4대 부자재 출하량(’18~22년)",
        "인도 반도체 국산화 계획의 주요 성패 요인",
        "’24년 핵심·신흥 기술 목록",
        "미 대선 주요 변수",
        "양당 지지층의 기후변화 문제 인식",
        "바이든 정부의 법률·행정명령에 대한 긍정 평가",
    ]
    tables = {table.title: table for table in extraction.tables}
    labels = {title: [row["label"] for row in table.rows] for title, table in tables.items()}
    assert labels["주요국 배터리 산업 발전 전략 추진 현황"] == ["한국", "중국", "일본", "EU", "미국"]
    assert labels["배터리 산업 단계별 발전 전망"] == [
        "업스트림 (주요 원자재)",
        "미드스트림 (양·음극재)",
        "다운스트림 (생산·공급)",
    ]
    assert labels["인도 반도체 국산화 계획의 주요 성패 요인"] == [
        "고품질 전력 인프라 정비",
        "지속 가능한 수자원 확보",
        "인력 확보·육성",
    ]
    assert labels["미 대선 주요 변수"] == ["인구 구성", "경제·정치 변수"]
    cet = labels["’24년 핵심·신흥 기술 목록"]
    assert len(cet) == 18
    assert cet[0] == "첨단 컴퓨팅" and cet[-1] == "우주 기술·시스템"
    assert "데이터 프라이버시, 데이터 보안, 사이버보안 기술" in cet
    shipments = tables["세계 LIB 4대 부자재 출하량(’18~22년)"]
    assert shipments.header == ["구분", "’18년", "’19년", "’20년", "’21년", "’22년"]
    assert shipments.rows[3] == {
        "label": "분리막(1,000㎡)",
        "numbers": ["3,533,265", "4,603,200", "5,902,560", "10,785,454", "16,394,995"],
    }
    image_tables = [title for title, table in tables.items() if table.header is None]
    assert image_tables == [
        "중국 원자력 발전소 다목적 이용 사례",
        "한·중·일 세계 차량용 배터리 출하 점유율(’18~’22)",
        "양당 지지층의 기후변화 문제 인식",
        "바이든 정부의 법률·행정명령에 대한 긍정 평가",
    ]


def test_a_table_row_keeps_its_cells_apart_from_the_next_row(extraction):
    """`첨단 컴퓨팅 ∙ …` lines are rows of their own, never joined to the previous cell."""
    cet = next(table for table in extraction.tables if table.title == "’24년 핵심·신흥 기술 목록")
    first, second = cet.rows[:2]
    assert first["cells"] == ["∙ 첨단 슈퍼컴퓨팅, 엣지 컴퓨팅, 첨단 클라우드 서비스, 공간 컴퓨팅"]
    assert second == {
        "label": "첨단 엔지니어링 재료",
        "cells": ["∙ 재료 유전체학, 신규 특성 보유 소재, 재료 특성 정의 및 수명주기 평가"],
    }


def test_the_lost_circled_numbers_are_restored_in_sequence(extraction):
    """Œ � Ž � � in article 1 are ① ② ③ ④ ⑤ (the font's bytes 0x8C-0x90); article 7 starts again at ①."""
    assert extraction.repairs == [
        "line 144: 'Œ' → ①",
        "line 154: '\ufffd' → ②",
        "line 168: 'Ž' → ③",
        "line 172: '\ufffd' → ④",
        "line 186: '\ufffd' → ⑤",
        "line 567: 'Œ' → ①",
        "line 567: '\ufffd' → ②",
        "line 567: 'Ž' → ③",
    ]
    sentences = {mention.sentence for mention in extraction.mentions}
    assert any(sentence.startswith("- (④티안만 원전)") for sentence in sentences)


def test_broken_lines_are_joined_back_into_sentences(extraction):
    sentences = {mention.sentence for mention in extraction.mentions}
    # wrapped at a space (the PDF keeps it at the end of the line)
    assert (
        "- 전 세계 온실가스 배출량 감축 수단으로서 원자력 발전이 추진되는 가운데, 발전 외 목적으로 원자력을 "
        "이용하는 방안에도 관심 집중"
    ) in sentences
    # wrapped inside a word on a full line: 석유|화학산업, 가|치
    assert any("중국제 CNP-1000 2기를 가동하여 석유화학산업 기지에 증기를 공급" in s for s in sentences)
    assert any("③민주적 가치 실현 및 수호를 3대 국가 안보 이익으로 정의" in s for s in sentences)
    # a paragraph after a sentence that ended is not glued to it
    assert not any("분산시키려는 계획 추진 인도는" in s for s in sentences)


def test_mentions_carry_offsets_into_the_source_and_their_sentence(extraction):
    source = SOURCE_FILE.read_text(encoding="utf-8")
    jetro = [mention for mention in extraction.mentions if mention.entity_ids == ("org/jetro",)]
    assert {mention.surface for mention in jetro} == {"JETRO", "일본무역진흥기구"}
    for mention in extraction.mentions:
        printed = source[mention.span.start : mention.span.end]
        assert normalise(printed).casefold() == normalise(mention.surface).casefold()
        assert normalise(mention.surface) in normalise(mention.sentence)
    first = jetro[0]
    assert first.span.article == 4 and first.span.page == 5 and first.span.line == 355


def test_figures_are_read_with_magnitude_unit_bound_and_period(extraction):
    figures = {(figure.span.article, figure.printed): figure for figure in extraction.figures}
    exports = figures[(4, "241억 6,492만 달러")]
    assert (exports.value, exports.unit_id, exports.period) == (24164920000, "unit/usd", "2023-01..2023-08")
    reserves = figures[(2, "60~70%")]
    assert (reserves.minimum, reserves.maximum, reserves.value) == (60, 70, None)
    assert figures[(4, "80%")].comparator.value == "at-least"
    assert figures[(3, "480억 유로")].comparator.value == "over"
    assert figures[(3, "800만 명")].comparator.value == "approx"
    demand = figures[(2, "420만 톤")]
    assert (demand.value, demand.unit_id, demand.period, demand.forecast) == (4200000, "unit/tonne", "2030", True)
    separator = figures[(4, "16,394,995")]
    assert (separator.unit_id, separator.period, separator.subject_id) == (
        "unit/thousand-square-metre",
        "2022",
        "tech/separator",
    )
    assert figures[(4, "68.5%")].subject_id == "country/cn"
    assert figures[(4, "23.7%")].subject_id == "country/kr"
    assert figures[(1, "211MW")].span.page == 2
    assert all("1대당" not in figure.printed and figure.printed != "5개" for figure in extraction.figures)
