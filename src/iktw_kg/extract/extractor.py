"""Extract one bulletin text: issue, articles, cited reports, tables, entity mentions and figures.

The result is an `Extraction`, plain data that the draft writer turns into YAML for a curator
and `to_json` into a report for programs. Offsets in it are offsets into the source text as
read (after decoding), so `source[start:end]` is what the bulletin printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from iktw_kg.errors import InputError
from iktw_kg.extract.citations import parse_citation, split_organisations
from iktw_kg.extract.figures import NumberReading, UnitWords, choose_period, read_numbers
from iktw_kg.extract.gazetteer import Gazetteer, NameMatch
from iktw_kg.extract.layout import Marker, Unit, split_lines
from iktw_kg.extract.periods import find_periods, month_day
from iktw_kg.extract.structure import ArticleText, ExtractionWarning, IssueText, nospace, parse_heading, parse_issue
from iktw_kg.extract.tables import TableRow
from iktw_kg.extract.textnorm import UNRECOVERABLE, CleanText, clean_text, restore_circled_markers
from iktw_kg.load import Corpus, load_corpus
from iktw_kg.model import Bulletin, Comparator, EntityType, Section

MAX_SOURCE_BYTES = 5 * 1024 * 1024
"""A bulletin's text is about 50 kB; anything much larger is not one."""

NOT_MENTIONED = frozenset({EntityType.UNIT, EntityType.INDICATOR})
"""Units and indicators name what a figure measures, not what an article is about."""
ORGANISATIONS = frozenset(
    {
        EntityType.GOVERNMENT_AGENCY,
        EntityType.COMPANY,
        EntityType.RESEARCH_INSTITUTE,
        EntityType.INDUSTRY_ASSOCIATION,
        EntityType.UNIVERSITY,
        EntityType.POLITICAL_PARTY,
        EntityType.ORGANIZATION,
    }
)
JURISDICTIONS = frozenset({EntityType.COUNTRY, EntityType.SUPRANATIONAL_UNION, EntityType.REGION})
NOT_SUBJECTS = frozenset({EntityType.STATUS})
"""A status (가동 중, 계획) is never what a figure is about."""
QUOTE_LIMIT = 160
"""Longer sentences are quoted around the figure: a quote should be the clause that states it."""
LEADING_MARKER = re.compile(r"^(?:[-∙•◦※]|\*{1,3})\s*")


@dataclass(frozen=True)
class KnownData:
    """What data/ already holds that an extraction links to."""

    names: Gazetteer
    units: Gazetteer
    entity_types: dict[str, EntityType]
    bulletins: list[Bulletin]
    sections: dict[str, Section]
    """Curated sections by their Korean name without spaces, for their English name and id."""
    issues: dict[str, Path]
    """Curated issue ids and the file that defines each."""
    unit_words: UnitWords

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> KnownData:
        units = [entity for entity in corpus.entities if entity.type is EntityType.UNIT]
        unit_names = [name for unit in units for name in (unit.label.ko, *unit.aliases)]
        return cls(
            names=Gazetteer.from_entities(e for e in corpus.entities if e.type not in NOT_MENTIONED),
            units=Gazetteer.from_entities(units),
            entity_types={entity.id: entity.type for entity in corpus.entities},
            bulletins=list(corpus.bulletins),
            sections={nospace(s.label.ko): s for record in corpus.issues for s in record.sections},
            issues={record.issue.id: record.origin.path for record in corpus.issues},
            unit_words=UnitWords(unit_names),
        )

    def resolve(self, name: str, types: frozenset[EntityType]) -> str | None:
        """The one entity of the given types named exactly `name`, if there is exactly one."""
        ids = [i for i in self.names.lookup(name) if self.entity_types.get(i) in types]
        return ids[0] if len(ids) == 1 else None


@dataclass(frozen=True)
class Span:
    """Where something is printed: raw offsets into the source, its line and the article number."""

    start: int
    end: int
    line: int
    page: int | None
    article: int | None


@dataclass(frozen=True)
class Mention:
    """A name of a curated entity found in an article."""

    entity_ids: tuple[str, ...]
    surface: str
    span: Span
    sentence: str


@dataclass(frozen=True)
class ExtractedReport:
    """One report of an article's `(참고 : …)` citation."""

    organisations: list[str]
    publisher_ids: list[str | None]
    title: str
    title_lang: str
    date: str
    quote: str
    span: Span


@dataclass
class ExtractedArticle:
    """An article's metadata, as the issue file needs it."""

    number: int
    title: str
    heading: str
    section_key: str | None
    pages: list[int]
    organisations: list[str]
    organisation_ids: list[str | None]
    country_marker: str
    country_id: str | None
    date: str | None
    reports: list[ExtractedReport]
    span: Span
    text: str
    """The article's sentences (heading, units, citation), one per line: what its mentions are found in."""


