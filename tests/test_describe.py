"""`describe`: an entity found by any of its names, and its profile with article, page and quote for each fact."""

from __future__ import annotations

from decimal import Decimal

import pytest

from iktw_kg.errors import InputError
from iktw_kg.query import describe
from iktw_kg.query.names import NameLookupError, normalise_name


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("시다오만 원전", "facility/shidaowan-npp"),  # Korean label
        ("Shidao Bay Nuclear Power Plant", "facility/shidaowan-npp"),  # English label
        ("石岛湾核电站", "facility/shidaowan-npp"),  # Chinese name
        ("日本貿易振興機構", "org/jetro"),  # Japanese name
        ("JETRO", "org/jetro"),  # alias
        ("jetro", "org/jetro"),  # case-insensitive
        ("ＪＥＴＲＯ", "org/jetro"),  # full-width letters
        ("ＨＴＲ－ＰＭ", "reactor-design/htr-pm"),  # full-width alias
        ("⽇", "country/jp"),  # the Kangxi radical the PDF extraction produces, NFKC → 日
        ("  south   korea ", "country/kr"),  # white space and case
        ("영룡1호", "reactor-design/linglong-one"),  # alias without the space
        ("org/jetro", "org/jetro"),  # id
        ("https://w3id.org/iktw/id/org/jetro", "org/jetro"),  # IRI
    ],
)
def test_an_entity_is_found_by_any_label_alias_id_or_iri(name, entity):
    assert describe(name).entity == entity


def test_names_compare_after_nfkc_and_case_folding():
    assert normalise_name("ＨＴＲ－ＰＭ  실증로") == normalise_name("htr-pm 실증로") == "htr-pm 실증로"


def test_an_ambiguous_name_lists_the_candidates():
    with pytest.raises(NameLookupError) as caught:
        describe("Critical and Emerging Technologies List 2024 Update")
    candidates = {candidate.entity: candidate for candidate in caught.value.candidates}
    assert set(candidates) == {"policy/us-cet-list-2024", "report/ostp-2024-02-12-cet-list"}
    assert candidates["policy/us-cet-list-2024"].entity_class == "TechnologyList"
    assert candidates["report/ostp-2024-02-12-cet-list"].label_ko == "핵심·신흥 기술 목록 2024 업데이트"
    assert "names 2 entities; give one of these ids instead" in caught.value.message


def test_an_unknown_name_suggests_close_names():
    with pytest.raises(NameLookupError) as caught:
        describe("Shidao Bay Nuclear Power Plnt")
    assert "no entity is named 'Shidao Bay Nuclear Power Plnt'; did you mean:" in caught.value.message
    assert caught.value.candidates[0].entity == "facility/shidaowan-npp"


def test_profile_of_the_htr_pm_demonstration_reactor():
    profile = describe("HTR-PM 실증로")
    assert (profile.entity, profile.name, profile.classes) == (
        "reactor/shidaowan-htr-pm",
        "시다오만 원전 HTR-PM",
        ("iktw:ReactorUnit",),
    )
    assert {(label.text, label.language, label.preferred) for label in profile.labels} == {
        ("시다오만 원전 HTR-PM", "ko", True),
        ("Shidao Bay HTR-PM demonstration reactor", "en", True),
        ("HTR-PM 실증로", None, False),
    }
    plant = next(fact for fact in profile.outgoing if fact.relation == "iktw:atPlant")
    assert (plant.relation_label, plant.other, plant.other_label) == (
        "소속 발전소",
        "facility/shidaowan-npp",
        "시다오만 원전",
    )
    assert (plant.article, plant.page) == ("article/2024-04-01", 2)
    assert "HTR-PM" in plant.quote
    start = next(fact for fact in profile.outgoing if fact.relation == "schema:startDate")
    assert (start.value, start.other) == ("2023-12", None)
    output = next(fact for fact in profile.figures if fact.relation == "indicator/reactor-electric-output")
    assert (output.value, output.unit_label, output.period, output.page) == (211, "메가와트", "2024", 2)
    assert output.quote == "전기 출력 211MW의 고온가스로 SMR 실증로"
    stake = next(fact for fact in profile.incoming)
    assert (stake.relation, stake.other_label) == ("iktw:holdsStakeIn", "칭화대학")


def test_profile_in_english_uses_english_names_for_both_sides_and_the_property():
    profile = describe("reactor/shidaowan-htr-pm", lang="en")
    assert profile.name == "Shidao Bay HTR-PM demonstration reactor"
    plant = next(fact for fact in profile.outgoing if fact.relation == "iktw:atPlant")
    assert (plant.relation_label, plant.other_label) == ("at plant", "Shidao Bay Nuclear Power Plant")
    output = next(fact for fact in profile.figures if fact.relation == "indicator/reactor-electric-output")
    assert (output.relation_label, output.unit_label) == ("electrical output per reactor unit", "megawatt")


def test_profile_of_a_source_organisation_shows_its_publication_links_from_the_issue_graph():
    profile = describe("JETRO")
    links = {(fact.relation, fact.other): fact for fact in profile.incoming}
    source = links[("iktw:sourceOrganisation", "article/2024-04-04")]
    assert source.graph == "graph:issue/2024-04"
    assert source.other_label == "중국 신에너지차 및 차량용 배터리 산업 동향"
    assert ("dcterms:publisher", "report/jetro-2024-01-china-nev-battery") in links


def test_profile_of_a_country_holds_its_figures_with_page_and_quote():
    figures = {fact.relation: fact for fact in describe("한국").figures}
    share = figures["indicator/ev-battery-shipment-share"]
    assert (share.value, share.unit_label, share.period, share.article, share.page) == (
        Decimal("23.7"),
        "퍼센트",
        "2022",
        "article/2024-04-04",
        5,
    )
    target = figures["indicator/global-battery-market-share-target"]
    assert (target.value, target.forecast, target.period) == (40, True, "2030")


def test_an_unsupported_language_is_refused():
    with pytest.raises(InputError, match="expected one of ko, en, found 'fr'"):
        describe("JETRO", lang="fr")
