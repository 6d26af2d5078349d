"""`(참고 : ORG, TITLE, 2024.01.29.; ORG, TITLE, 2024.01.27.)` → one cited report per `;`.

The organisation is what precedes the first comma, the date what follows the last one;
the title, which may itself hold commas, is everything in between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iktw_kg.extract.layout import Unit
from iktw_kg.model import check_date

PREFIX = re.compile(r"^\(참고\s*[:：]?\s*")
REPORT = re.compile(
    r"^(?P<organisations>[^,]+?)\s*,\s*(?P<title>.+?)\s*,\s*"
    r"(?P<year>(?:19|20)\d{2})\s*\.\s*(?P<month>\d{1,2})(?:\s*\.\s*(?P<day>\d{1,2}))?\s*\.?$"
)
ORGANISATION_SEPARATORS = re.compile(r"\s*(?:·|・|/| 및 )\s*")
"""How the bulletin joins co-authors: `China SAE·BCG`, `BCG 및 China SAE`."""


@dataclass(frozen=True)
class CitedReport:
    """One report of a citation, with the span of the citation that names it (its quote)."""

    organisations: list[str]
    title: str
    date: str
    start: int
    end: int
    """Span in the citation unit's text: the first report's span includes `(참고 :`, the last one's the `)`."""


@dataclass(frozen=True)
class CitationProblem:
    """A part of a citation that does not read as ORG, TITLE, DATE."""

    text: str


def split_organisations(text: str) -> list[str]:
    """`China SAE·BCG` → [China SAE, BCG]; `BCG 및 China SAE` → [BCG, China SAE]."""
    return [part for part in ORGANISATION_SEPARATORS.split(text.strip()) if part]


def parse_citation(unit: Unit) -> tuple[list[CitedReport], list[CitationProblem]]:
    """The reports a `(참고 : …)` unit cites, and the parts that could not be read."""
    text = unit.text
    prefix = PREFIX.match(text)
    body_start = prefix.end() if prefix else 0
    body_end = len(text.rstrip())
    if text[:body_end].endswith(")"):
        body_end -= 1
    reports, problems = [], []
    part_start = body_start
    for index, part in enumerate(text[body_start:body_end].split(";")):
        part_end = part_start + len(part)
        stripped = part.strip()
        match = REPORT.match(stripped)
        date = _date(match) if match else None
        if match is None or date is None:
            if stripped:
                problems.append(CitationProblem(stripped))
        else:
            # The first report's quote keeps `(참고 :`, the last one's the closing `)`, as printed.
            span_start = 0 if index == 0 else part_start + len(part) - len(part.lstrip())
            span_end = len(text.rstrip()) if part_end == body_end else part_start + len(part.rstrip())
            reports.append(
                CitedReport(split_organisations(match["organisations"]), match["title"], date, span_start, span_end)
            )
        part_start = part_end + 1
    return reports, problems


def _date(match: re.Match[str]) -> str | None:
    """The citation date as precise as printed, or None for an impossible date."""
    date = f"{match['year']}-{int(match['month']):02d}"
    if match["day"]:
        date += f"-{int(match['day']):02d}"
    try:
        return check_date(date)
    except ValueError:
        return None
