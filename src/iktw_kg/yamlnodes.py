"""Safe YAML reading that remembers where every value came from.

Curators edit YAML by hand, so every error must name the file and line. ruamel.yaml's
composer gives a node tree with positions; we turn it into plain Python ourselves so that
we also control what is accepted: no anchors or aliases (no alias bombs), no custom tags
(no `!!python/object`), no duplicate keys, dates kept as the text the curator wrote, and
numbers as exact decimals rather than binary floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from iktw_kg.errors import InputError

Location = tuple[str | int, ...]

_YAML_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_YAML_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


class Yaml12Resolver(VersionedResolver):
    """ruamel's resolver, reading every file as YAML 1.2.

    The stock resolver looks up the document's YAML version again for every scalar (through
    two caught AttributeErrors with the C parser): half of all parsing time for ten years of
    issues. Curated files carry no `%YAML` directive, so the version is always 1.2.
    """

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)


@dataclass
class LocatedDocument:
    """A YAML document as plain Python, plus the line (1-based) of every value by its path."""

    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of the deepest known value on `location` (pydantic error paths go deeper)."""
        for depth in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:depth]))
            if line is not None:
                return line
        return 1


def read_yaml(path: Path, raw: bytes | None = None) -> LocatedDocument:
    """Read one YAML file safely (or its bytes, if already read), raising InputError with file and line."""
    raw = path.read_bytes() if raw is None else raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            path, line, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    for number, row in enumerate(text.splitlines(), 1):
        if "\t" in row[: len(row) - len(row.lstrip(" \t"))]:
            raise InputError(path, number, "tab used for indentation; YAML indents with spaces")
    try:
        parser = YAML(typ="safe")
        parser.Resolver = Yaml12Resolver
        root = parser.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise InputError(path, line, f"YAML syntax error: {exc.problem or exc.context}") from None
    except YAMLError as exc:
        raise InputError(path, 1, f"YAML error: {exc}") from None
    document = LocatedDocument(path=path, data=None)
    if root is None:
        raise InputError(path, 1, "file is empty; expected a mapping with `entities:`, `statements:` …")
    document.data = _convert(root, (), document, set())
    if not isinstance(document.data, dict):
        raise InputError(path, root.start_mark.line + 1, "expected a mapping at the top of the file")
    return document


def _convert(node: Node, location: Location, document: LocatedDocument, seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise InputError(document.path, line, "YAML anchors and aliases are not allowed; write the value out")
    seen.add(id(node))
    if getattr(node, "anchor", None):
        raise InputError(document.path, line, "YAML anchors and aliases are not allowed; write the value out")
    if node.tag not in _ALLOWED_TAGS:
        raise InputError(
            document.path, line, f"YAML tag {node.tag!r} is not allowed; only plain values, lists and mappings"
        )
    document.lines[location] = line
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise InputError(document.path, key_node.start_mark.line + 1, "mapping keys must be plain text")
            key = key_node.value
            if key in result:
                raise InputError(document.path, key_node.start_mark.line + 1, f"duplicate key {key!r} in this mapping")
            result[key] = _convert(value_node, (*location, key), document, seen)
        return result
    if isinstance(node, SequenceNode):
        return [_convert(item, (*location, index), document, seen) for index, item in enumerate(node.value)]
    return _scalar(node, document)


def _scalar(node: ScalarNode, document: LocatedDocument) -> Any:
    text: str = node.value
    kind = node.tag.removeprefix(_YAML_TAG)
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() in {"true", "yes", "on"}
    if kind in {"int", "float"}:
        try:
            number = Decimal(text.replace("_", ""))
        except InvalidOperation:
            raise InputError(document.path, node.start_mark.line + 1, f"cannot read number {text!r}") from None
        if not number.is_finite():
            raise InputError(document.path, node.start_mark.line + 1, f"number {text!r} is not finite")
        return int(number) if kind == "int" else number
    return text
