"""An extraction → the curated YAML format, as a draft a curator confirms and completes.

The draft is a stream of YAML documents, one per file of the curated layout: the issue file,
then one file per article. Each document validates against the pydantic models (model.py).
What the extractor cannot know is marked so that nothing unchecked can slip into the graph:
- texts it cannot write (English titles, report labels) start with `DRAFT:`;
- things it cannot name point at ids under `draft/` (`draft/indicator`, `draft/subject` …),
  which no file defines, so `iktw-kg build` refuses the draft until a curator replaces each;
- observation ids contain `-draft-`.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from iktw_kg.extract.extractor import BareNumber, ExtractedArticle, ExtractedFigure, Extraction
from iktw_kg.model import Comparator

DRAFT = "DRAFT:"
"""Prefix of every text a curator must write."""
DRAFT_KIND = "draft"
"""Kind of the ids a curator must replace (never defined, so the loader rejects them)."""
MENTION_LINE = 110

HEADER = """\
DRAFT of {label}, extracted by `iktw-kg extract` from {source}. Nothing here is curated yet.
A curator checks every value against the source and completes:
  - every text that starts with "DRAFT:" (English titles, report labels, reasons);
  - every id under `draft/` (an organisation, country, indicator, unit or subject the extractor
    could not name): point it at an entity of data/ or define one (grep data/ first).
    `iktw-kg build` rejects the draft until no `draft/` id is left.
Statements (relations) are not extracted: write them from the sentences (docs/curation.md).
Split the documents (---) into the files named by their `file:` line."""


def _flow(**items: Any) -> CommentedMap:
    mapping = CommentedMap(**items)
    mapping.fa.set_flow_style()
    return mapping


def _flow_list(items: list[Any]) -> CommentedSeq:
    sequence = CommentedSeq(items)
    sequence.fa.set_flow_style()
    return sequence


def _number(value: Decimal) -> int | float:
    """A YAML number written as printed: integers without a decimal point."""
    normalized = value.normalize()
    return int(normalized) if normalized == normalized.to_integral_value() else float(normalized)


def _slug(identifier: str) -> str:
    return identifier.split("/", 1)[1]


def render_draft(extraction: Extraction) -> str:
    """The draft YAML stream for an extraction (deterministic for the same input)."""
    ids = _Ids(extraction)
    documents = [_issue_document(extraction, ids)]
    documents.extend(_article_document(extraction, ids, article) for article in extraction.articles)
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump_all(documents, stream)
    return stream.getvalue()


def draft_path(extraction: Extraction, article: ExtractedArticle | None = None) -> str:
    """Where a document of the draft belongs under data/."""
    base = f"issues/{extraction.issue_slug}"
    return f"{base}/issue.yaml" if article is None else f"{base}/articles/{article.number:02d}-draft.yaml"


class _Ids:
    """Ids of the issue's sections, articles and reports, reusing curated names where they exist."""

    def __init__(self, extraction: Extraction) -> None:
        self.extraction = extraction
        slug = extraction.issue_slug
        self.issue = f"issue/{slug}"
        self.sections: dict[str, str] = {}
        for order, key in enumerate(extraction.section_names, 1):
            known = extraction.known.sections.get(key)
            suffix = re.sub(r"^\d{4}-\d{2}-", "", _slug(known.id)) if known else f"s{order}"
            self.sections[key] = f"section/{slug}-{suffix}"
        self.reports: dict[tuple[int, int], str] = {}
        for article in extraction.articles:
            for index, report in enumerate(article.reports, 1):
                publisher = next((p for p in report.publisher_ids if p), None)
                base = (
                    f"report/{_slug(publisher)}-{report.date}" if publisher else f"report/{slug}-{article.number:02d}"
                )
                candidate, suffix = base, 2
                while candidate in self.reports.values():
                    candidate, suffix = f"{base}-{suffix}", suffix + 1
                self.reports[(article.number, index)] = candidate

    def article(self, article: ExtractedArticle) -> str:
        return f"article/{self.extraction.issue_slug}-{article.number:02d}"