@dataclass(frozen=True)
class ExtractedFigure:
    """A candidate observation: everything the text says about one printed number."""

    printed: str
    value: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    unit_text: str
    unit_id: str | None
    comparator: Comparator
    period: str
    period_source: str
    forecast: bool
    subject_id: str | None
    quote: str
    sentence: str
    span: Span


@dataclass(frozen=True)
class BareNumber:
    """A number printed without a unit: an identifier, ordinal or name part, or a figure to check."""

    number: str
    context: str
    """The words around it, for the curator deciding what it is."""
    sentence: str
    span: Span


@dataclass(frozen=True)
class ExtractedTable:
    """A titled table: header and rows (label and cell texts, or label and numbers)."""

    title: str
    header: list[str] | None
    rows: list[dict[str, Any]]
    span: Span


@dataclass
class Extraction:
    """Everything extracted from one bulletin text."""

    source: Path
    bulletin_name: str
    year: int
    number: int
    section_names: dict[str, str]
    articles: list[ExtractedArticle]
    tables: list[ExtractedTable]
    mentions: list[Mention]
    figures: list[ExtractedFigure]
    bare_numbers: list[BareNumber]
    known: KnownData
    repairs: list[str] = field(default_factory=list)
    warnings: list[ExtractionWarning] = field(default_factory=list)

    @property
    def issue_slug(self) -> str:
        return f"{self.year}-{self.number:02d}"

    @property
    def reports(self) -> list[ExtractedReport]:
        return [report for article in self.articles for report in article.reports]

    def to_json(self) -> dict[str, Any]:
        """The extraction as JSON-ready data (Decimals as strings, offsets into the source)."""
        return {
            "source": str(self.source),
            "issue": {"bulletin": self.bulletin_name, "year": self.year, "number": self.number},
            "sections": [{"key": key, "name": name} for key, name in self.section_names.items()],
            "articles": [_json(article) for article in self.articles],
            "tables": [_json(table) for table in self.tables],
            "mentions": [_json(mention) for mention in self.mentions],
            "figures": [_json(figure) for figure in self.figures],
            "bare_numbers": [_json(number) for number in self.bare_numbers],
            "repairs": self.repairs,
            "warnings": [str(warning) for warning in self.warnings],
        }


def _json(item: Any) -> Any:
    if isinstance(item, Decimal):
        return format(item.normalize(), "f")
    if isinstance(item, Comparator):
        return item.value
    if isinstance(item, list | tuple):
        return [_json(value) for value in item]
    if isinstance(item, dict):
        return {key: _json(value) for key, value in item.items()}
    if hasattr(item, "__dataclass_fields__"):
        return {name: _json(getattr(item, name)) for name in item.__dataclass_fields__}
    return item


def read_source(path: Path) -> str:
    """The bulletin text as UTF-8; InputError naming the file for anything else."""
    if not path.is_file():
        raise InputError(path, None, "source text not found (expected the text extracted from the bulletin's PDF)")
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise InputError(path, None, f"file is {size:,} bytes; a bulletin text is under {MAX_SOURCE_BYTES:,} bytes")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the text as UTF-8") from None


def extract_issue(source: Path, data_dir: Path) -> Extraction:
    """Extract `source`, linking names to the entities curated under `data_dir`."""
    text = read_source(source)
    return extract_text(source, text, KnownData.from_corpus(load_corpus(data_dir)))


def extract_text(source: Path, raw: str, known: KnownData) -> Extraction:
    """Extract a bulletin text already read; `source` names it in messages and in the draft."""
    clean = clean_text(raw)
    headings = [line.start for line in split_lines(clean) if (h := parse_heading(line)) and not h.in_summary]
    clean = restore_circled_markers(clean, headings)
    issue = parse_issue(source, split_lines(clean))
    extraction = Extraction(
        source=source,
        bulletin_name=issue.bulletin_name,
        year=issue.year,
        number=issue.number,
        section_names=issue.section_names,
        articles=[],
        tables=[],
        mentions=[],
        figures=[],
        bare_numbers=[],
        known=known,
        repairs=[f"line {r.line}: {r.found!r} → {r.replaced_by}" for r in clean.repairs],
        warnings=list(issue.warnings),
    )
    for repair in clean.repairs:
        if repair.replaced_by == UNRECOVERABLE:
            extraction.warnings.append(
                ExtractionWarning(repair.line, f"unrecoverable PDF artefact {repair.found!r}, marked {UNRECOVERABLE}")
            )
    for article in issue.articles:
        _ArticleExtractor(clean, issue, article, known, extraction).run()
    return extraction


