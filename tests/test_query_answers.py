"""Each library query gives the bulletin's real answer (values, labels, pages), checked against the curated data."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from conftest import DATA_DIR
from rdflib import RDF
from rdflib.namespace import SKOS

from iktw_kg.mapping import evidence_iri
from iktw_kg.model import EntityType, Predicate
from iktw_kg.ns import VOCAB_GRAPH, local_id
from iktw_kg.pipeline import load_checked
from iktw_kg.query import run


@pytest.fixture(scope="module")
def corpus():
    return load_checked(DATA_DIR)


def ko_label(corpus, identifier: str) -> str:
    return next(entity.label.ko for entity in corpus.entities if entity.id == identifier)


def statements(corpus, predicate: Predicate):
    for article_id, facts in corpus.facts.items():
        for statement, _ in facts.statements:
            if statement.predicate is predicate:
                yield article_id, statement


def test_policy_technology_for_china_matches_the_curated_links(corpus):
    rows = run("policy-technology", country="country/cn")
    chinese = {s.subject for _, s in statements(corpus, Predicate.APPLIES_TO) if s.object == "country/cn"}
    expected = {
        (ko_label(corpus, s.subject), s.object, s.page, article)
        for article, s in statements(corpus, Predicate.TARGETS_TECHNOLOGY)
        if s.subject in chinese
    }
    assert {(r["policy"], r["technology"], r["page"], r["article"]) for r in rows} == expected
    assert {r["country"] for r in rows} == {"country/cn"}
    five_year_plan = [r for r in rows if r["policy"] == "제14차 5개년 규획"]
    assert {r["technology"] for r in five_year_plan} >= {
        "tech/smr",
        "tech/seawater-desalination",
        "tech/nuclear-energy",
    }
    assert {(r["date"], r["page"], r["article"]) for r in five_year_plan} == {("2021-03", 1, "article/2024-04-01")}


def test_policy_technology_for_one_technology_by_name_lists_every_country_that_pushes_batteries():
    rows = run("policy-technology", technology="배터리")
    assert {r["technology"] for r in rows} == {"tech/battery"}
    assert {"country/kr", "country/jp", "union/eu", "country/us"} <= {r["country"] for r in rows}
    k_battery = next(r for r in rows if r["policy"] == "2030 이차전지 산업(K-Battery) 발전전략")
    assert (k_battery["country"], k_battery["date"], k_battery["page"]) == ("country/kr", "2021-07", 3)


def test_policy_technology_names_the_issuing_body_where_the_bulletin_does():
    rows = run("policy-technology", country="미국")
    issuers = {r["policy"]: r["issuer"] for r in rows}
    assert issuers["2024년 핵심·신흥 기술 목록"] == "백악관 과학기술정책국"
    assert issuers["IaaS 제공업체 고객 정보 수집·보고 의무 규칙 제정안"] == "미국 상무부"


def test_country_technology_matrix_counts_distinct_policies(corpus):
    rows = run("country-technology-matrix")
    cell = {(r["country"], r["technology"]): r for r in rows}
    nev = cell[("중국", "신에너지차")]
    assert nev["policies"] == 4
    assert nev["policy_names"].split(" · ") == sorted(nev["policy_names"].split(" · "))
    assert "신에너지차 구입 보조금·세제 혜택 등 우대 조치" in nev["policy_names"]
    assert cell[("유럽연합", "배터리")]["policy_names"] == "넷제로 산업법 · 배터리 및 폐배터리 규정"
    applies = {(s.subject, s.object) for _, s in statements(corpus, Predicate.APPLIES_TO)}
    jurisdictions = {e.id for e in corpus.entities if e.type in (EntityType.COUNTRY, EntityType.SUPRANATIONAL_UNION)}
    expected_pairs = {
        (ko_label(corpus, country), ko_label(corpus, s.object))
        for _, s in statements(corpus, Predicate.TARGETS_TECHNOLOGY)
        for policy, country in applies
        if policy == s.subject and country in jurisdictions
    }
    assert set(cell) == expected_pairs


def test_reactors_in_china_with_units_capacity_status_uses_and_isotopes(corpus):
    rows = run("reactors")
    by_design = {r["design_id"]: r for r in rows}
    htr_pm = by_design["reactor-design/htr-pm"]
    assert (htr_pm["plant"], htr_pm["units"], htr_pm["capacity_mw"], htr_pm["status"]) == (
        "시다오만 원전",
        Decimal(1),
        Decimal(211),
        "가동 중",
    )
    linglong = by_design["reactor-design/linglong-one"]
    assert (linglong["plant"], linglong["capacity_mw"], linglong["status"]) == ("창장 원전", Decimal(125), "건설 중")
    assert "해수 담수화" in linglong["uses"].split(", ")
    assert by_design["reactor-design/heavy-water-reactor"]["isotopes"] == "코발트 60, 탄소 14"
    assert by_design["reactor-design/vver-v428"]["units"] == Decimal(4)
    assert by_design["reactor-design/ap1000"]["uses"] == "지역 난방"
    reactor_units = [e for e in corpus.entities if e.type is EntityType.REACTOR_UNIT]
    assert len(rows) == len(reactor_units)
    assert run("reactors", country="country/us") == []


def test_source_reports_name_organisation_country_title_article_and_page(corpus):
    rows = run("source-reports")
    assert len(rows) == sum(len(report.publishers) for report in corpus.reports)
    jetro = next(r for r in rows if r["organisation"] == "일본무역진흥기구")
    assert jetro == {
        "organisation": "일본무역진흥기구",
        "country": "일본",
        "date": "2024-01",
        "title": "中国新エネ自動車産業及び車載電池産業の動向調査",
        "title_language": "ja",
        "article": "article/2024-04-04",
        "page": 5,
    }
    assert next(r for r in rows if r["organisation"] == "EU 집행위원회")["country"] == "유럽연합"


def test_indicator_time_series_defaults_to_the_2018_2022_battery_material_shipments():
    rows = run("indicator-time-series")
    assert len(rows) == 20
    cathode = [r for r in rows if r["subject"] == "tech/cathode-material"]
    assert [r["period"] for r in cathode] == ["2018", "2019", "2020", "2021", "2022"]
    assert [r["value"] for r in cathode] == [413088, 571040, 742552, 1314694, 2187675]
    separator = [r for r in rows if r["subject"] == "tech/separator"]
    assert {r["unit"] for r in separator} == {"천 제곱미터"}
    assert {(r["article"], r["page"]) for r in rows} == {("article/2024-04-04", 5)}


def test_indicator_time_series_for_another_indicator_and_one_subject_by_name():
    sales = run("indicator-time-series", indicator="indicator/nev-total-sales")
    assert [(r["period"], r["value"], r["comparator"]) for r in sales] == [
        ("2022", 6500000, "approx"),
        ("2023-01..2023-08", 5100000, "approx"),
    ]
    anode = run("indicator-time-series", subject="음극재")
    assert [r["value"] for r in anode] == [253524, 354471, 471955, 875036, 1556011]


def test_battery_shipment_shares_2022():
    rows = run("battery-shipment-shares")
    assert [(r["country"], r["share"]) for r in rows] == [
        ("중국", Decimal("68.5")),
        ("한국", Decimal("23.7")),
        ("일본", Decimal("7.9")),
    ]
    assert {(r["year"], r["unit"], r["page"]) for r in rows} == {("2022", "퍼센트", 5)}
    assert run("battery-shipment-shares", year=2023) == []


def test_forecasts_for_2030_pair_each_figure_with_its_cagr(corpus):
    rows = run("forecasts")
    cagr = {(r["subject"], r["indicator"]): (r["value"], r["unit"], r["cagr_percent"]) for r in rows}
    assert cagr[("리튬", "글로벌 리튬 수요")] == (4200000, "톤", 20)
    assert cagr[("니켈", "글로벌 전체 니켈 수요")] == (4000000, "톤", 6)
    assert cagr[("니켈", "배터리 생산용 니켈 수요")] == (1500000, "톤", 20)
    assert cagr[("음극재", "글로벌 리튬배터리 음극재 시장 규모(물량)")] == (4000000, "톤", 21)
    assert cagr[("코발트", "동력 배터리용 코발트 수요")] == (200000, "톤", 5)
    assert cagr[("한국", "글로벌 배터리 시장 점유율 목표")] == (40, "퍼센트", None)
    forecasts_2030 = [
        o
        for facts in corpus.facts.values()
        for o, _ in facts.observations
        if o.forecast and o.period == "2030" and not o.indicator.endswith("-cagr")
    ]
    assert len(rows) == len(forecasts_2030)
    assert all("연평균 증가율" not in r["indicator"] for r in rows)


def test_cet_areas_are_the_18_areas_with_the_sub_areas_the_list_prints(corpus):
    rows = run("cet-areas")
    assert len(rows) == 18
    areas = {r["area"]: r for r in rows}
    cet_article = [s for s, _ in corpus.facts["article/2024-04-07"].statements]
    broader = [(s.subject, s.object) for s in cet_article if s.predicate is Predicate.BROADER]
    targeted = {s.object for s in cet_article if s.predicate is Predicate.TARGETS_TECHNOLOGY}
    root = "tech/critical-emerging-technologies"
    area_ids = {narrower for narrower, wider in broader if wider == root} & targeted
    assert {ko_label(corpus, area) for area in area_ids} == set(areas)
    for area in area_ids:
        printed = sorted(ko_label(corpus, narrower) for narrower, wider in broader if wider == area)
        assert areas[ko_label(corpus, area)]["sub_area_names"] == ", ".join(printed)
    assert areas["인공지능"]["sub_areas"] == 5
    assert "생성형 AI 시스템" in areas["인공지능"]["sub_area_names"].split(", ")
    assert areas["지향성 에너지"]["sub_area_names"] == "고출력 마이크로웨이브, 레이저, 입자빔"
    assert areas["극초음속"]["area_en"] == "hypersonics"
    assert {r["page"] for r in rows} == {8}


def test_companies_by_country_and_sector_with_their_relations(corpus):
    rows = run("companies")
    companies = {r["company_en"]: r for r in rows}
    assert sorted(companies) == sorted(e.label.en for e in corpus.entities if e.type is EntityType.COMPANY)
    assert len(rows) == len(companies)
    mediatek = companies["MediaTek"]
    assert mediatek["country"] == "대만"
    assert mediatek["relations"] == "overtook → 텍사스 인스트루먼트; overtook → 필립스 반도체; ranksAfter → 퀄컴"
    assert "단일 칩 시스템" in mediatek["sectors"].split(", ")
    assert companies["TSMC"]["country"] == "대만"
    assert companies["Westinghouse Electric Company"]["country"] == "미국"
    assert companies["Qualcomm"]["country"] is None


def test_policy_timeline_is_in_date_order_and_filters_by_country():
    rows = run("policy-timeline")
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    assert (rows[0]["date"], rows[0]["policy"]) == ("2012-06", "에너지 절약 및 신에너지차 산업 발전 규획(’12~’20)")
    assert rows[0]["period"] == "2012..2020"
    eu = run("policy-timeline", country="EU")
    assert [(r["date"], r["policy"], r["kind"]) for r in eu] == [
        ("2023-08", "배터리 및 폐배터리 규정", "Regulation"),
        ("2023-11", "넷제로 산업법", "Law"),
    ]


def test_entity_facts_of_the_shidao_bay_htr_pm_with_provenance(corpus):
    rows = run("entity-facts", entity="reactor/shidaowan-htr-pm")
    out = {(r["relation"], r["other"]): r for r in rows if r["direction"] == "out"}
    at_plant = out[("iktw:atPlant", "facility/shidaowan-npp")]
    assert (at_plant["other_label"], at_plant["article"], at_plant["page"]) == (
        "시다오만 원전",
        "article/2024-04-01",
        2,
    )
    assert at_plant["graph"] == "graph:article/2024-04-01"
    figure = next(r for r in rows if r["relation"] == "indicator/reactor-electric-output")
    assert (figure["direction"], figure["value"], figure["unit"], figure["page"]) == ("figure", 211, "unit/mw", 2)
    assert "211MW" in figure["quote"]
    incoming = [r for r in rows if r["direction"] == "in"]
    assert [(r["relation"], r["other"]) for r in incoming] == [("iktw:holdsStakeIn", "org/tsinghua-university")]
    stated = [s for _, s in statements_about(corpus, "reactor/shidaowan-htr-pm")]
    assert len(out) == len({(s.predicate, s.object or s.value, s.quote) for s in stated})


def statements_about(corpus, identifier: str):
    for article, facts in corpus.facts.items():
        for statement, _ in facts.statements:
            if statement.subject == identifier:
                yield article, statement


def test_cross_article_entities_are_those_named_in_two_or_more_articles(corpus):
    rows = run("cross-article-entities")
    articles_of: dict[str, set[int]] = {}
    for article_id, facts in corpus.facts.items():
        number = int(article_id.rsplit("-", 1)[1])
        named = {s.subject for s, _ in facts.statements} | {s.object for s, _ in facts.statements if s.object}
        named |= {o.subject for o, _ in facts.observations}
        for entity in named:
            articles_of.setdefault(entity, set()).add(number)
    expected = {entity: numbers for entity, numbers in articles_of.items() if len(numbers) > 1}
    assert {r["entity"]: r["articles"] for r in rows} == {e: len(n) for e, n in expected.items()}
    china = next(r for r in rows if r["entity"] == "country/cn")
    assert china["article_numbers"] == ", ".join(str(n) for n in sorted(expected["country/cn"]))
    assert rows[0]["articles"] == max(len(n) for n in expected.values())


def test_unconnected_entities_finds_an_entity_with_only_names(data_copy):
    vocab = data_copy / "vocab" / "technologies.yaml"
    vocab.write_text(
        vocab.read_text(encoding="utf-8")
        + "  - {id: tech/quantum-teleportation, type: Technology,"
        + " label: {ko: 양자 원격전송, en: quantum teleportation}}\n",
        encoding="utf-8",
    )
    rows = run("unconnected-entities", data_dir=data_copy)
    assert {"entity": "tech/quantum-teleportation", "label": "양자 원격전송", "label_en": "quantum teleportation",
            "class": "Technology"} in rows  # fmt: skip
    listed = {r["entity"] for r in run("unconnected-entities")}
    assert "tech/quantum-teleportation" not in listed
    assert not listed & {
        "country/cn",
        "tech/battery",
        "org/jetro",
        "unit/percent",
        "indicator/ev-battery-shipment-share",
    }
    assert not any(entity.startswith("scheme/") for entity in listed)


def test_unconnected_entities_agree_with_the_dataset(built):
    dataset = built.dataset
    used = set()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if g != VOCAB_GRAPH:
            used |= {s, o}
        elif p != SKOS.inScheme and p != RDF.type:
            used.add(o)
    vocab = dataset.graph(VOCAB_GRAPH)
    expected = {
        local_id(str(s)) for s, cls in vocab.subject_objects(RDF.type) if cls != SKOS.ConceptScheme and s not in used
    }
    assert {r["entity"] for r in run("unconnected-entities")} == expected


def test_policy_lineage_links_the_cet_lists_and_the_iaas_rule_to_what_they_follow():
    rows = run("policy-lineage")
    links = {(r["policy"], r["follows_from"]): r for r in rows}
    assert ("2024년 핵심·신흥 기술 목록", "2022년 핵심·신흥 기술 목록") in links
    eo = links[("IaaS 제공업체 고객 정보 수집·보고 의무 규칙 제정안", "행정명령 14110호")]
    assert (eo["country"], eo["date"], eo["page"], eo["article"]) == ("미국", "2024-01-29", 7, "article/2024-04-06")


def test_technology_tree_under_lithium_batteries_keeps_both_parents_of_cathode_material():
    rows = run("technology-tree")
    parents = Counter((r["narrower_id"], r["parent"], r["page"]) for r in rows)
    assert ("tech/cathode-material", "리튬이온 배터리 부자재", 5) in parents
    assert ("tech/cathode-material", "양·음극재", 3) in parents
    assert {r["narrower"] for r in rows} >= {"리튬", "니켈", "코발트", "분리막", "전해액"}
    nuclear = run("technology-tree", technology="원자력")
    assert "소형 모듈형 원자로" in {r["narrower"] for r in nuclear}


def test_subsidies_say_who_pays_for_what():
    rows = run("subsidies")
    pairs = {(r["payer"], r["recipient"]): r for r in rows}
    dresden = pairs[("독일", "TSMC 드레스덴 반도체 팹")]
    assert (dresden["recipient_class"], dresden["page"]) == ("Fab", 10)
    assert pairs[("중국", "신에너지차")]["page"] == 5
    assert ("미국", "TSMC") in pairs


def test_quote_search_finds_the_three_battery_shares():
    rows = run("quote-search", text="출하 점유율")
    assert sorted(r["object"] for r in rows) == ["23.7", "68.5", "7.9"]
    assert {r["relation"] for r in rows} == {"indicator/ev-battery-shipment-share"}


def test_articles_overview_counts_match_the_curated_files(corpus):
    rows = run("articles")
    assert [r["number"] for r in rows] == list(range(1, 10))
    assert {r["issue"] for r in rows} == {"issue/2024-04"}
    assert run("articles", issue="산업기술 동향워치 2024년 4호") == rows
    by_id = {r["article"]: r for r in rows}
    assert by_id["article/2024-04-01"]["pages"] == "1–2"
    assert (by_id["article/2024-04-04"]["source"], by_id["article/2024-04-04"]["pages"]) == ("일본무역진흥기구", "5")
    for article_id, facts in corpus.facts.items():
        distinct = {evidence_iri(article_id, statement) for statement, _ in facts.statements}
        assert by_id[article_id]["statements"] == len(distinct)
        assert by_id[article_id]["figures"] == len(facts.observations)
