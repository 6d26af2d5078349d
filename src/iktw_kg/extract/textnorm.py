"""Clean the PDF-extracted text while remembering where every character came from.

Later steps read the cleaned text, but every offset they report is mapped back to the source
as read, because curated quotes must be verbatim spans of the source, artefacts included.

Cleaning is NFKC (full-width digits, Kangxi radicals ⽇ ⽉ → 日 月, no-break spaces), one kind
of line end, no invisible characters, and the circled list numbers the PDF font lost restored
where the sequence allows it.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

KEEP_UNFOLDED = ((0x2460, 0x2473), (0x3371, 0x33DF))
"""Circled numbers ①–⑳ and squared units ㎡ ㎞ …: NFKC would turn them into '1' and 'm2',
which reads as a number and loses the unit."""

LINE_ENDS = {"\r": "\n", "\f": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}
INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060\u00ad")

CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩"
PDF_CIRCLED = {"Œ": 1, "Ž": 3}
"""The bulletin's symbol font puts ① ② ③ ④ ⑤ at bytes 0x8C-0x90; read as cp1252 these are Œ,
an undefined byte (U+FFFD), Ž, and two more undefined bytes."""
LOST_CIRCLED = frozenset({2, 4, 5})
"""Circled numbers whose byte has no cp1252 character: they come out as U+FFFD."""
REPLACEMENT = "\ufffd"
UNRECOVERABLE = "〓"
"""The geta mark, the typesetters' sign for a character that could not be set."""


@dataclass(frozen=True)
class Repair:
    """One artefact changed while cleaning, for the extraction report."""

    line: int
    found: str
    replaced_by: str


@dataclass
class CleanText:
    """The cleaned text, and for each of its characters the offset of the raw character it came from."""

    raw: str
    text: str
    raw_index: list[int]
    repairs: list[Repair] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [index + 1 for index, char in enumerate(self.text) if char == "\n"]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw offsets [start, end) of the cleaned span [start, end)."""
        if end <= start:
            return self.raw_index[start], self.raw_index[start]
        return self.raw_index[start], self.raw_index[end - 1] + 1

    def raw_slice(self, start: int, end: int) -> str:
        raw_start, raw_end = self.raw_span(start, end)
        return self.raw[raw_start:raw_end]

    def line_of(self, offset: int) -> int:
        """1-based line of a cleaned offset (cleaning keeps one line end per line)."""
        return bisect_right(self._line_starts, offset)


def display_width(text: str) -> int:
    """Columns the text takes when printed: Hangul, CJK and ambiguous symbols count two.

    The PDF breaks a line only when it is full, so a line's width tells a wrapped sentence
    from one that ended.
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in text)


def _kept_unfolded(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in KEEP_UNFOLDED)


def _continues_cluster(char: str) -> bool:
    return unicodedata.combining(char) != 0 or 0x1160 <= ord(char) <= 0x11FF


@lru_cache(maxsize=8192)
def _cleaned(cluster: str) -> str:
    """The cleaned form of one character (with its combining marks); a bulletin uses few distinct ones."""
    cluster = LINE_ENDS.get(cluster, cluster)
    if cluster in INVISIBLE:
        return ""
    return cluster if _kept_unfolded(cluster[0]) else unicodedata.normalize("NFKC", cluster)


def clean_text(raw: str) -> CleanText:
    """NFKC (except circled numbers and squared units), one line end, no invisible characters."""
    chars: list[str] = []
    raw_index: list[int] = []
    cluster_start = 0
    for offset, char in enumerate(raw):
        if char == "\r" and raw.startswith("\n", offset + 1):
            continue  # the LF of a CRLF stands for both
        if offset and _continues_cluster(char):
            # A combining mark or Hangul jamo: clean it together with the character it follows.
            base = raw_index[cluster_start] if cluster_start < len(raw_index) else offset
            del chars[cluster_start:], raw_index[cluster_start:]
            folded, cluster_offset = _cleaned(raw[base : offset + 1]), base
        else:
            cluster_start = len(chars)
            folded, cluster_offset = _cleaned(char), offset
        chars.extend(folded)
        raw_index.extend([cluster_offset] * len(folded))
    raw_index.append(len(raw))
    return CleanText(raw=raw, text="".join(chars), raw_index=raw_index)


def restore_circled_markers(clean: CleanText, list_starts: Iterable[int]) -> CleanText:
    """Turn Œ/Ž/U+FFFD list markers back into ① ② ③ …; mark the ones the sequence cannot tell with 〓.

    Œ is always ① and Ž always ③; a U+FFFD is the circled number after the previous one when
    that number is one the font loses (② ④ ⑤), otherwise it is unrecoverable. The sequence
    starts afresh at each offset in `list_starts` (article headings).
    """
    text = list(clean.text)
    boundaries = sorted(set(list_starts))
    repairs = list(clean.repairs)
    previous: int | None = None
    boundary_index = 0
    for index, char in enumerate(text):
        while boundary_index < len(boundaries) and boundaries[boundary_index] <= index:
            previous = None
            boundary_index += 1
        if char in PDF_CIRCLED and not _followed_by_latin_letter(clean.text, index):
            previous = PDF_CIRCLED[char]
            replacement = CIRCLED_DIGITS[previous - 1]
        elif char == REPLACEMENT:
            if previous is not None and previous + 1 in LOST_CIRCLED:
                previous += 1
                replacement = CIRCLED_DIGITS[previous - 1]
            else:
                previous = None
                replacement = UNRECOVERABLE
        else:
            continue
        text[index] = replacement
        repairs.append(Repair(clean.line_of(index), char, replacement))
    return CleanText(raw=clean.raw, text="".join(text), raw_index=clean.raw_index, repairs=repairs)


def _followed_by_latin_letter(text: str, index: int) -> bool:
    """Œ and Ž in a French or Czech word (Œuvre, Žilina) are letters, not list markers."""
    return index + 1 < len(text) and text[index + 1].isascii() and text[index + 1].isalpha()