def _issue_document(extraction: Extraction, ids: _Ids) -> CommentedMap:
    known = extraction.known
    document = CommentedMap()
    label_ko = f"{extraction.bulletin_name} {extraction.year}년 {extraction.number}호"
    bulletins = known.bulletins
    if len(bulletins) == 1:
        bulletin_id = bulletins[0].id
        label_en = f"{bulletins[0].label.en} {extraction.year} No. {extraction.number}"
    else:
        bulletin_id = f"bulletin/{DRAFT_KIND}"
        label_en = f"{DRAFT} English name of the issue"
        document["bulletin"] = CommentedMap(
            id=bulletin_id, label=_flow(ko=extraction.bulletin_name, en=f"{DRAFT} English name of the bulletin")
        )
    document["issue"] = CommentedMap(
        id=ids.issue,
        bulletin=bulletin_id,
        year=extraction.year,
        number=extraction.number,
        label=_flow(ko=label_ko, en=label_en),
        source=f"sources/{extraction.source.name}",
    )
    document["sections"] = CommentedSeq(
        _flow(id=ids.sections[key], order=order, label=_section_label(extraction, key, name))
        for order, (key, name) in enumerate(extraction.section_names.items(), 1)
    )
    document["articles"] = CommentedSeq(_article_entry(extraction, ids, article) for article in extraction.articles)
    document["reports"] = CommentedSeq(
        _report_entry(ids, article, index)
        for article in extraction.articles
        for index in range(1, len(article.reports) + 1)
    )
    header = HEADER.format(label=label_ko, source=extraction.source.name)
    if ids.issue in known.issues:
        header += f"\nNOTE: {ids.issue} is already curated in {known.issues[ids.issue]}."
    document.yaml_set_start_comment(f"{header}\n\nfile: {draft_path(extraction)}")
    return document


def _section_label(extraction: Extraction, key: str, name: str) -> CommentedMap:
    known = extraction.known.sections.get(key)
    return _flow(ko=name, en=known.label.en if known else f"{DRAFT} English name of the section")


def _article_entry(extraction: Extraction, ids: _Ids, article: ExtractedArticle) -> CommentedMap:
    organisations = [
        resolved or f"{DRAFT_KIND}/organisation-{index}" for index, resolved in enumerate(article.organisation_ids, 1)
    ]
    reports = [ids.reports[(article.number, index)] for index in range(1, len(article.reports) + 1)]
    pages = article.pages if len(article.pages) <= 2 else [article.pages[0], article.pages[-1]]
    entry = CommentedMap(
        id=ids.article(article),
        number=article.number,
        section=ids.sections.get(article.section_key or "", f"{DRAFT_KIND}/section"),
        title=_flow(ko=article.title, en=f"{DRAFT} English title"),
        pages=_flow_list(pages),
        source_organisations=_flow_list(organisations),
        source_country=article.country_id or f"{DRAFT_KIND}/country",
        date=article.date or str(extraction.year),
        reports=_flow_list(reports or [f"{DRAFT_KIND}/report"]),
        heading=article.heading,
    )
    unresolved = [
        name for name, resolved in zip(article.organisations, article.organisation_ids, strict=True) if not resolved
    ]
    if unresolved:
        entry.yaml_add_eol_comment(f"printed: {', '.join(unresolved)}", "source_organisations")
    if article.country_id is None:
        entry.yaml_add_eol_comment(f"printed marker: {article.country_marker}", "source_country")
    if article.date is None:
        entry.yaml_add_eol_comment(f"{DRAFT} the heading's date could not be read", "date")
    if not reports:
        entry.yaml_add_eol_comment("no (참고 : …) citation found in the article", "reports")
    return entry


def _report_entry(ids: _Ids, article: ExtractedArticle, index: int) -> CommentedMap:
    report = article.reports[index - 1]
    english = report.title if report.title_lang == "en" else f"{DRAFT} English title of the report"
    entry = CommentedMap(
        id=ids.reports[(article.number, index)],
        title=report.title,
        title_lang=report.title_lang,
        label=_flow(ko=f"{DRAFT} Korean title of the report", en=english),
        publishers=_flow_list([p or f"{DRAFT_KIND}/organisation-{n}" for n, p in enumerate(report.publisher_ids, 1)]),
        date=report.date,
        page=report.span.page,
        quote=report.quote,
    )
    unresolved = [n for n, p in zip(report.organisations, report.publisher_ids, strict=True) if not p]
    if unresolved:
        entry.yaml_add_eol_comment(f"printed: {', '.join(unresolved)}", "publishers")
    return entry