class _ArticleExtractor:
    """Everything extracted from one article, added to the extraction."""

    def __init__(
        self, clean: CleanText, issue: IssueText, article: ArticleText, known: KnownData, extraction: Extraction
    ) -> None:
        self.clean = clean
        self.issue = issue
        self.article = article
        self.known = known
        self.extraction = extraction

    def span(self, start: int, end: int) -> Span:
        """A Span from clean offsets."""
        raw_start, raw_end = self.clean.raw_span(start, end)
        return Span(raw_start, raw_end, self.clean.line_of(start), self.article.page_at(start), self.article.number)

    def quote(self, unit: Unit, start: int, end: int) -> tuple[str, Span]:
        """The verbatim source text of a unit's span, whitespace runs as one space."""
        clean_start, clean_end = unit.clean_span(start, end)
        raw = self.clean.raw_slice(clean_start, clean_end)
        return " ".join(raw.split()), self.span(clean_start, clean_end)

    def run(self) -> None:
        reports = self.reports()
        article = self.article
        heading = article.heading
        heading_unit = Unit(kind=Marker.PARAGRAPH, first_line=heading.line.number)
        heading_unit.append(heading.line)
        sentences = [heading_unit, *article.body.units, *article.body.citations]
        organisations = split_organisations(heading.organisations)
        extracted = ExtractedArticle(
            number=article.number,
            title=heading.title,
            heading=" ".join(self.clean.raw_slice(heading.line.start, heading.line.end).split()),
            section_key=article.section_key,
            pages=article.pages,
            organisations=organisations,
            organisation_ids=[self.known.resolve(name, ORGANISATIONS) for name in organisations],
            country_marker=heading.marker,
            country_id=self.known.resolve(heading.marker, JURISDICTIONS),
            date=self.article_date(reports),
            reports=reports,
            span=self.span(heading.line.start, heading.line.end),
            text="\n".join(unit.text for unit in sentences),
        )
        self.extraction.articles.append(extracted)
        self.check(extracted)
        self.tables()
        for unit in sentences:
            matches = self.known.names.find(unit.text)
            self.mentions(unit, matches)
            if unit.kind is not Marker.CITATION and unit is not heading_unit:
                self.figures(unit, matches, extracted.date)

    def reports(self) -> list[ExtractedReport]:
        reports = []
        for unit in self.article.body.citations:
            cited, problems = parse_citation(unit)
            for problem in problems:
                self.warn(unit.first_line, f"cannot read the cited report {problem.text!r} as ORG, TITLE, DATE")
            for report in cited:
                quote, span = self.quote(unit, report.start, report.end)
                reports.append(
                    ExtractedReport(
                        organisations=report.organisations,
                        publisher_ids=[self.known.resolve(name, ORGANISATIONS) for name in report.organisations],
                        title=report.title,
                        title_lang=title_language(report.title),
                        date=report.date,
                        quote=quote,
                        span=span,
                    )
                )
        return reports

    def article_date(self, reports: list[ExtractedReport]) -> str | None:
        """The heading's month (and day), in the year of the cited report that has that month."""
        when = self.article.heading.when
        for report in reports:
            dated = month_day(when, int(report.date[:4]))
            if dated is not None and report.date.startswith(dated[:7]):
                return dated
        dated = month_day(when, self.issue.year)
        if dated is None:
            self.warn(self.article.heading.line.number, f"cannot read the heading date {when!r}")
        return dated

    def check(self, article: ExtractedArticle) -> None:
        """Warn about what the curator must supply: a citation, an organisation or country not in data/."""
        line = self.article.heading.line.number
        if not article.reports:
            self.warn(line, f"article {article.number} ({article.title}): no (참고 : …) citation found")
        for name, resolved in zip(article.organisations, article.organisation_ids, strict=True):
            if resolved is None:
                self.warn(line, f"source organisation {name!r} is not (uniquely) named in data/")
        if article.country_id is None:
            self.warn(line, f"country marker {article.country_marker!r} is not an alias of a country in data/")
        for report in article.reports:
            for name, resolved in zip(report.organisations, report.publisher_ids, strict=True):
                if resolved is None:
                    self.warn(report.span.line, f"publisher {name!r} is not (uniquely) named in data/")

    def warn(self, line: int | None, message: str) -> None:
        self.extraction.warnings.append(ExtractionWarning(line, message))

    def tables(self) -> None:
        for table in self.article.body.tables:
            self.extraction.tables.append(
                ExtractedTable(
                    title=table.title,
                    header=table.header,
                    rows=[_row(row) for row in table.rows],
                    span=self.span(table.offset, table.end),
                )
            )

    def mentions(self, unit: Unit, matches: list[NameMatch]) -> None:
        for match in matches:
            clean_start, clean_end = unit.clean_span(match.start, match.end)
            self.extraction.mentions.append(
                Mention(
                    match.entity_ids, unit.text[match.start : match.end], self.span(clean_start, clean_end), unit.text
                )
            )

    def figures(self, unit: Unit, matches: list[NameMatch], article_date: str | None) -> None:
        if unit.numeric_row:
            self.table_row_figures(unit, matches)
            return
        periods = find_periods(unit.text, self.issue.year)
        for reading in read_numbers(unit.text, periods, self.known.unit_words):
            clean_start, clean_end = unit.clean_span(reading.start, reading.end)
            if reading.unit is None:
                number = reading.printed.replace(",", "")
                context = unit.text[max(0, reading.start - 15) : reading.end + 15].strip()
                span = self.span(clean_start, clean_end)
                self.extraction.bare_numbers.append(BareNumber(number, f"…{context}…", unit.text, span))
                continue
            chosen = choose_period(reading, periods)
            period = chosen.period if chosen else (article_date or str(self.issue.year))
            self.add_figure(
                unit,
                reading,
                unit_text=reading.unit,
                period=period,
                period_source="text" if chosen else "article date",
                subject_id=self.subject(matches, reading.start),
            )

    def table_row_figures(self, unit: Unit, matches: list[NameMatch]) -> None:
        """`양극재(톤) 413,088 …`: one figure per cell, unit from the label, period from the header."""
        table = next(t for t in self.article.body.tables if any(r.number_line is unit.lines[0] for r in t.rows))
        row = next(r for r in table.rows if r.number_line is unit.lines[0])
        unit_match = re.search(r"\(([^()]+)\)\s*$", row.label)
        unit_text = unit_match.group(1).replace(",", "") if unit_match else ""
        cells = [m for m in re.finditer(r"\S+", unit.text)][-len(row.numbers) :]
        for cell, period in zip(cells, table.column_periods, strict=True):
            value = Decimal(cell.group().rstrip("%").replace(",", ""))
            reading = NumberReading(
                cell.start(), cell.end(), cell.group(), value, None, None, unit_text, Comparator.EXACT, False
            )
            self.add_figure(unit, reading, unit_text, period, "table header", self.subject(matches, cell.start()))

    def add_figure(
        self,
        unit: Unit,
        reading: NumberReading,
        unit_text: str,
        period: str,
        period_source: str,
        subject_id: str | None,
    ) -> None:
        start, end = self.quote_window(unit, reading)
        quote, span = self.quote(unit, start, end)
        unit_ids = self.known.units.lookup(unit_text) if unit_text else ()
        last_year = int(period.split("..")[-1][:4])
        self.extraction.figures.append(
            ExtractedFigure(
                printed=reading.printed,
                value=reading.value,
                minimum=reading.minimum,
                maximum=reading.maximum,
                unit_text=unit_text,
                unit_id=unit_ids[0] if len(unit_ids) == 1 else None,
                comparator=reading.comparator,
                period=period,
                period_source=period_source,
                forecast=reading.forecast_word or last_year > self.issue.year,
                subject_id=subject_id,
                quote=quote,
                sentence=unit.text,
                span=span,
            )
        )

    def quote_window(self, unit: Unit, reading: NumberReading) -> tuple[int, int]:
        """The sentence without its bullet mark, or for a long one the words around the figure."""
        text = unit.text
        marker = LEADING_MARKER.match(text)
        start, end = (marker.end() if marker else 0), len(text)
        if end - start <= QUOTE_LIMIT:
            return start, end
        left = max(start, reading.start - QUOTE_LIMIT // 2)
        right = min(end, reading.end + QUOTE_LIMIT // 3)
        if left > start:
            space = text.find(" ", left, reading.start)
            left = space + 1 if space != -1 else left
        if right < end:
            space = text.rfind(" ", reading.end, right)
            right = space if space != -1 else right
        return left, right

    def subject(self, matches: list[NameMatch], position: int) -> str | None:
        """The entity named last before the figure in its sentence: a guess the curator confirms."""
        for match in reversed(matches):
            if match.start >= position:
                continue
            ids = [i for i in match.entity_ids if self.known.entity_types.get(i) not in NOT_SUBJECTS]
            if len(ids) == 1:
                return ids[0]
        return None


def _row(row: TableRow) -> dict[str, Any]:
    if row.numbers:
        return {"label": row.label, "numbers": row.numbers}
    return {"label": row.label, "cells": [cell.text for cell in row.cells]}


def title_language(title: str) -> str:
    """ja with kana, ko with Hangul, zh with Han characters only, otherwise en."""
    if re.search(r"[\u3040-\u30ff]", title):
        return "ja"
    if re.search(r"[\uac00-\ud7a3]", title):
        return "ko"
    if re.search(r"[\u4e00-\u9fff]", title):
        return "zh"
    return "en"
