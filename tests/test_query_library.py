"""The query library's files and headers, and how parameters are bound: safely, as RDF terms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA_DIR

from iktw_kg.errors import InputError
from iktw_kg.query import execute, list_queries, run
from iktw_kg.query.library import ParameterKind, find_query, parse_query_file
from iktw_kg.query.local import local_graph
from iktw_kg.resources import QUERIES_DIR

LIBRARY = list_queries()
REQUIRED_QUESTIONS = {
    "policy-technology",
    "country-technology-matrix",
    "reactors",
    "source-reports",
    "indicator-time-series",
    "battery-shipment-shares",
    "forecasts",
    "cet-areas",
    "companies",
    "policy-timeline",
    "entity-facts",
    "cross-article-entities",
    "unconnected-entities",
}


def test_the_library_has_at_least_fifteen_queries_covering_the_analyst_questions():
    names = {definition.name for definition in LIBRARY}
    assert len(names) >= 15
    assert names >= REQUIRED_QUESTIONS
    assert sorted(names) == sorted(path.stem for path in QUERIES_DIR.glob("*.rq"))


@pytest.mark.parametrize("definition", LIBRARY, ids=lambda d: d.name)
def test_every_query_states_its_question_in_korean_and_english_and_its_columns_match(definition):
    assert any("\uac00" <= char <= "\ud7a3" for char in definition.question_ko), "the Korean question has no Hangul"
    assert definition.question_en.endswith("?") or definition.question_en.endswith(".")
    result = execute(definition.name, definition.example).result
    assert result.columns == tuple(column.name for column in definition.columns)
    assert result.rows, f"{definition.name} returns no rows on the bulletin with its defaults/example"


@pytest.mark.parametrize(
    "definition", [d for d in LIBRARY if d.parameters], ids=lambda d: d.name
)  # fmt: skip
def test_every_parameter_restricts_its_column_to_the_bound_value(definition):
    """A parameter is substituted in a required pattern, so it filters rows instead of overwriting a column."""
    values = {p.name: definition.example.get(p.name, p.default) for p in definition.parameters}
    run_ = execute(definition.name, {name: value for name, value in values.items() if value is not None})
    for name, bound in run_.parameters.items():
        assert {row[name] for row in run_.result.rows} == {bound}


def test_an_optional_parameter_left_out_leaves_the_column_free():
    countries = {row["country"] for row in run("policy-technology")}
    assert {"country/cn", "country/us", "country/kr", "union/eu"} <= countries


def test_header_is_parsed_into_questions_parameters_and_columns():
    definition = find_query("policy-technology")
    assert definition.question_ko.startswith("어떤 정책이 어떤 기술을 겨냥하는가?")
    country = definition.parameter("country")
    assert country is not None
    assert (country.kind, country.required, country.default) == (ParameterKind.ENTITY, False, None)
    year = find_query("forecasts").parameter("year")
    assert year is not None
    assert (year.kind, year.default) == (ParameterKind.YEAR, "2030")
    assert find_query("entity-facts").parameter("entity").required


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("#   country entity optional: no parentheses", "expected a parameter as"),
        ("#   country (place, optional): a country", "unknown parameter kind 'place'"),
        ("#   country (entity, sometimes): a country", "expected `optional`, `required` or `default VALUE`"),
    ],
)
def test_a_bad_parameter_line_is_reported_with_its_line_number(tmp_path, line, message):
    path = tmp_path / "broken.rq"
    path.write_text(
        f"# 질문: 나라는?\n# Question: Which countries?\n# Parameters:\n{line}\n# Columns:\n#   country: a country\n"
        "SELECT ?country WHERE { ?country a <https://w3id.org/iktw/ontology#Country> }\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        parse_query_file(path)
    assert (caught.value.path, caught.value.line) == (path, 4)
    assert message in caught.value.message


def test_a_library_query_without_its_questions_is_refused(tmp_path):
    path = tmp_path / "bare.rq"
    path.write_text("# Columns:\n#   s: anything\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError, match="the header lacks `# 질문:`, `# Question:`, `# Parameters:`"):
        parse_query_file(path)


def test_a_users_query_file_needs_no_header_and_may_ask_or_construct(tmp_path):
    select = tmp_path / "plants.rq"
    select.write_text("SELECT ?plant WHERE { ?plant a iktw:NuclearPowerPlant } ORDER BY ?plant\n", encoding="utf-8")
    assert run(select) == [
        {"plant": "facility/changjiang-npp"},
        {"plant": "facility/haiyang-npp"},
        {"plant": "facility/qinshan-iii-npp"},
        {"plant": "facility/shidaowan-npp"},
        {"plant": "facility/tianwan-npp"},
    ]
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { <https://w3id.org/iktw/id/org/tsmc> iktw:locatedIn id:country\\/tw }\n", encoding="utf-8")
    assert run(ask) == [{"answer": True}]
    construct = tmp_path / "construct.rq"
    construct.write_text(
        "CONSTRUCT { ?r iktw:atPlant ?p } WHERE { ?r iktw:atPlant ?p ; iktw:hasDesign id:reactor-design\\/htr-pm }\n",
        encoding="utf-8",
    )
    assert run(construct) == [
        {"subject": "reactor/shidaowan-htr-pm", "predicate": "iktw:atPlant", "object": "facility/shidaowan-npp"}
    ]


def test_provenance_through_graph_names_the_article_graph(tmp_path):
    query = tmp_path / "who-says.rq"
    query.write_text(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { id:reactor\\/shidaowan-htr-pm iktw:atPlant ?plant } }\n",
        encoding="utf-8",
    )
    assert run(query) == [{"g": "graph:article/2024-04-01"}]


def test_unknown_query_name_lists_the_library():
    with pytest.raises(InputError) as caught:
        run("reactor")
    message = caught.value.message
    assert "no query named 'reactor'" in message
    assert "did you mean reactors" in message
    assert all(definition.name in message for definition in LIBRARY)


def test_unknown_parameter_lists_the_valid_ones():
    with pytest.raises(InputError) as caught:
        run("policy-technology", contry="country/cn")
    assert caught.value.path == QUERIES_DIR / "policy-technology.rq"
    assert "unknown parameter 'contry' for query policy-technology" in caught.value.message
    assert "it takes country (entity, optional), technology (entity, optional)" in caught.value.message


def test_a_parameter_to_a_query_without_parameters_says_so():
    with pytest.raises(InputError, match="it takes no parameters"):
        run("cet-areas", year=2024)


def test_a_missing_required_parameter_is_named():
    with pytest.raises(InputError, match=r"query entity-facts needs entity: --param entity=VALUE"):
        run("entity-facts")


@pytest.mark.parametrize("value", ["22", "2022년", "twenty"])
def test_a_year_must_have_four_digits(value):
    with pytest.raises(InputError, match="expected a four-digit year such as 2022"):
        run("battery-shipment-shares", year=value)


def test_an_unknown_entity_id_suggests_close_ids():
    with pytest.raises(InputError) as caught:
        run("reactors", country="country/cnn")
    assert "no entity country/cnn in the graph; did you mean:" in caught.value.message
    assert "country/cn (Country): 중국 / China" in caught.value.message


def test_entity_parameters_accept_an_id_an_iri_or_a_name_alike():
    by_id = run("policy-timeline", country="country/us")
    assert by_id == run("policy-timeline", country="https://w3id.org/iktw/id/country/us")
    assert by_id == run("policy-timeline", country="<https://w3id.org/iktw/id/country/us>")
    assert by_id == run("policy-timeline", country="United States")
    assert by_id == run("policy-timeline", country="美")


INJECTIONS = ['"} ; DROP ALL ; #', "<x> } UNION { ?s ?p ?o", '출하 점유율" ) || true || CONTAINS(?quote, "']


@pytest.mark.parametrize("value", INJECTIONS)
def test_an_injection_in_a_string_parameter_is_only_a_string_to_look_for(value):
    before = len(local_graph(DATA_DIR).store)
    assert run("quote-search", text=value) == []
    assert len(local_graph(DATA_DIR).store) == before
    assert len(run("quote-search", text="출하 점유율")) == 3


@pytest.mark.parametrize(
    "value",
    [
        "<x> } UNION { ?s ?p ?o",
        "https://w3id.org/iktw/id/country/cn> } UNION { ?s ?p ?o } #",
        "<https://w3id.org/iktw/id/country/cn> } UNION { ?s ?p ?o }",
        '"} ; DROP ALL ; #',
    ],
)
def test_an_injection_in_an_entity_parameter_is_refused_not_run(value):
    with pytest.raises(InputError) as caught:
        run("policy-technology", country=value)
    assert caught.value.path == QUERIES_DIR / "policy-technology.rq"
    assert f"parameter country={value!r}" in caught.value.message


def test_a_syntax_error_names_the_line_and_column_and_points_at_it(tmp_path):
    path = tmp_path / "typo.rq"
    path.write_text("# my question\nSELECT ?s WHERE {\n  ?s a iktw:Country .\n  FILTR(?s)\n}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run(path)
    error = caught.value
    assert (error.path, error.line) == (path, 4)
    first, source, caret = error.message.splitlines()
    assert first.startswith("SPARQL syntax error at line 4, column ")
    column = int(first.split("column ")[1].split(":")[0])
    assert source.strip() == "FILTR(?s)"
    assert caret.index("^") == source.index("F") + column - 3


def test_an_unknown_prefix_in_a_users_file_is_a_syntax_error_on_its_line(tmp_path):
    path = tmp_path / "prefix.rq"
    path.write_text("SELECT ?s\nWHERE {\n  ?s foo:bar ?o\n}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run(path)
    assert caught.value.line == 3
    assert "SPARQL syntax error at line 3" in caught.value.message


def test_a_missing_query_file_is_an_unknown_query(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        run(str(tmp_path / "nope.rq"))


def test_the_store_is_built_once_per_data_directory():
    assert local_graph(DATA_DIR) is local_graph(Path(str(DATA_DIR) + "/../data"))


def test_the_default_graph_holds_each_triple_once_and_graph_names_every_article_that_states_it(tmp_path):
    """China's NEV activity is stated in articles 2 and 4: one triple by default, two graphs through GRAPH."""
    default = tmp_path / "default.rq"
    default.write_text("SELECT ?t WHERE { id:country\\/cn iktw:activeIn ?t } ORDER BY ?t\n", encoding="utf-8")
    technologies = [row["t"] for row in run(default)]
    assert technologies.count("tech/new-energy-vehicle") == 1
    assert len(technologies) == len(set(technologies))
    graphs = tmp_path / "graphs.rq"
    graphs.write_text(
        "SELECT ?g WHERE { GRAPH ?g { id:country\\/cn iktw:activeIn id:tech\\/new-energy-vehicle } } ORDER BY ?g\n",
        encoding="utf-8",
    )
    assert run(graphs) == [{"g": "graph:article/2024-04-02"}, {"g": "graph:article/2024-04-04"}]


