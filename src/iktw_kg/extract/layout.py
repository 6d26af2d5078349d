"""Lines of the cleaned text, and the rule that joins the lines the PDF broke back into units.

A unit is one bullet, note, footnote, paragraph, citation or table cell: the bulletin writes
one statement per unit, so units are the sentences mentions and figures are quoted from.

How the PDF breaks lines (measured on IKTW 2024 No. 4):
- a line that wraps at a space keeps that space at its end;
- a line that wraps inside a word is full (it reaches the column's width);
- a unit starts with a marker (`- ` `∙` `※` `* ` `(참고` `▘`), or is a paragraph that follows a
  unit that ended.
Notes (`※`, `*`) are set in a smaller font, so their full width is larger than the body's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from iktw_kg.extract.textnorm import CleanText, display_width

FILL = 0.75
"""A line at least this share of the widest line of its kind is full (it wrapped)."""
LABEL_WIDTH = 30
"""Lines at most this wide (in columns) are short: table labels, section names, line ends."""

PAGE_MARKER = re.compile(r"^(?:\d{1,3}|[ivxIVX]{1,4})\s*❚$|^❚\s*\d{1,3}$")
TOPIC_HEAD = re.compile(r"^\([^()]{1,30}\)\s+\S")
FOOTNOTE_MARK = re.compile(r"^\*{1,3}\s")


class Marker(StrEnum):
    """What a line starts with, which decides whether it starts a unit."""

    PAGE = "page"
    CITATION = "citation"
    TABLE_TITLE = "table-title"
    DASH = "dash"
    SUB_DASH = "sub-dash"
    ITEM = "item"
    NOTE = "note"
    FOOTNOTE = "footnote"
    PARAGRAPH = "paragraph"
    TOPIC = "topic"
    NONE = "none"


NOTE_MARKERS = frozenset({Marker.NOTE, Marker.FOOTNOTE})
BODY_MARKERS = frozenset({Marker.DASH, Marker.SUB_DASH, Marker.ITEM})


@dataclass(frozen=True)
class Line:
    """One line of the cleaned text: its content without the surrounding whitespace."""

    number: int
    start: int
    end: int
    text: str
    indent: int
    trailing_space: bool

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def width(self) -> int:
        return display_width(self.text)

    @property
    def marker(self) -> Marker:
        return marker_of(self)


def split_lines(clean: CleanText) -> list[Line]:
    """Every line of the cleaned text, with clean offsets of its content."""
    lines = []
    offset = 0
    for number, row in enumerate(clean.text.split("\n"), 1):
        stripped = row.strip()
        indent = len(row) - len(row.lstrip())
        start = offset + indent
        lines.append(
            Line(
                number=number,
                start=start,
                end=start + len(stripped),
                text=stripped,
                indent=indent,
                trailing_space=bool(stripped) and row != row.rstrip(),
            )
        )
        offset += len(row) + 1
    return lines


def marker_of(line: Line) -> Marker:
    text = line.text
    if PAGE_MARKER.match(text):
        return Marker.PAGE
    if text.startswith("(참고"):
        return Marker.CITATION
    if "▘" in text and "▗" in text:
        return Marker.TABLE_TITLE
    if text.startswith("- ") or text == "-":
        return Marker.SUB_DASH if line.indent >= 2 else Marker.DASH
    if text[:1] in "∙•◦":
        return Marker.ITEM
    if text.startswith("※"):
        return Marker.NOTE
    if FOOTNOTE_MARK.match(text):
        return Marker.FOOTNOTE
    if text[:1] in "□■❍○◆◇":
        return Marker.PARAGRAPH
    if TOPIC_HEAD.match(text):
        return Marker.TOPIC
    return Marker.NONE


@dataclass(frozen=True)
class FullWidths:
    """The widest body line and the widest note line of the document: what 'full' means."""

    body: int
    note: int

    @classmethod
    def measure(cls, lines: list[Line]) -> FullWidths:
        body = [line.width for line in lines if line.marker in BODY_MARKERS]
        note = [line.width for line in lines if line.marker in NOTE_MARKERS]
        return cls(body=max(body, default=80), note=max(note, default=100))

    def full(self, line: Line, kind: Marker) -> bool:
        widest = self.note if kind in NOTE_MARKERS else self.body
        return line.width >= FILL * widest


@dataclass
class Unit:
    """A bullet, note, paragraph, citation or table cell with its broken lines joined.

    `offsets[i]` is the clean offset of `text[i]`, so every span of the unit maps back to
    the source.
    """

    kind: Marker
    first_line: int
    text: str = ""
    offsets: list[int] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    context: str = ""
    """Where the unit sits when that changes its meaning: a table's title and row label."""
    numeric_row: bool = False
    """A row of a table of numbers: its figures are read cell by cell, not as a sentence."""

    def append(self, line: Line, start: int | None = None, end: int | None = None, spaced: bool | None = None) -> None:
        """Add a line's content between clean offsets `start` and `end` (default: all of it).

        Lines are joined with a space where the PDF kept one at the wrap (or `spaced` says so),
        and directly where it broke a word.
        """
        begin = line.start if start is None else start
        content = line.text[begin - line.start : (line.end if end is None else end) - line.start].rstrip()
        if self.lines:
            previous = self.lines[-1]
            if previous.trailing_space if spaced is None else spaced:
                self.text += " "
                self.offsets.append(previous.end)
        self.text += content
        self.offsets.extend(range(begin, begin + len(content)))
        self.lines.append(line)

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1

    def clean_span(self, start: int, end: int) -> tuple[int, int]:
        """Clean offsets [start, end) of the unit's text span [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


def continues(previous: Line, previous_is_first: bool, kind: Marker, line: Line, widths: FullWidths) -> bool:
    """Does `line` continue the unit whose last line is `previous` (a unit of `kind`)?"""
    marker = line.marker
    if marker is Marker.TOPIC:
        return previous.trailing_space
    if marker is not Marker.NONE:
        return False
    long_line = line.width > LABEL_WIDTH
    if previous.trailing_space:
        # A note narrower than a full note line ended there, whatever the space says,
        # when what follows is short (a table label): notes end rows in the bulletin's tables.
        return not (kind in NOTE_MARKERS and not widths.full(previous, kind) and not long_line)
    return previous_is_first and widths.full(previous, kind) and long_line
