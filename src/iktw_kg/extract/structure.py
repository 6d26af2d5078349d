"""The parts of an issue: its number, the summary table, the sections and the articles.

The summary table (요약) is the most reliable guide: it lists every article in order with its
section and first page. The body repeats each heading; an article's text runs from its
heading to the next one. When the summary misses something, the body decides (a page marker
or a section header before the heading) and a warning says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from iktw_kg.errors import InputError
from iktw_kg.extract.blocks import Body, read_body
from iktw_kg.extract.layout import LABEL_WIDTH, FullWidths, Line, Marker

ISSUE_TITLE = re.compile(r"(?P<bulletin>\S.*?)\s*(?P<year>(?:19|20)\d{2})\s*년\s*(?P<number>\d{1,2})\s*호")
HEADING = re.compile(
    r"^(?P<bullet>[∙•]\s*)?(?P<title>[^\s(∙•].*?)\s*"
    r"\((?P<marker>[\u3400-\u9fff\uf900-\ufaff]{1,2})\s+(?P<organisations>[^()]+?)\s*,\s*"
    r"(?P<when>\d{1,2}\s*\.\s*\d{1,2}\.?|\d{1,2}\s*月)\)$"
)
"""`중국 원자력 산업 및 정책 동향 (日 전기사업연합회, 2.7)`: title, country marker, source, date."""
FILE_NAME_ISSUE = re.compile(r"(?P<year>(?:19|20)\d{2})[-_.](?P<number>\d{1,2})(?!\d)")
"""`iktw-2024-04.txt`: the issue when its title line is missing."""
DEFAULT_BULLETIN = "산업기술 동향워치"
PAGE_NUMBER = re.compile(r"^\d{1,3}$")
SECTION_WIDTH = 20
"""Section names (이슈포커스, 산업·기술 동향, 정책 동향) and their fragments are short lines."""

NOT_A_BULLETIN = (
    "not an IKTW bulletin text: expected a title line such as '산업기술 동향워치 2024년 4호 요약' and "
    "article headings such as '중국 원자력 산업 및 정책 동향 (⽇ 전기사업연합회, 2.7)'; found neither"
)


def nospace(text: str) -> str:
    return "".join(text.split())


@dataclass(frozen=True)
class ExtractionWarning:
    """Something the extractor had to guess or could not find, with the source line."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class Heading:
    """An article heading, in the summary (with `∙`) or in the body."""

    line: Line
    title: str
    marker: str
    organisations: str
    when: str
    in_summary: bool

    @property
    def key(self) -> str:
        return nospace(self.title)


@dataclass
class SummaryEntry:
    heading: Heading
    section_key: str | None
    page: int | None = None


@dataclass
class Summary:
    """The summary table: sections (key → name fragments) and one entry per article, in order."""

    sections: dict[str, list[str]] = field(default_factory=dict)
    entries: list[SummaryEntry] = field(default_factory=list)


@dataclass
class ArticleText:
    """One article as printed: heading, section, pages and body."""

    number: int
    heading: Heading
    section_key: str | None
    pages: list[int]
    body: Body
    page_marks: list[tuple[int, int]]
    """(clean offset, page) of the page markers inside the article."""

    def page_at(self, offset: int) -> int:
        page = self.pages[0]
        for position, number in self.page_marks:
            if position <= offset:
                page = number
        return page


@dataclass
class IssueText:
    """Everything the structure pass found in one bulletin text."""

    bulletin_name: str
    year: int
    number: int
    section_names: dict[str, str]
    """Section key (name without spaces) → name as printed, in the order of the summary."""
    articles: list[ArticleText]
    warnings: list[ExtractionWarning]


def parse_heading(line: Line) -> Heading | None:
    if line.marker is Marker.CITATION:
        return None
    match = HEADING.match(line.text)
    if match is None:
        return None
    return Heading(
        line=line,
        title=match["title"].strip(),
        marker=match["marker"],
        organisations=match["organisations"].strip(),
        when=nospace(match["when"]),
        in_summary=bool(match["bullet"]),
    )


def parse_issue(source: Path, lines: list[Line]) -> IssueText:
    """Find the issue number, summary, sections and articles; raise InputError if this is no bulletin."""
    title = next((m for m in (ISSUE_TITLE.search(line.text) for line in lines) if m), None)
    headings = [(index, h) for index, h in enumerate(map(parse_heading, lines)) if h is not None]
    body_headings = [(index, h) for index, h in headings if not h.in_summary]
    if title is None and not headings:
        raise InputError(source, None, NOT_A_BULLETIN)
    if not body_headings:
        raise InputError(
            source, None, "no article headings found in the body: expected lines such as '제목 (美 OSTP, 2.12)'"
        )
    warnings: list[ExtractionWarning] = []
    if title is not None:
        bulletin, year, number = title["bulletin"].strip(), int(title["year"]), int(title["number"])
    else:
        named = FILE_NAME_ISSUE.search(source.name)
        if named is None:
            raise InputError(
                source, None, "issue year and number not found: expected a line like '산업기술 동향워치 2024년 4호'"
            )
        bulletin, year, number = DEFAULT_BULLETIN, int(named["year"]), int(named["number"])
        warnings.append(ExtractionWarning(None, f"issue title not printed: {year} No. {number} from the file name"))
    widths = FullWidths.measure(lines)
    first_body = body_headings[0][0]
    summary = _parse_summary(lines[:first_body])
    if not summary.entries:
        warnings.append(
            ExtractionWarning(None, "no summary table (요약) found: article order, sections and pages from the body")
        )
    section_names = _section_names(summary, lines)
    preambles = [_preamble(lines, index, section_names) for index, _ in body_headings]
    # Page markers and running headers after the last article belong to no article.
    trailer = _preamble(lines, len(lines), section_names)[0]
    articles = []
    numbers = _article_numbers([h for _, h in body_headings], summary, warnings)
    for position, (index, heading) in enumerate(body_headings):
        end = preambles[position + 1][0] if position + 1 < len(body_headings) else trailer
        block = lines[index + 1 : end]
        entry = _entry_for(summary, heading)
        section_key = entry.section_key if entry and entry.section_key else None
        if section_key is None:
            # Not in the summary: the section header printed before the heading, else the previous article's.
            printed = _preamble_section(preambles[position][1])
            if printed is not None:
                section_key = nospace(printed)
                section_names.setdefault(section_key, printed)
            elif articles:
                section_key = articles[-1].section_key
            else:
                warnings.append(ExtractionWarning(heading.line.number, f"section of {heading.title!r} not found"))
        body = read_body(block, widths, year)
        marks = [(mark.start, page) for mark in body.page_marks if (page := _page_number(mark)) is not None]
        first_page = _first_page(entry, preambles[position][1], articles, heading, warnings)
        pages = [first_page, *sorted({page for _, page in marks if page > first_page})]
        articles.append(ArticleText(numbers[position], heading, section_key, pages, body, marks))
    articles.sort(key=lambda article: article.number)
    return IssueText(bulletin, year, number, section_names, articles, warnings)


