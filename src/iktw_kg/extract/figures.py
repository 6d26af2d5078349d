"""Candidate figures: a number with its magnitude, unit, bound, period and forecast flag.

Korean magnitudes chain as printed (`241억 6,492만 달러` → 24,164,920,000 dollars; `2.3만` →
23,000); English ones follow a space (`4.2 million`). A figure needs a unit: a bare number is
an identifier, an ordinal or part of a name far more often than a figure, so bare numbers are
only listed (the draft offers them as `non_figures` for the curator to confirm). Numbers inside
a printed date or period (’22년, ’23년 1~8월) are dates, not figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from iktw_kg.extract.periods import APOSTROPHE, PeriodSpan
from iktw_kg.model import Comparator

NUMBER = re.compile(rf"(?<![\w.,\-/{APOSTROPHE}])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?![\d,]\d)")
KOREAN_MAGNITUDES = {"천": Decimal(10**3), "만": Decimal(10**4), "억": Decimal(10**8), "조": Decimal(10**12)}
ENGLISH_MAGNITUDE = re.compile(r"\s(?P<word>thousand|million|billion|trillion)\b", re.IGNORECASE)
ENGLISH_MAGNITUDES = {
    "thousand": Decimal(10**3),
    "million": Decimal(10**6),
    "billion": Decimal(10**9),
    "trillion": Decimal(10**12),
}
RANGE_DASH = "~∼～"

UNIT_WORDS = (
    "%포인트", "%p", "%", "퍼센트", "톤", "tonnes", "tons", "대", "기", "명", "개사", "개국", "개 주", "개월", "개",
    "가지", "곳", "위", "년", "배", "건", "달러", "유로", "루피", "엔", "위안", "파운드", "USD", "EUR",
    "TWh", "GWh", "MWh", "kWh", "GW", "MW", "kW", "㎡", "평방미터", "㎢", "㎞", "km",
)  # fmt: skip
"""How the bulletin prints units after a number; the data's unit labels and aliases are added."""
COUNTER = "개"
"""The bare counter 개 counts only before a space or a sign: in 5개년 (five-year) it is part of a word."""
WON = "원"
"""The won is only read after a magnitude (억 원): alone, 원 starts words such as 원전."""
PER_UNIT = "당"
"""`1대당` is 'per vehicle': the number belongs to the unit, it is not a figure."""

BOUND_BEFORE = {"약": Comparator.APPROX, "최대": Comparator.AT_MOST, "최소": Comparator.AT_LEAST}
BOUND_AFTER = re.compile(
    r"(?:을|를|이|가|은|는|의|에|로|으로)?\s?(?P<word>이상|이하|미만|초과|상회|넘|웃돌|정도|내외|가량)"
)
BOUND_WORDS = {
    "이상": Comparator.AT_LEAST,
    "이하": Comparator.AT_MOST,
    "미만": Comparator.UNDER,
    "초과": Comparator.OVER,
    "상회": Comparator.OVER,
    "넘": Comparator.OVER,
    "웃돌": Comparator.OVER,
    "정도": Comparator.APPROX,
    "내외": Comparator.APPROX,
    "가량": Comparator.APPROX,
}
FORECAST_WORDS = ("전망", "예상", "예측", "기대", "목표", "계획", "방침", "예정")
CLAUSE_END = re.compile(r",\s|▲|;")


