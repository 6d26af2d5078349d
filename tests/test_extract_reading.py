"""How the extractor reads the bulletin's conventions, on sentences printed in 2024 No. 4."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import DATA_DIR

from iktw_kg.extract.extractor import KnownData
from iktw_kg.extract.figures import UnitWords, read_numbers
from iktw_kg.extract.periods import find_periods
from iktw_kg.extract.textnorm import clean_text, restore_circled_markers
from iktw_kg.load import load_corpus


@pytest.fixture(scope="module")
def known() -> KnownData:
    return KnownData.from_corpus(load_corpus(DATA_DIR))


def figures(sentence: str, known: KnownData) -> list[tuple[str, Decimal | None, str | None, str]]:
    readings = read_numbers(sentence, find_periods(sentence, 2024), known.unit_words)
    return [(r.printed, r.value, r.unit, r.comparator.value) for r in readings]


@pytest.mark.parametrize(
    ("printed", "periods"),
    [
        ("’23년 1~8월 신에너지차 수출액은", ["2023-01..2023-08"]),
        ("’17~’20년 간 역내 기업의", ["2017..2020"]),
        ("세계 LIB 4대 부자재 출하량(’18~22년)", ["2018..2022"]),
        ("「의료용 동위원소 중장기 발전 계획(’21~’35년)」(’21.5)", ["2021..2035", "2021-05"]),
        ("’23.12월 상업 운전을 개시", ["2023-12"]),
        ("’23년 말 기준 총 55기의", ["2023"]),
        ("’80년 이후 현직 대통령", ["1980"]),
        ("2024.01.29.; Reuters", ["2024-01-29"]),
    ],
)
def test_dates_and_periods_are_read_as_printed(printed, periods):
    assert [span.period for span in find_periods(printed, 2024)] == periods


def test_korean_magnitudes_chain_and_units_are_read(known):
    assert figures("수출액은 241억 6,492만 달러로", known) == [("241억 6,492만 달러", 24164920000, "달러", "exact")]
    assert figures("평균 수출가격은 2.3만 달러로", known) == [("2.3만 달러", 23000, "달러", "exact")]
    assert figures("총 7,600억 루피의 자금 지원", known) == [("7,600억 루피", 760000000000, "루피", "exact")]
    assert figures("▲분리막 133.2억 평방미터(㎡)(81%)", known) == [
        ("133.2억 평방미터", 13320000000, "평방미터", "exact"),
        ("81%", 81, "%", "exact"),
    ]


def test_bounds_around_a_figure_become_comparators(known):
    assert figures("약 650만 대로", known) == [("650만 대", 6500000, "대", "approx")]
    assert figures("출하량의 80% 이상을 점유", known) == [("80%", 80, "%", "at-least")]
    assert figures("480억 유로를 상회", known) == [("480억 유로", 48000000000, "유로", "over")]
    assert figures("연 매출의 5% 미만을", known) == [("5%", 5, "%", "under")]
    assert figures("최대 20년의 징역형", known) == [("20년", 20, "년", "at-most")]
    ((printed, value, unit, comparator),) = figures("0~3%포인트 정도로 미미할 전망", known)
    assert (printed, value, unit, comparator) == ("0~3%포인트", None, "%포인트", "approx")


def test_numbers_that_are_not_figures_have_no_unit(known):
    """Identifiers, ordinals, name parts and per-unit rates are listed as bare numbers, never as figures."""
    for sentence in (
        "(행정명령 13984호) 상무부에",
        "「제14차 5개년 규획」(’21.3)",
        "’21년보다 1대당 6,000달러 상승",
        "코로나19 팬데믹에 따른",
        "CNP-600 2기를 가동",
    ):
        readings = read_numbers(sentence, find_periods(sentence, 2024), known.unit_words)
        bare = {r.printed for r in readings if r.unit is None}
        units = {r.printed for r in readings if r.unit is not None}
        assert not units & {"13984", "14", "5개", "1대", "19", "600"}, sentence
        assert bare <= {"13984", "5", "1"}, sentence
    assert [r.printed for r in read_numbers("CNP-600 2기를 가동", [], known.unit_words)] == ["2기"]


def test_the_gazetteer_finds_the_longest_name_and_respects_word_boundaries(known):
    def names(text: str) -> list[tuple[str, tuple[str, ...]]]:
        return [(text[m.start : m.end], m.entity_ids) for m in known.names.find(text)]

    assert names("중국자동차기술자학회와 보스턴 컨설팅 그룹(BCG)이") == [
        ("중국자동차기술자학회", ("org/china-sae",)),
        ("보스턴 컨설팅 그룹", ("org/bcg",)),
        ("BCG", ("org/bcg",)),
    ]
    assert names("일본무역진흥기구(ＪＥＴＲＯ)가") == [
        ("일본무역진흥기구", ("org/jetro",)),
        ("ＪＥＴＲＯ", ("org/jetro",)),
    ]
    assert names("the energy sector in general") == []  # no EC inside 'sector'
    assert names("미래형 첨단 원전") == []  # 미 (the US) only when it stands alone
    assert names("(⽇ JETRO, 1⽉)") == [("⽇", ("country/jp",)), ("JETRO", ("org/jetro",))]
    assert names("리튬배터리 산업")[0] == ("리튬배터리", ("tech/lithium-battery",))


def test_cleaning_keeps_offsets_into_the_source_as_read():
    raw = "중국 ⽇ 전기사업연합회\r\n６８.５% (Œ시다오만 원전) (\ufffd창장 원전)\r\n"
    clean = restore_circled_markers(clean_text(raw), [])
    assert clean.text == "중국 日 전기사업연합회\n68.5% (①시다오만 원전) (②창장 원전)\n"
    start = clean.text.index("68.5%")
    assert clean.raw_slice(start, start + 5) == "６８.５%"
    assert clean.line_of(start) == 2
    second = clean.text.index("②")
    assert clean.raw_slice(second, second + 1) == "\ufffd"


def test_a_replacement_character_that_no_sequence_explains_is_marked():
    clean = restore_circled_markers(clean_text("앞 \ufffd 뒤\n(Œ가) (\ufffd나) (\ufffd다)\n"), [])
    assert clean.text == "앞 〓 뒤\n(①가) (②나) (〓다)\n"
    assert [(r.line, r.replaced_by) for r in clean.repairs] == [(1, "〓"), (2, "①"), (2, "②"), (2, "〓")]


def test_unit_words_include_the_units_defined_in_data(known):
    assert known.unit_words.at("120GWh로", 3) == "GWh"
    assert UnitWords(["기가와트시"]).at("120기가와트시", 3) == "기가와트시"
