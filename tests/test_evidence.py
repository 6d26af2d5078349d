"""The graph states only what the bulletin says: every quote is printed in the source."""

from __future__ import annotations

import unicodedata

from conftest import SOURCE_FILE
from rdflib import RDF

from iktw_kg.evidence import check_evidence
from iktw_kg.load import load_corpus
from iktw_kg.ns import IKTW
from iktw_kg.validate import union_graph


def _normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(char for char in folded if not char.isspace())


def test_every_quote_in_the_graph_occurs_in_the_source(built):
    """Read the quotes back out of the built graph (not the YAML) and find each in the text."""
    source = _normalise(SOURCE_FILE.read_text(encoding="utf-8"))
    graph = union_graph(built.dataset)
    quoted = list(graph.subject_objects(IKTW.quote))
    evidence = set(graph.subjects(RDF.type, IKTW.Evidence))
    observations = set(graph.subjects(RDF.type, IKTW.Observation))
    assert evidence and observations
    assert evidence | observations <= {subject for subject, _ in quoted}
    missing = [str(quote) for _, quote in quoted if _normalise(str(quote)) not in source]
    assert not missing, missing[:5]


def test_every_article_heading_occurs_in_the_source(built):
    source = _normalise(SOURCE_FILE.read_text(encoding="utf-8"))
    graph = union_graph(built.dataset)
    headings = [str(h) for h in graph.objects(None, IKTW.heading)]
    assert len(headings) == 9
    assert all(_normalise(h) in source for h in headings)


def test_a_quote_not_in_the_source_is_reported_with_file_and_line(data_copy):
    path = data_copy / "issues" / "2024-04" / "articles" / "01-china-nuclear.yaml"
    text = path.read_text(encoding="utf-8")
    first_quote = next(line for line in text.splitlines() if line.strip().startswith("quote:"))
    line_number = text.splitlines().index(first_quote) + 1
    path.write_text(
        text.replace(first_quote, first_quote.split("quote:")[0] + "quote: 이 문장은 원문에 없다", 1), encoding="utf-8"
    )
    errors = check_evidence(load_corpus(data_copy))
    assert len(errors) == 1
    assert errors[0].path == path
    assert abs(errors[0].line - line_number) <= 6
    assert "quote not found" in str(errors[0])


def test_a_wrong_page_is_reported(data_copy):
    path = data_copy / "issues" / "2024-04" / "articles" / "04-china-nev-batteries.yaml"
    text = path.read_text(encoding="utf-8")
    assert "page: 5" in text
    path.write_text(text.replace("page: 5", "page: 6", 1), encoding="utf-8")
    errors = check_evidence(load_corpus(data_copy))
    assert errors and "not page 6" in str(errors[0])


def test_page_two_of_the_issue_focus_is_told_apart_from_page_one(built):
    """The issue-focus article spans pages 1-2; facts after the `❚ 2` marker are on page 2."""
    graph = union_graph(built.dataset)
    pages = {
        int(page)
        for obs, page in graph.subject_objects(IKTW.page)
        if "2024-04-01" in str(graph.value(obs, IKTW.statedIn))
    }
    assert pages == {1, 2}
