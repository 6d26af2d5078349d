"""Finding an entity by what an analyst types: any label or alias, in any language or width.

Names are compared after NFKC normalisation and case folding, with runs of white space
collapsed: `ＨＴＲ－ＰＭ`, `htr-pm` and `HTR-PM` are one name, and so are `⽇` (the Kangxi
radical the PDF extraction produces) and `日`. The index is built from (entity, label)
pairs, so any engine that can list labels can use it.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from iktw_kg.errors import InputError

MAX_LISTED = 10
"""Candidates shown in an error message; all of them stay in NameLookupError.candidates."""


def normalise_name(text: str) -> str:
    """The form names are compared in: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Candidate:
    """An entity a name could mean, described well enough to choose between candidates."""

    entity: str
    entity_class: str
    label_ko: str
    label_en: str

    def describe(self) -> str:
        return f"{self.entity} ({self.entity_class}): {self.label_ko} / {self.label_en}"


class NameLookupError(InputError):
    """A name that matches no entity, or several, in the graph built from `where`; lists the candidates."""

    def __init__(self, where: Path, message: str, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        lines = [message, *(f"  {candidate.describe()}" for candidate in candidates[:MAX_LISTED])]
        if len(candidates) > MAX_LISTED:
            lines.append(f"  … and {len(candidates) - MAX_LISTED} more")
        super().__init__(where, None, "\n".join(lines))


class NameIndex:
    """Normalised name → the entities that carry it."""

    def __init__(self, labels: Iterable[tuple[str, str]]) -> None:
        index: defaultdict[str, set[str]] = defaultdict(set)
        for entity, label in labels:
            index[normalise_name(label)].add(entity)
        self._index = {name: sorted(entities) for name, entities in index.items()}

    def lookup(self, text: str) -> list[str]:
        """The entities (sorted) that have `text` as a label or alias."""
        return self._index.get(normalise_name(text), [])

    def similar(self, text: str, limit: int = 5) -> list[str]:
        """Entities whose names are closest to `text`, for a did-you-mean hint."""
        names = difflib.get_close_matches(normalise_name(text), list(self._index), n=limit, cutoff=0.6)
        found: list[str] = []
        for name in names:
            found.extend(entity for entity in self._index[name] if entity not in found)
        return found[:limit]