class UnitWords:
    """Unit words, longest first, matched case-insensitively after a number."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        words = {word for word in (*UNIT_WORDS, *extra) if word and not word[0].isdigit()}
        self._words = sorted(words, key=lambda word: (-len(word), word))

    def at(self, text: str, position: int) -> str | None:
        for word in self._words:
            candidate = text[position : position + len(word)]
            if candidate.casefold() != word.casefold():
                continue
            after = text[position + len(word) : position + len(word) + 1]
            if word[-1].isascii() and word[-1].isalpha() and after.isascii() and after.isalpha():
                continue
            return candidate
        return None


@dataclass(frozen=True)
class NumberReading:
    """A number as printed, with what the text around it says; `unit` None for a bare number."""

    start: int
    end: int
    printed: str
    value: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    unit: str | None
    comparator: Comparator
    forecast_word: bool


def _hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


class _Reader:
    """Reads one number and what follows it: magnitude, range, unit, bound."""

    def __init__(self, text: str, units: UnitWords) -> None:
        self.text = text
        self.units = units

    def korean_amount(self, first: re.Match[str]) -> tuple[Decimal, int, bool]:
        """`241억 6,492만` → (24164920000, end, True): a number and the smaller magnitudes that follow it."""
        text = self.text
        value, position = _decimal(first.group()), first.end()
        magnitude = KOREAN_MAGNITUDES.get(text[position : position + 1])
        if magnitude is None:
            return value, position, False
        value *= magnitude
        position += 1
        while True:
            follow = NUMBER.match(text, position + 1) if text[position : position + 1] == " " else None
            follow = follow or NUMBER.match(text, position)
            if follow is None:
                break
            smaller = KOREAN_MAGNITUDES.get(text[follow.end() : follow.end() + 1])
            if smaller is None or smaller >= magnitude:
                break
            value += _decimal(follow.group()) * smaller
            magnitude, position = smaller, follow.end() + 1
        return value, position, True

    def read(self, match: re.Match[str]) -> tuple[NumberReading, int]:
        text = self.text
        low, position, has_magnitude = self.korean_amount(match)
        high: Decimal | None = None
        if text[position : position + 1] and text[position] in RANGE_DASH:
            upper = NUMBER.match(text, position + 1) or NUMBER.match(text, position + 2)
            if upper is not None and text[position + 1 : upper.start()].strip() == "":
                high, after_high, high_magnitude = self.korean_amount(upper)
                if high_magnitude and not has_magnitude:
                    low *= KOREAN_MAGNITUDES[text[upper.end()]]  # 100~200만: the magnitude is printed once
                has_magnitude = has_magnitude or high_magnitude
                position = after_high
        english = ENGLISH_MAGNITUDE.match(text, position)
        if english is not None and not has_magnitude:
            factor = ENGLISH_MAGNITUDES[english["word"].lower()]
            low, high = low * factor, None if high is None else high * factor
            position = english.end()
        unit, unit_end = self._unit(position, has_magnitude)
        end = unit_end if unit else position
        comparator = self._bound(match.start(), end)
        reading = NumberReading(
            start=match.start(),
            end=end,
            printed=text[match.start() : end],
            value=None if high is not None else low,
            minimum=low if high is not None else None,
            maximum=high,
            unit=unit,
            comparator=comparator,
            forecast_word=self._forecast_word(end),
        )
        return reading, end

    def _unit(self, position: int, has_magnitude: bool) -> tuple[str | None, int]:
        text = self.text
        for start in (position, position + 1) if text[position : position + 1] == " " else (position,):
            word = self.units.at(text, start)
            if word is None and has_magnitude and text.startswith(WON, start):
                word = WON
            if word is not None:
                end = start + len(word)
                if text.startswith(PER_UNIT, end) or (word == COUNTER and _hangul(text[end : end + 1])):
                    return None, position
                return word, end
        return None, position

    def _bound(self, start: int, end: int) -> Comparator:
        before = self.text[max(0, start - 4) : start].rstrip()
        for word, comparator in BOUND_BEFORE.items():
            if before.endswith(word):
                return comparator
        after = BOUND_AFTER.match(self.text, end)
        return BOUND_WORDS[after["word"]] if after else Comparator.EXACT

    def _forecast_word(self, end: int) -> bool:
        clause_end = CLAUSE_END.search(self.text, end)
        clause = self.text[end : clause_end.start() if clause_end else len(self.text)]
        return any(word in clause for word in FORECAST_WORDS)


def read_numbers(text: str, periods: list[PeriodSpan], units: UnitWords) -> list[NumberReading]:
    """Every number printed in `text` outside dates and periods, with its unit if it has one."""
    reader = _Reader(text, units)
    readings = []
    position = 0
    for match in NUMBER.finditer(text):
        if match.start() < position or any(p.start <= match.start() < p.end for p in periods):
            continue
        reading, position = reader.read(match)
        readings.append(reading)
    return readings


def choose_period(reading: NumberReading, periods: list[PeriodSpan]) -> PeriodSpan | None:
    """The period a figure refers to: the last one printed before it, else the first one after it."""
    before = [span for span in periods if span.end <= reading.start]
    if before:
        return before[-1]
    return next((span for span in periods if span.start >= reading.end), None)
