"""Dates and periods as the bulletin prints them: ’22년, ’30년경, ’23년 1~8월, ’17~’20년, ’21.3.

Each becomes a period in the curated format (YYYY, YYYY-MM, YYYY-MM-DD or START..END), as
precise as printed. The numbers inside them are dates, not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iktw_kg.model import check_date

APOSTROPHE = "’'‘`"


def _year(name: str) -> str:
    """A year as printed: ’22 (two digits after an apostrophe) or 2022; groups `{name}2` / `{name}4`."""
    return rf"(?:[{APOSTROPHE}](?P<{name}2>\d{{2}})(?!\d)|(?P<{name}4>(?:19|20)\d{{2}})(?!\d))"


YEAR_RANGE = re.compile(
    _year("a") + r"\s*년?\s*[~∼～]\s*(?:" + _year("b") + r"|(?P<b_short>\d{2})(?!\d))\s*년?(?:\s*간)?"
)
YEAR_MONTH_RANGE = re.compile(_year("a") + r"\s*년\s*(?P<m1>\d{1,2})\s*[~∼～]\s*(?P<m2>\d{1,2})\s*월")
YEAR_DOT = re.compile(_year("a") + r"\.(?P<month>\d{1,2})(?:\.(?P<day>\d{1,2}))?\.?(?:\s*월)?(?!\d)")
YEAR_MONTH = re.compile(_year("a") + r"\s*년\s*(?P<month>\d{1,2})\s*월")
YEAR_ONLY = re.compile(
    rf"[{APOSTROPHE}](?P<a2>\d{{2}})(?!\d)(?:\s*년)?(?:\s*(?:말|초|경|기준))?"
    r"|(?P<a4>(?:19|20)\d{2})\s*년(?:\s*(?:말|초|경|기준))?"
)
PATTERNS = (YEAR_MONTH_RANGE, YEAR_RANGE, YEAR_DOT, YEAR_MONTH, YEAR_ONLY)
"""Most specific first: a span taken by one pattern is not read again by a later one."""


@dataclass(frozen=True)
class PeriodSpan:
    """A printed date or period: where it is in the text and the period it denotes."""

    start: int
    end: int
    period: str


def full_year(two_digits: str, issue_year: int) -> int:
    """’22 → 2022 and ’80 → 1980: a two-digit year is the one nearest the issue, looking 30 years ahead."""
    value = int(two_digits)
    century = issue_year // 100 * 100
    return century + value if value <= issue_year % 100 + 30 else century - 100 + value


def _year_of(match: re.Match[str], name: str, issue_year: int) -> int:
    if match.group(f"{name}4"):
        return int(match.group(f"{name}4"))
    return full_year(match.group(f"{name}2"), issue_year)


def _period(pattern: re.Pattern[str], match: re.Match[str], issue_year: int) -> str | None:
    year = _year_of(match, "a", issue_year)
    if pattern is YEAR_MONTH_RANGE:
        first, last = int(match["m1"]), int(match["m2"])
        if not 1 <= first <= last <= 12:
            return None
        return f"{year}-{first:02d}..{year}-{last:02d}"
    if pattern is YEAR_RANGE:
        short_end = match["b_short"]
        end = year // 100 * 100 + int(short_end) if short_end else _year_of(match, "b", issue_year)
        return f"{year}..{end}" if end > year else None
    if pattern in (YEAR_DOT, YEAR_MONTH):
        month = int(match["month"])
        if not 1 <= month <= 12:
            return None
        day = match.groupdict().get("day")
        return _checked(f"{year}-{month:02d}-{int(day):02d}") if day else f"{year}-{month:02d}"
    return str(year)


def _checked(date: str) -> str | None:
    try:
        return check_date(date)
    except ValueError:
        return None


def find_periods(text: str, issue_year: int) -> list[PeriodSpan]:
    """Every date or period printed in `text`, left to right, without overlaps."""
    taken: list[PeriodSpan] = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < span.end and span.start < match.end() for span in taken):
                continue
            period = _period(pattern, match, issue_year)
            if period is not None:
                taken.append(PeriodSpan(match.start(), match.end(), period))
    return sorted(taken, key=lambda span: span.start)


def month_day(printed: str, year: int) -> str | None:
    """A heading's date: `2.7` → YYYY-02-07, `1月` → YYYY-01 (the year comes from elsewhere)."""
    match = re.fullmatch(r"(?P<month>\d{1,2})(?:\.(?P<day>\d{1,2})\.?|\s*月)", printed.strip())
    if not match:
        return None
    month = int(match["month"])
    if not 1 <= month <= 12:
        return None
    if match["day"]:
        return _checked(f"{year}-{month:02d}-{int(match['day']):02d}")
    return f"{year}-{month:02d}"
