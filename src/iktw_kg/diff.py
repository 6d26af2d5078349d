"""Compare two builds of the graph: entities and facts added, removed and changed, by class.

Each side is a set of quads: read from a TriG or N-Quads file written by `iktw-kg build`, or
(in the command) built from a data directory.

- A fact is a quad (graph, subject, property, object). Added: only in NEW; removed: only in OLD.
- A fact is *changed* (rather than removed and added) when its property is functional-looking
  and the same (graph, subject, property, language) has one object in OLD and another in NEW:
  an observation's value, a page, a quote, a label in one language. A property is
  functional-looking when neither side has two objects for one (graph, subject, language).
- An entity is a subject with an rdf:type. It is added or removed when it has a type on one
  side only, and changed when it has one on both sides and a fact about it was added, removed
  or changed (a new issue that says something about country/kr changes country/kr).
- Everything is grouped by the entity's class (its iktw: type, else its other type).

Evidence nodes are named by a hash of their statement and quote, so editing a quote removes
one evidence node and adds another; editing an observation's value is one changed fact.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from iktw_kg.errors import InputError
from iktw_kg.ns import GRAPH, IKTW, PREFIXES, local_id

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
QUOTE = ox.NamedNode(f"{IKTW}quote")
QUAD_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
UNTYPED = "(untyped)"
GRAPH_BASE = str(GRAPH)

FactKey = tuple[str, str, str, str | None]
"""(graph, subject, property, language): what a functional-looking property has one object for."""


def read_quads(path: Path) -> set[ox.Quad]:
    """The quads of a TriG or N-Quads file written by `iktw-kg build`."""
    if not path.is_file():
        raise InputError(path, None, "not found: expected a .trig or .nq file written by `iktw-kg build`")
    quad_format = QUAD_FORMATS.get(path.suffix.lower())
    if quad_format is None:
        suffix = path.suffix or "suffix-less"
        raise InputError(path, None, f"cannot compare a {suffix} file: expected .trig or .nq (named graphs)")
    try:
        return set(ox.parse(path=path, format=quad_format))
    except SyntaxError as exc:
        raise InputError(path, exc.lineno, f"not valid {quad_format.name}: {exc.msg}") from None


def _key(quad: ox.Quad) -> FactKey:
    obj = quad.object
    language = obj.language if isinstance(obj, ox.Literal) else None
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), language)


def _multi_valued(quads: set[ox.Quad]) -> set[str]:
    """Properties some (graph, subject, language) has two or more objects for."""
    counts = Counter(_key(quad) for quad in quads)
    return {key[2] for key, count in counts.items() if count > 1}


def _types(quads: set[ox.Quad]) -> dict[str, list[str]]:
    types: dict[str, list[str]] = defaultdict(list)
    for quad in quads:
        if quad.predicate == RDF_TYPE:
            types[str(quad.subject)].append(quad.object.value)  # type: ignore[union-attr]
    return types


@dataclass(frozen=True)
class FactChange:
    """One functional-looking fact whose object differs: OLD's object → NEW's."""

    graph: str
    subject: str
    predicate: str
    old: str
    new: str


@dataclass
class DatasetDiff:
    """Differences between two datasets, with what is needed to show them by class."""

    old: str
    new: str
    added_entities: list[str] = field(default_factory=list)
    removed_entities: list[str] = field(default_factory=list)
    changed_entities: list[str] = field(default_factory=list)
    added_facts: list[ox.Quad] = field(default_factory=list)
    removed_facts: list[ox.Quad] = field(default_factory=list)
    changed_facts: list[FactChange] = field(default_factory=list)
    classes: dict[str, str] = field(default_factory=dict)
    """Subject (N-Triples form) → its class name."""
    labels: dict[str, str] = field(default_factory=dict)
    """Subject (N-Triples form) → a readable name (Korean label, else English, else its id)."""

    @property
    def empty(self) -> bool:
        return not (self.added_facts or self.removed_facts or self.changed_facts)

    def class_of(self, subject: str) -> str:
        return self.classes.get(subject, UNTYPED)

    def summary(self) -> dict[str, dict[str, dict[str, int]]]:
        """Per class: entities and facts added, removed and changed."""
        table: dict[str, dict[str, dict[str, int]]] = {}

        def count(subject: str, what: str, how: str) -> None:
            row = table.setdefault(
                self.class_of(subject),
                {kind: {"added": 0, "removed": 0, "changed": 0} for kind in ("entities", "facts")},
            )
            row[what][how] += 1

        for how, subjects in (
            ("added", self.added_entities),
            ("removed", self.removed_entities),
            ("changed", self.changed_entities),
        ):
            for subject in subjects:
                count(subject, "entities", how)
        for how, quads in (("added", self.added_facts), ("removed", self.removed_facts)):
            for quad in quads:
                count(str(quad.subject), "facts", how)
        for change in self.changed_facts:
            count(change.subject, "facts", "changed")
        return dict(sorted(table.items()))

    def to_json(self) -> dict[str, Any]:
        """Everything, terms in N-Triples syntax, sorted: for programs and for tests."""

        def entity(subject: str) -> dict[str, str]:
            return {"id": subject.strip("<>"), "class": self.class_of(subject), "label": self.labels.get(subject, "")}

        def fact(quad: ox.Quad) -> dict[str, str]:
            return {
                "graph": str(quad.graph_name),
                "subject": str(quad.subject),
                "predicate": str(quad.predicate),
                "object": str(quad.object),
            }

        return {
            "old": self.old,
            "new": self.new,
            "summary": self.summary(),
            "entities": {
                "added": [entity(s) for s in self.added_entities],
                "removed": [entity(s) for s in self.removed_entities],
                "changed": [entity(s) for s in self.changed_entities],
            },
            "facts": {
                "added": [fact(q) for q in self.added_facts],
                "removed": [fact(q) for q in self.removed_facts],
                "changed": [change.__dict__ for change in self.changed_facts],
            },
        }


def _quad_order(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def diff_quads(old: set[ox.Quad], new: set[ox.Quad], old_name: str = "old", new_name: str = "new") -> DatasetDiff:
    """Compare two sets of quads (see the module docstring for what added, removed and changed mean)."""
    removed = old - new
    added = new - old
    functional = {str(q.predicate) for q in removed | added} - _multi_valued(old) - _multi_valued(new)
    added_by_key = {_key(quad): quad for quad in added if str(quad.predicate) in functional}
    changes = []
    for quad in sorted(removed, key=_quad_order):
        key = _key(quad)
        replacement = added_by_key.get(key) if key[2] in functional else None
        if replacement is not None:
            changes.append(FactChange(key[0], key[1], key[2], str(quad.object), str(replacement.object)))
            removed.discard(quad)
            added.discard(replacement)
    old_types, new_types = _types(old), _types(new)
    result = DatasetDiff(old=old_name, new=new_name)
    result.added_facts = sorted(added, key=_quad_order)
    result.removed_facts = sorted(removed, key=_quad_order)
    result.changed_facts = changes
    result.added_entities = sorted(set(new_types) - set(old_types))
    result.removed_entities = sorted(set(old_types) - set(new_types))
    touched = {str(q.subject) for q in added | removed} | {change.subject for change in changes}
    result.changed_entities = sorted(touched & set(old_types) & set(new_types))
    result.classes = {s: _class_name(t) for s, t in {**old_types, **new_types}.items()}
    result.labels = _labels(new | old)
    return result


def _class_name(types: list[str]) -> str:
    ours = sorted(t.removeprefix(str(IKTW)) for t in types if t.startswith(str(IKTW)))
    if ours:
        return ours[0]
    return sorted(t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in types)[0]


def _labels(quads: set[ox.Quad]) -> dict[str, str]:
    """Korean label, else English, else any label; for evidence and observations, their quote."""
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for quad in quads:
        if quad.predicate in (PREF_LABEL, QUOTE) and isinstance(quad.object, ox.Literal):
            language = quad.object.language or ("quote" if quad.predicate == QUOTE else "")
            labels[str(quad.subject)][language] = quad.object.value
    return {
        subject: names.get("ko") or names.get("en") or names.get("quote") or next(iter(names.values()))
        for subject, names in labels.items()
    }


def short(term: str) -> str:
    """A readable form of an N-Triples term: `org/jetro`, `iktw:value`, `68.5`, `"중국"@ko`."""
    if term.startswith("<") and term.endswith(">"):
        iri = term[1:-1]
        if iri.startswith(PREFIXES["id"]):
            return local_id(iri)
        for prefix, namespace in PREFIXES.items():
            if prefix != "id" and iri.startswith(namespace):
                return f"{prefix}:{iri.removeprefix(namespace)}"
        return iri.removeprefix(GRAPH_BASE)
    if term.startswith('"') and "^^<" in term:
        return term[1 : term.rindex('"')]
    return term
