"""Link names printed in the bulletin to the entities already curated under data/.

Every label (ko, en, ja, zh) and alias of every entity is a name. Names and text are compared
after NFKC, case folding and collapsing whitespace, so `JETRO`, `Jetro` and full-width `ＪＥＴＲＯ`
are one name. At each position the longest name wins and the scan moves past it, so
`리튬배터리` is lithium batteries, not batteries.

Boundaries keep short names from matching inside words: a name that starts or ends with a
Latin letter or digit must not touch another one (`EC` is not inside `sector`), and a
one-character name (美, 日, 미) must stand alone (`미 대선`, not `미래`).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from iktw_kg.model import Entity


@lru_cache(maxsize=8192)
def _folded(char: str) -> str:
    return unicodedata.normalize("NFKC", char).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """NFKC, case-folded, whitespace runs as one space; with the input offset of each output character."""
    chars: list[str] = []
    index: list[int] = []
    for offset, char in enumerate(text):
        if char.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                index.append(offset)
            continue
        folded = _folded(char)
        chars.extend(folded)
        index.extend([offset] * len(folded))
    while chars and chars[-1] == " ":
        chars.pop()
        index.pop()
    return "".join(chars), index


def fold_name(name: str) -> str:
    return fold(name)[0]


def _latin_or_digit(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass(frozen=True)
class NameMatch:
    """A name found in a text: its span in that text and the entities it names."""

    start: int
    end: int
    entity_ids: tuple[str, ...]


class Gazetteer:
    """Every name of a set of entities, ready for longest-match lookup in text."""

    def __init__(self, names: dict[str, set[str]]) -> None:
        self._ids = {name: tuple(sorted(ids)) for name, ids in names.items() if name}
        by_first: dict[str, list[str]] = defaultdict(list)
        for name in self._ids:
            by_first[name[0]].append(name)
        self._by_first = {first: sorted(group, key=len, reverse=True) for first, group in by_first.items()}

    @classmethod
    def from_entities(cls, entities: Iterable[Entity]) -> Gazetteer:
        names: dict[str, set[str]] = defaultdict(set)
        for entity in entities:
            label = entity.label
            for name in (label.ko, label.en, label.ja, label.zh, *entity.aliases):
                if name:
                    names[fold_name(name)].add(entity.id)
        return cls(names)

    def lookup(self, name: str) -> tuple[str, ...]:
        """The entities whose name is exactly `name` (folded)."""
        return self._ids.get(fold_name(name), ())

    def find(self, text: str) -> list[NameMatch]:
        """Leftmost-longest names in `text`, as spans of `text`."""
        folded, index = fold(text)
        matches = []
        position = 0
        while position < len(folded):
            name = self._longest_at(folded, position)
            if name is None:
                position += 1
                continue
            end = position + len(name)
            matches.append(NameMatch(index[position], index[end - 1] + 1, self._ids[name]))
            position = end
        return matches

    def _longest_at(self, folded: str, position: int) -> str | None:
        for name in self._by_first.get(folded[position], ()):
            end = position + len(name)
            if folded.startswith(name, position) and _stands_alone(folded, position, end, name):
                return name
        return None


def _stands_alone(folded: str, start: int, end: int, name: str) -> bool:
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    if len(name) == 1:
        return not before.isalpha() and not after.isalpha()
    if _latin_or_digit(name[0]) and _latin_or_digit(before):
        return False
    return not (_latin_or_digit(name[-1]) and _latin_or_digit(after))