def _article_document(extraction: Extraction, ids: _Ids, article: ExtractedArticle) -> CommentedMap:
    document = CommentedMap()
    document["article"] = ids.article(article)
    pages = "-".join(str(page) for page in article.pages)
    comment = [
        f"file: {draft_path(extraction, article)}",
        f"Article {article.number}: {article.heading}, page {pages}.",
    ]
    comment.extend(_linked_entities(extraction, article))
    document.yaml_set_start_comment("\n".join(comment))
    figures = [figure for figure in extraction.figures if figure.span.article == article.number]
    if figures:
        document["observations"] = CommentedSeq(
            _observation(extraction, article, index, figure) for index, figure in enumerate(figures, 1)
        )
    bare = _unique_bare_numbers(extraction, article)
    if bare:
        document["non_figures"] = CommentedSeq(
            _flow(
                number=number.number,
                reason=f"{DRAFT} printed without a unit (line {number.span.line}: {number.context}); an "
                "identifier, ordinal or part of a name? If it is a figure, make it an observation",
            )
            for number in bare
        )
    return document


def _linked_entities(extraction: Extraction, article: ExtractedArticle) -> list[str]:
    """Comment lines listing the entities of data/ named in the article, most named first."""
    counts: dict[str, dict[str, int]] = {}
    for mention in extraction.mentions:
        if mention.span.article == article.number and len(mention.entity_ids) == 1:
            surfaces = counts.setdefault(mention.entity_ids[0], {})
            surfaces[mention.surface] = surfaces.get(mention.surface, 0) + 1
    if not counts:
        return ["No entity of data/ is named in it."]
    ranked = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    items = [f"{i} ({', '.join(sorted(s))} ×{sum(s.values())})" for i, s in ranked]
    lines, current = ["Entities of data/ named in it (for statements):"], " "
    for item in items:
        if len(current) + len(item) > MENTION_LINE:
            lines.append(current.rstrip(" ·"))
            current = " "
        current += f" {item} ·"
    lines.append(current.rstrip(" ·"))
    return lines


def _observation(
    extraction: Extraction, article: ExtractedArticle, index: int, figure: ExtractedFigure
) -> CommentedMap:
    entry = CommentedMap(id=f"{extraction.issue_slug}-{article.number:02d}-draft-{index:03d}")
    entry["subject"] = figure.subject_id or f"{DRAFT_KIND}/subject"
    entry["indicator"] = f"{DRAFT_KIND}/indicator"
    if figure.value is not None:
        entry["value"] = _number(figure.value)
    else:
        entry["min"] = _number(figure.minimum)  # type: ignore[arg-type]
        entry["max"] = _number(figure.maximum)  # type: ignore[arg-type]
    if figure.comparator is not Comparator.EXACT:
        entry["comparator"] = figure.comparator.value
    entry["unit"] = figure.unit_id or f"{DRAFT_KIND}/unit"
    entry["period"] = figure.period
    entry["forecast"] = figure.forecast
    entry["page"] = figure.span.page
    entry["quote"] = figure.quote
    entry.yaml_add_eol_comment(
        "guess: named last before the figure" if figure.subject_id else "nothing named before the figure", "subject"
    )
    entry.yaml_add_eol_comment(f"what does {figure.printed!r} measure?", "indicator")
    entry.yaml_add_eol_comment(f"printed: {figure.unit_text}", "unit")
    entry.yaml_add_eol_comment(f"from the {figure.period_source}", "period")
    return entry


def _unique_bare_numbers(extraction: Extraction, article: ExtractedArticle) -> list[BareNumber]:
    seen: dict[str, BareNumber] = {}
    for number in extraction.bare_numbers:
        if number.span.article == article.number and re.fullmatch(r"\d+(\.\d+)?", number.number):
            seen.setdefault(number.number, number)
    return list(seen.values())
