"""Entity resolution: one node per real-world thing, whatever name an article uses."""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import pytest
from conftest import DATA_DIR

from iktw_kg.load import load_corpus


def _key(name: str) -> str:
    """How a reader's lookup sees a name: width-, case- and space-insensitive."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


@pytest.fixture(scope="module")
def names_to_ids() -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for entity in load_corpus(DATA_DIR).entities:
        for name in (entity.label.ko, entity.label.en, entity.label.ja, entity.label.zh, *entity.aliases):
            if name:
                index[_key(name)].add(entity.id)
    return index


def test_no_name_points_at_two_entities(names_to_ids):
    """Two entities sharing a label or alias would be a duplicate node, or an ambiguous alias."""
    clashes = {name: sorted(ids) for name, ids in names_to_ids.items() if len(ids) > 1}
    assert not clashes


@pytest.mark.parametrize(
    ("names", "identifier"),
    [
        (["美 DoC", "DoC", "상무부", "미국 상무부", "Department of Commerce"], "org/doc"),
        (["JETRO", "일본무역진흥기구", "日本貿易振興機構"], "org/jetro"),
        (["OSTP", "백악관 과학기술정책국"], "org/ostp"),
        (["EC", "EU 집행위원회", "European Commission"], "org/ec"),
        (["電気事業連合会", "전기사업연합회"], "org/fepc"),
        (["일본종합연구소", "日本総合研究所"], "org/jri"),
        (["三井物産戦略研究所", "미쓰이물산전략연구소"], "org/mitsui-strategic-studies"),
        (["China SAE", "중국자동차기술자학회"], "org/china-sae"),
        (["BCG", "보스턴 컨설팅 그룹"], "org/bcg"),
        (["미디어텍", "Mediatek", "MediaTek"], "org/mediatek"),
        (["EU", "유럽연합"], "union/eu"),
    ],
)
def test_every_name_an_article_uses_resolves_to_one_entity(names_to_ids, names, identifier):
    for name in names:
        assert names_to_ids.get(_key(name)) == {identifier}, name


def test_entities_used_by_several_articles_are_single_nodes(built):
    """The same agency or country named in two articles is one IRI mentioned by both."""
    from iktw_kg.ns import IKTW, entity_iri
    from iktw_kg.validate import union_graph

    graph = union_graph(built.dataset)
    for identifier, minimum in (("country/cn", 4), ("country/us", 4), ("tech/semiconductors", 3), ("tech/battery", 2)):
        articles = set(graph.subjects(IKTW.mentions, entity_iri(identifier)))
        assert len(articles) >= minimum, (identifier, sorted(articles))


@pytest.mark.parametrize(("code", "identifier"), [("KR", "country/kr"), ("CN", "country/cn"), ("tw", "country/tw")])
def test_iso_codes_name_their_countries_in_queries(code, identifier):
    """Analysts type KR or CN as often as 한국 or China."""
    from iktw_kg.query.local import local_graph

    assert local_graph(DATA_DIR).resolve_entity(code).value.endswith(identifier)