def _page_number(line: Line) -> int | None:
    digits = line.text.strip("❚ ")
    return int(digits) if digits.isdigit() else None


def _parse_summary(lines: list[Line]) -> Summary:
    """Entries (∙ headings), their page (a bare number line) and section (the short lines before)."""
    summary = Summary()
    fragments: list[str] = []
    section_key: str | None = None
    expecting_section = True
    for line in lines:
        if line.blank or line.marker is Marker.PAGE:
            continue
        if ISSUE_TITLE.search(line.text) or ("구분" in line.text and "페이지" in line.text):
            expecting_section, fragments = True, []
            continue
        heading = parse_heading(line)
        if heading is not None and heading.in_summary:
            if fragments:
                section_key = nospace("".join(fragments))
                summary.sections[section_key] = fragments
                fragments = []
            summary.entries.append(SummaryEntry(heading, section_key))
            expecting_section = False
        elif PAGE_NUMBER.match(line.text) and summary.entries and summary.entries[-1].page is None:
            summary.entries[-1].page = int(line.text)
            expecting_section = True
        elif expecting_section and line.marker is Marker.NONE and line.width <= SECTION_WIDTH:
            fragments.append(line.text)
    return summary


def _section_names(summary: Summary, lines: list[Line]) -> dict[str, str]:
    """Each section's name as the body prints it (`산업·기술 동향`), else its summary fragments joined."""
    names = {}
    printed = {nospace(line.text): line.text for line in lines if line.marker is Marker.NONE and line.text}
    for key, fragments in summary.sections.items():
        names[key] = printed.get(key) or "".join(f if f.endswith("·") else f + " " for f in fragments).strip()
    return names


def _preamble(lines: list[Line], heading_index: int, section_names: dict[str, str]) -> tuple[int, list[Line]]:
    """The page markers and section header lines printed just before a heading (and their start index)."""
    start = heading_index
    first_content = True
    while start > 0:
        line = lines[start - 1]
        known_section = nospace(line.text) in section_names
        unknown_header = (
            not section_names and first_content and line.marker is Marker.NONE and line.width <= SECTION_WIDTH
        )
        if not (line.blank or line.marker is Marker.PAGE or known_section or unknown_header):
            break
        if not line.blank:
            first_content = False
        start -= 1
    return start, lines[start:heading_index]


def _preamble_section(preamble: list[Line]) -> str | None:
    """The section header printed just before a heading, as printed."""
    names = [line for line in preamble if line.marker is Marker.NONE and line.text and line.width <= LABEL_WIDTH]
    return names[-1].text if names else None


def _entry_for(summary: Summary, heading: Heading) -> SummaryEntry | None:
    return next((entry for entry in summary.entries if entry.heading.key == heading.key), None)


def _article_numbers(headings: list[Heading], summary: Summary, warnings: list[ExtractionWarning]) -> list[int]:
    """Numbers follow the summary's order; articles it does not list come after, in body order."""
    listed = [entry.heading.key for entry in summary.entries]
    numbers = []
    extra = len(listed)
    for heading in headings:
        if heading.key in listed:
            numbers.append(listed.index(heading.key) + 1)
        else:
            extra += 1
            numbers.append(extra)
            if listed:
                warnings.append(
                    ExtractionWarning(heading.line.number, f"article {heading.title!r} is not in the summary table")
                )
    printed = {heading.key for heading in headings}
    for entry in summary.entries:
        if entry.heading.key not in printed:
            warnings.append(
                ExtractionWarning(
                    entry.heading.line.number, f"summary lists {entry.heading.title!r} but its text was not found"
                )
            )
    in_summary = [n for n in numbers if n <= len(listed)]
    if in_summary != sorted(in_summary):
        warnings.append(
            ExtractionWarning(None, "articles are printed in a different order from the summary; numbered as listed")
        )
    return numbers


def _first_page(
    entry: SummaryEntry | None,
    preamble: list[Line],
    previous: list[ArticleText],
    heading: Heading,
    warnings: list[ExtractionWarning],
) -> int:
    if entry is not None and entry.page is not None:
        return entry.page
    marked = [page for line in preamble if line.marker is Marker.PAGE and (page := _page_number(line)) is not None]
    if marked:
        return marked[-1]
    estimate = max((article.pages[-1] for article in previous), default=0) + 1
    warnings.append(
        ExtractionWarning(heading.line.number, f"page of {heading.title!r} not printed; estimated as {estimate}")
    )
    return estimate
