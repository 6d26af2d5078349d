"""`iktw-kg query --endpoint`: the query library on a real SPARQL endpoint gives the rows it gives in-process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sparql_servers import ServeProcess, free_port, oxigraph_server, run_cli, sparql_update, start_serve

from iktw_kg.query import execute, list_queries
from iktw_kg.query.results import Value
from iktw_kg.remote import execute_remote
from iktw_kg.resources import PROJECT_ROOT
from iktw_kg.sparql_client import SparqlClient

DATA_DIR = PROJECT_ROOT / "data"
GROUP_CONCAT = re.compile(
    r'GROUP_CONCAT\((?:[^()]|\([^()]*\))*?separator\s*=\s*"(?P<separator>[^"]*)"\s*\)\s+AS\s+\?(?P<column>\w+)'
)
LIBRARY = {definition.name: definition for definition in list_queries()}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    server = start_serve(tmp_path_factory.mktemp("serve") / "store")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def client(served: ServeProcess) -> SparqlClient:
    return SparqlClient(f"{served.base_url}/query")


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_library_query_gives_the_same_rows_remotely_as_locally(name: str, client: SparqlClient) -> None:
    example = LIBRARY[name].example
    local = execute(name, example, data_dir=DATA_DIR)
    remote = execute_remote(name, example, client, data_dir=DATA_DIR)
    assert local.result.rows, f"{name} returns no rows locally: the comparison would prove nothing"
    assert remote.result.columns == local.result.columns
    concatenated = concatenated_columns(LIBRARY[name].text)
    assert comparable(remote.result.rows, concatenated) == comparable(local.result.rows, concatenated)
    assert remote.parameters == local.parameters


def concatenated_columns(query: str) -> dict[str, str]:
    """Columns built by GROUP_CONCAT, with their separators.

    SPARQL 1.1 leaves the order of GROUP_CONCAT's values to the engine, and the in-process
    store and the server's on-disk store do list them differently (articles: the sources of
    article 2), so those cells are compared as sets of values; every other cell, and the
    order of the rows, must be identical.
    """
    return {match["column"]: match["separator"] for match in GROUP_CONCAT.finditer(query)}


def comparable(rows: list[dict[str, Value]], concatenated: dict[str, str]) -> list[dict[str, object]]:
    return [
        {
            column: sorted(value.split(concatenated[column]))
            if column in concatenated and isinstance(value, str)
            else value
            for column, value in row.items()
        }
        for row in rows
    ]


def test_the_cli_prints_the_same_csv_from_the_endpoint(served: ServeProcess) -> None:
    arguments = ("query", "reactors", "--param", "country=중국", "--format", "csv")
    local = run_cli(*arguments)
    remote = run_cli(*arguments, "--endpoint", f"{served.base_url}/query")
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert "country/cn,시다오만 원전,고온가스로 페블베드 모듈,reactor-design/htr-pm,1,211,가동 중" in remote.stdout


def test_a_users_construct_query_with_a_parameter_runs_remotely(tmp_path: Path, client: SparqlClient) -> None:
    query = tmp_path / "plants-of-design.rq"
    query.write_text(
        "# Parameters:\n"
        "#   design (entity, required): the reactor design\n"
        "CONSTRUCT { ?reactor iktw:atPlant ?plant } WHERE { ?reactor iktw:atPlant ?plant ; iktw:hasDesign ?design }\n",
        encoding="utf-8",
    )
    local = execute(query, {"design": "HTR-PM"}, data_dir=DATA_DIR)
    remote = execute_remote(query, {"design": "HTR-PM"}, client, data_dir=DATA_DIR)
    assert (
        remote.result.rows
        == local.result.rows
        == [{"subject": "reactor/shidaowan-htr-pm", "predicate": "iktw:atPlant", "object": "facility/shidaowan-npp"}]
    )


def test_braces_in_comments_strings_and_expressions_do_not_misplace_the_parameters(
    tmp_path: Path, client: SparqlClient
) -> None:
    query = tmp_path / "braced.rq"
    query.write_text(
        "# Parameters:\n"
        "#   country (entity, required): the country { or union }\n"
        'SELECT ?country ?policy (CONCAT("{ ", STR(?policy), " }") AS ?braced)\n'
        "WHERE {\n  ?policy iktw:appliesTo ?country .\n}\nORDER BY ?policy\n",
        encoding="utf-8",
    )
    local = execute(query, {"country": "중국"}, data_dir=DATA_DIR)
    remote = execute_remote(query, {"country": "중국"}, client, data_dir=DATA_DIR)
    assert remote.result.rows == local.result.rows
    assert {
        "country": "country/cn",
        "policy": "policy/cn-14th-five-year-plan",
        "braced": "{ https://w3id.org/iktw/id/policy/cn-14th-five-year-plan }",
    } in remote.result.rows


def test_a_syntax_error_is_reported_by_the_store_with_exit_4(tmp_path: Path, served: ServeProcess) -> None:
    query = tmp_path / "typo.rq"
    query.write_text("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTR(?s)\n}\n", encoding="utf-8")
    result = run_cli("query", str(query), "--endpoint", f"{served.base_url}/query")
    assert result.returncode == 4
    assert f"POST {served.base_url}/query: 400 Bad Request" in result.stderr
    assert "The store says:" in result.stderr and "Traceback" not in result.stderr


def test_a_store_whose_default_graph_is_not_the_union_gets_a_warning(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "store") as store:
        graph = "https://w3id.org/iktw/graph/vocab"
        assert sparql_update(store, f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:s> <urn:x:p> 1 }} }}") == 204
        result = run_cli("query", "articles", "--endpoint", f"{store}/query", "--format", "csv")
    assert result.returncode == 0
    assert result.stdout.strip() == "issue,number,article,title,section,pages,source,statements,figures"
    assert "its default graph is empty while its named graphs are not" in " ".join(result.stderr.split())


def test_query_on_a_closed_port_exits_4_naming_the_url() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run_cli("query", "articles", "--endpoint", url)
    assert result.returncode == 4
    assert f"POST {url}: connection refused" in result.stderr
    assert "Traceback" not in result.stderr
