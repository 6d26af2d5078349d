"""Property-based: any valid data maps to RDF whose every export parses back to the same graph,
and any Unicode a curator can type in a name or quote survives every format unchanged."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from iktw_kg.export import ExportFormat, serialise, sorted_quads
from iktw_kg.load import ArticleFacts, Corpus, IssueRecord, Origin
from iktw_kg.mapping import build_dataset
from iktw_kg.model import MARKUP, Article, Entity, Issue, Labels, Observation, Report, Section, Statement
from iktw_kg.ns import IKTW, entity_iri
from iktw_kg.validate import union_graph

HERE = Origin(Path("generated.yaml"), 1)
TRICKY = "\"'\\<>&\n\t{}[]#@:;,.~’「」·∙※▲"

# Korean, CJK, Japanese kana, emoji, and the characters that break naive serialisers.
alphabet = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),
    st.sampled_from(TRICKY),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
quotes = st.text(alphabet, min_size=4, max_size=40)
names = (
    st.text(alphabet, min_size=1, max_size=30)
    .map(lambda text: "".join(char for char in text if char.isprintable()))
    .filter(lambda text: text.strip() != "" and not MARKUP.search(text))
)
values = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, places=3)


@st.composite
def corpora(draw) -> Corpus:
    count = draw(st.integers(min_value=2, max_value=6))
    entities = [
        Entity(id=f"org/e{index}", type="Company", label=Labels(ko=draw(names), en=draw(names), zh=draw(names)))
        for index in range(count)
    ]
    entities += [
        Entity(id="indicator/x", type="Indicator", label=Labels(ko="지표", en="indicator")),
        Entity(id="unit/percent", type="Unit", label=Labels(ko="퍼센트", en="percent")),
        Entity(id="org/source", type="ResearchInstitute", label=Labels(ko="출처", en="source")),
        Entity(id="country/kr", type="Country", label=Labels(ko="한국", en="Korea"), iso3166="KR"),
    ]
    article = Article(
        id="article/2099-01-01",
        number=1,
        section="section/2099-01-s",
        title=Labels(ko=draw(names), en=draw(names)),
        pages=[1],
        source_organisations=["org/source"],
        source_country="country/kr",
        date="2099-01",
        reports=["report/r"],
        heading=draw(quotes),
    )
    record = IssueRecord(
        issue=Issue(
            id="issue/2099-01",
            bulletin="bulletin/b",
            year=2099,
            number=1,
            label=Labels(ko="호", en="issue"),
            source="x.txt",
        ),
        origin=HERE,
        source_origin=HERE,
        sections=[Section(id="section/2099-01-s", label=Labels(ko="섹션", en="section"), order=1)],
        articles=[article],
        reports=[
            Report(
                id="report/r",
                title=draw(quotes),
                title_lang="ja",
                label=Labels(ko=draw(names), en=draw(names)),
                publishers=["org/source"],
                date="2099-01-02",
                page=1,
                quote=draw(quotes),
            )
        ],
    )
    facts = ArticleFacts(article.id)
    for index in range(draw(st.integers(min_value=1, max_value=5))):
        subject, obj = draw(st.sampled_from(entities[:count])), draw(st.sampled_from(entities[:count]))
        facts.statements.append(
            (Statement(subject=subject.id, predicate="relatedTo", object=obj.id, page=1, quote=draw(quotes)), HERE)
        )
        facts.observations.append(
            (
                Observation(
                    id=f"o{index}",
                    subject=subject.id,
                    indicator="indicator/x",
                    value=draw(values),
                    unit="unit/percent",
                    period="2099",
                    page=1,
                    quote=draw(quotes),
                ),
                HERE,
            )
        )
    origins = {entity.id: HERE for entity in entities}
    return Corpus(data_dir=Path("."), issues=[record], entities=entities, facts={article.id: facts}, origins=origins)


def parse_dataset(content: bytes, export_format: ExportFormat) -> Dataset:
    dataset = Dataset()
    rdflib_format = {"trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[export_format.value]
    dataset.parse(data=content.decode("utf-8"), format=rdflib_format)
    return dataset


def named_graphs(dataset: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def json_values(node) -> list[str]:
    """Every "@value" string in a JSON-LD document."""
    if isinstance(node, list):
        return [value for item in node for value in json_values(item)]
    if isinstance(node, dict):
        own = [node["@value"]] if isinstance(node.get("@value"), str) else []
        return own + [value for key, item in node.items() if key != "@value" for value in json_values(item)]
    return []


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(corpora())
def test_every_export_parses_back_to_the_same_graph(corpus):
    dataset = build_dataset(corpus)
    quads = sorted_quads(dataset)
    union = union_graph(dataset)
    for export_format in (ExportFormat.TURTLE, ExportFormat.NTRIPLES):
        parsed = Graph().parse(data=serialise(quads, export_format).decode("utf-8"), format=export_format.value)
        assert isomorphic(parsed, union), export_format
    expected = named_graphs(dataset)
    for export_format in (ExportFormat.TRIG, ExportFormat.NQUADS, ExportFormat.JSONLD):
        actual = named_graphs(parse_dataset(serialise(quads, export_format), export_format))
        assert actual.keys() == expected.keys(), export_format
        for name, graph in expected.items():
            assert isomorphic(actual[name], graph), (export_format, name)


@SETTINGS
@given(names, quotes)
def test_names_and_quotes_survive_every_format_unchanged(name, quote):
    label = Literal(name, lang="ko")
    text = Literal(quote)
    subject = entity_iri("org/e0")
    dataset = Dataset()
    graph = dataset.graph(entity_iri("graph"))
    graph.add((subject, SKOS.prefLabel, label))
    graph.add((subject, IKTW.quote, text))
    quads = sorted_quads(dataset)
    for export_format in ExportFormat:
        content = serialise(quads, export_format)
        if export_format is ExportFormat.JSONLD:
            parsed = parse_dataset(content, export_format)
            found = {str(o) for _s, _p, o, _g in parsed.quads((subject, None, None, None))}
            assert {name, quote} <= set(json_values(json.loads(content))), "compacted document"
        else:
            rdf_format = {
                "ttl": ox.RdfFormat.TURTLE,
                "nt": ox.RdfFormat.N_TRIPLES,
                "trig": ox.RdfFormat.TRIG,
                "nq": ox.RdfFormat.N_QUADS,
            }[export_format.value]
            found = {quad.object.value for quad in ox.parse(content, format=rdf_format)}
        assert {name, quote} <= found, export_format


@SETTINGS
@given(st.text(alphabet, min_size=1, max_size=40), quotes)
def test_names_and_quotes_survive_the_html_page_unchanged(name, quote):
    """The page embeds its data as escaped JSON: whatever the text, it decodes back unchanged
    and nothing in it can close the <script> element it travels in."""
    import re

    from iktw_kg.viz_page import embedded_json

    data = {"label": name, "quote": quote}
    text = embedded_json(data)
    page = f'<script type="application/json" id="data">{text}</script>'
    assert "</" not in text and "<" not in text
    found = re.search(r'<script type="application/json" id="data">(.*)</script>', page, re.DOTALL)
    assert found is not None and json.loads(found.group(1)) == data