def test_a_users_file_may_declare_parameters_and_one_left_out_of_the_projection_is_reported(tmp_path):
    declared = tmp_path / "plants-in.rq"
    declared.write_text(
        "# Parameters:\n#   country (entity, required): where\n"
        "SELECT ?country ?plant WHERE { ?plant a iktw:NuclearPowerPlant ; iktw:locatedIn ?country }\n",
        encoding="utf-8",
    )
    assert len(run(declared, country="중국")) == 4
    hidden = tmp_path / "hidden.rq"
    hidden.write_text(
        "# Parameters:\n#   country (entity, required): where\n"
        "SELECT ?plant WHERE { ?plant a iktw:NuclearPowerPlant ; iktw:locatedIn ?country }\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        run(hidden, country="중국")
    assert caught.value.path == hidden
    assert "?country" in caught.value.message and "projection" in caught.value.message


def test_values_come_back_as_plain_python_values(tmp_path):
    path = tmp_path / "kinds.rq"
    path.write_text(
        "SELECT ?decimal ?integer ?double ?boolean ?year ?iri ?vocabulary ?triple ?unbound WHERE {\n"
        "  BIND(68.5 AS ?decimal) BIND(5 AS ?integer) BIND(1.5e0 AS ?double) BIND(true AS ?boolean)\n"
        '  BIND("2022"^^xsd:gYear AS ?year) BIND(id:country\\/cn AS ?iri) BIND(iktw:appliesTo AS ?vocabulary)\n'
        "  BIND(TRIPLE(id:org\\/tsmc, iktw:locatedIn, id:country\\/tw) AS ?triple)\n"
        "}\n",
        encoding="utf-8",
    )
    assert run(path) == [
        {
            "decimal": Decimal("68.5"),
            "integer": 5,
            "double": 1.5,
            "boolean": True,
            "year": "2022",
            "iri": "country/cn",
            "vocabulary": "iktw:appliesTo",
            "triple": "<< org/tsmc iktw:locatedIn country/tw >>",
            "unbound": None,
        }
    ]
