"""The draft YAML: the curated schema, verbatim quotes, and nothing a curator could miss completing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA_DIR, SOURCE_FILE

from iktw_kg.errors import InputErrors
from iktw_kg.evidence import SourceText, article_spans, normalise
from iktw_kg.extract.draft import render_draft
from iktw_kg.extract.extractor import extract_issue
from iktw_kg.load import load_corpus
from iktw_kg.mapping import build_dataset
from iktw_kg.model import DataFile
from iktw_kg.pipeline import load_checked
from iktw_kg.validate import validate_dataset
from iktw_kg.yamlnodes import read_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "issue-2024-05"
FIXTURE_SOURCE = FIXTURE / "sources" / "iktw-2024-05.txt"


def split_documents(draft: str) -> list[tuple[str, str]]:
    """(file named by the document's `# file:` line, document text) for each document of the stream."""
    documents = []
    for text in draft.split("\n---\n"):
        match = re.search(r"^# file: (\S+)$", text, re.MULTILINE)
        assert match, text[:200]
        documents.append((match.group(1), text))
    return documents


def write_documents(draft: str, data: Path) -> list[Path]:
    paths = []
    for name, text in split_documents(draft):
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def draft() -> str:
    return render_draft(extract_issue(SOURCE_FILE, DATA_DIR))


@pytest.fixture(scope="module")
def documents(draft: str, tmp_path_factory: pytest.TempPathFactory) -> list[DataFile]:
    paths = write_documents(draft, tmp_path_factory.mktemp("draft"))
    return [DataFile.model_validate(read_yaml(path).data) for path in paths]


def test_every_document_of_the_draft_validates_against_the_models(documents):
    issue, *articles = documents
    assert issue.issue is not None and issue.issue.id == "issue/2024-04"
    assert (len(issue.articles), len(issue.reports), len(issue.sections)) == (9, 10, 3)
    assert [document.article for document in articles] == [f"article/2024-04-{n:02d}" for n in range(1, 10)]
    assert sum(len(document.observations) for document in articles) >= 114


def test_the_draft_is_marked_as_a_draft_everywhere_a_curator_must_act(draft, documents):
    assert draft.startswith("# DRAFT of 산업기술 동향워치 2024년 4호, extracted by `iktw-kg extract`")
    assert "NOTE: issue/2024-04 is already curated in" in draft
    issue, *articles = documents
    assert all(article.title.en.startswith("DRAFT:") for article in issue.articles)
    assert all(report.label.ko.startswith("DRAFT:") for report in issue.reports)
    observations = [observation for document in articles for observation in document.observations]
    assert all("-draft-" in observation.id for observation in observations)
    assert {observation.indicator for observation in observations} == {"draft/indicator"}
    non_figures = [item for document in articles for item in document.non_figures]
    assert {"13984", "14110"} <= {item.number for item in non_figures}
    assert all(item.reason.startswith("DRAFT:") for item in non_figures)


def test_the_issue_document_agrees_with_the_curated_issue_file(documents):
    curated = next(record for record in load_corpus(DATA_DIR).issues if record.issue.id == "issue/2024-04")
    issue = documents[0]
    assert issue.issue.label == curated.issue.label
    assert issue.sections == curated.sections
    for draft_article, article in zip(issue.articles, curated.articles, strict=True):
        assert (draft_article.id, draft_article.section, draft_article.pages) == (
            article.id,
            article.section,
            article.pages,
        )
        assert draft_article.source_organisations == article.source_organisations
        assert (draft_article.source_country, draft_article.date) == (article.source_country, article.date)
        assert draft_article.title.ko == article.title.ko
        assert normalise(draft_article.heading) == normalise(article.heading)
    for draft_report, report in zip(issue.reports, curated.reports, strict=True):
        assert (draft_report.title, draft_report.title_lang, draft_report.publishers) == (
            report.title,
            report.title_lang,
            report.publishers,
        )
        assert (draft_report.date, draft_report.page, normalise(draft_report.quote)) == (
            report.date,
            report.page,
            normalise(report.quote),
        )


def test_every_draft_quote_is_printed_in_its_article_on_its_page(documents):
    """The check `iktw-kg build` runs on curated quotes, with the curated article spans."""
    curated = next(record for record in load_corpus(DATA_DIR).issues if record.issue.id == "issue/2024-04")
    source = SourceText(SOURCE_FILE)
    spans = {span.article_id: span for span in article_spans(source, curated)[0]}
    checked = 0
    for document in documents[1:]:
        span = spans[document.article]
        for observation in document.observations:
            hits = [offset for offset in source.occurrences(observation.quote) if span.start <= offset < span.end]
            assert hits, observation.quote
            assert observation.page in {source.page_at(offset, span) for offset in hits}, observation.quote
            checked += 1
    assert checked >= 114


def test_a_draft_put_into_data_is_refused_until_every_draft_id_is_replaced(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copy(FIXTURE_SOURCE, data / "sources")
    draft = render_draft(extract_issue(data / "sources" / FIXTURE_SOURCE.name, data))
    paths = write_documents(draft, data)
    assert [str(p.relative_to(data)) for p in paths] == [
        "issues/2024-05/issue.yaml",
        "issues/2024-05/articles/01-draft.yaml",
        "issues/2024-05/articles/02-draft.yaml",
    ]
    with pytest.raises(InputErrors) as raised:
        load_corpus(data)
    messages = [str(error) for error in raised.value.errors]
    assert messages and all("unknown entity 'draft/" in message for message in messages)
    # A curator's choices, made mechanically: with every draft id replaced, the draft builds and conforms.
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for placeholder, choice in (
            ("draft/indicator", "indicator/ev-battery-shipment-share"),
            ("draft/subject", "country/jp"),
            ("draft/unit", "unit/twh"),
        ):
            text = text.replace(placeholder, choice)
        path.write_text(text, encoding="utf-8")
    corpus = load_checked(data)
    assert validate_dataset(build_dataset(corpus), corpus).conforms
    assert "issue/2024-05" in {record.issue.id for record in corpus.issues}


def run_extract(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iktw_kg.cli", "extract", *arguments, "--data", str(DATA_DIR)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"COLUMNS": "250", "PATH": "/usr/bin:/bin"},
    )


def test_the_command_writes_the_draft_and_the_json_report_identically_twice(tmp_path, draft):
    outputs = []
    for attempt in range(2):
        run = run_extract(
            str(SOURCE_FILE), "--out", f"draft-{attempt}.yaml", "--json", f"x-{attempt}.json", cwd=tmp_path
        )
        assert run.returncode == 0, run.stderr
        assert "10 cited reports · 11 tables" in run.stderr
        outputs.append(
            ((tmp_path / f"draft-{attempt}.yaml").read_bytes(), (tmp_path / f"x-{attempt}.json").read_bytes())
        )
    assert outputs[0] == outputs[1]
    assert outputs[0][0].decode("utf-8") == draft
    report = json.loads(outputs[0][1])
    assert len(report["articles"]) == 9 and len(report["tables"]) == 11
    source = SOURCE_FILE.read_text(encoding="utf-8")
    mention = next(m for m in report["mentions"] if m["entity_ids"] == ["org/ostp"])
    assert source[mention["span"]["start"] : mention["span"]["end"]] == mention["surface"]
    figure = next(f for f in report["figures"] if f["printed"] == "241억 6,492만 달러")
    assert figure["value"] == "24164920000" and figure["span"]["page"] == 5


def test_without_out_the_draft_goes_to_standard_output_and_the_summary_to_standard_error(tmp_path):
    run = run_extract(str(FIXTURE_SOURCE), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# DRAFT of 산업기술 동향워치 2024년 5호")
    assert "일본 차량용 배터리 공급망 동향" in run.stderr and "# DRAFT" not in run.stderr
    assert list(tmp_path.iterdir()) == []
