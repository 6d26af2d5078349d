"""The query library: named `.rq` files in queries/, each opening with a header that says what it asks.

This module only finds files and reads their headers; it knows no engine. The local Oxigraph
runner (`local.py`) and any future remote-endpoint runner share it, so a question is written
once, as plain SPARQL that any endpoint accepts (the header is SPARQL comments).

Header grammar (every line a `#` comment at the top of the file):

    # 질문: <the question in Korean>
    # Question: <the question in English>
    # Parameters: none                      (or, one indented line per parameter:)
    # Parameters:
    #   country (entity, optional): what it restricts
    #   year (year, default 2022): …
    # Columns:
    #   policy: what the column holds
    # Example: country=country/cn           (optional; one line per parameter)

Parameter kinds are `entity` (an id, an IRI, or any label or alias), `string` and `year`.
A parameter is a variable of the SELECT projection that the main WHERE group binds in a
required triple pattern (or compares in one of its FILTERs), never only inside an OPTIONAL
or a sub-select. The local runner binds it with Oxigraph's substitution (the variable is
replaced by the RDF term); a runner for an endpoint without substitution can send a VALUES
block at the start of the WHERE group instead, with the same answers. A variable seen only
in an OPTIONAL would instead be overwritten in rows where the OPTIONAL fails, so the test
suite runs every parameter and checks that it filters.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from iktw_kg.errors import InputError
from iktw_kg.resources import QUERIES_DIR

QUERY_SUFFIX = ".rq"

KEY_LINE = re.compile(r"^#\s?(?P<key>질문|Question|Parameters|Columns|Example):\s*(?P<value>.*)$")
PARAMETER_LINE = re.compile(r"^#\s{2,}(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<spec>[^)]*)\):\s*(?P<description>\S.*)$")
COLUMN_LINE = re.compile(r"^#\s{2,}(?P<name>[A-Za-z_][A-Za-z0-9_]*):\s*(?P<description>\S.*)$")
ITEM_LINE = re.compile(r"^#\s{2,}\S")
EXAMPLE_VALUE = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)=(?P<value>.+)$")


class ParameterKind(StrEnum):
    """What a parameter's value is: an entity (id, IRI or name), a plain string, or a year."""

    ENTITY = "entity"
    STRING = "string"
    YEAR = "year"


@dataclass(frozen=True)
class Parameter:
    """One parameter a query takes: a projected variable of the same name."""

    name: str
    kind: ParameterKind
    required: bool
    default: str | None
    description: str

    def signature(self) -> str:
        """`country (entity, optional)`: the form used in the header and in error messages."""
        if self.default is not None:
            return f"{self.name} ({self.kind.value}, default {self.default})"
        return f"{self.name} ({self.kind.value}, {'required' if self.required else 'optional'})"


@dataclass(frozen=True)
class Column:
    """One result column and what it holds."""

    name: str
    description: str


@dataclass(frozen=True)
class QueryDefinition:
    """A SPARQL query with the question it answers, its parameters and its columns."""

    name: str
    path: Path
    text: str
    question_ko: str = ""
    question_en: str = ""
    parameters: tuple[Parameter, ...] = ()
    columns: tuple[Column, ...] = ()
    example: dict[str, str] = field(default_factory=dict)

    def parameter(self, name: str) -> Parameter | None:
        return next((parameter for parameter in self.parameters if parameter.name == name), None)


def parse_query_file(path: Path, *, library: bool = True) -> QueryDefinition:
    """Read a query and its header; a library query must have the full header, a user's file need not."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, None, f"cannot read the query file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(path, None, "the query file is not UTF-8 text") from None
    header = _HeaderReader(path)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        header.read(number, line.rstrip())
    definition = QueryDefinition(
        name=path.stem,
        path=path,
        text=text,
        question_ko=header.values.get("질문", ""),
        question_en=header.values.get("Question", ""),
        parameters=tuple(header.parameters),
        columns=tuple(header.columns),
        example=header.example,
    )
    if library:
        missing = [key for key in ("질문", "Question", "Parameters", "Columns") if key not in header.values]
        if missing:
            raise InputError(path, 1, f"the header lacks {', '.join(f'`# {key}:`' for key in missing)}")
    return definition


class _HeaderReader:
    """Reads header lines one at a time, remembering which section an indented item belongs to."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.values: dict[str, str] = {}
        self.parameters: list[Parameter] = []
        self.columns: list[Column] = []
        self.example: dict[str, str] = {}
        self.section: str | None = None

    def read(self, number: int, line: str) -> None:
        key_match = KEY_LINE.match(line)
        if key_match:
            self._read_key(number, key_match["key"], key_match["value"].strip())
        elif ITEM_LINE.match(line) and self.section == "Parameters":
            self.parameters.append(self._parameter(number, line))
        elif ITEM_LINE.match(line) and self.section == "Columns":
            self.columns.append(self._column(number, line))
        else:
            self.section = None  # free text: a note that ends the section

    def _read_key(self, number: int, key: str, value: str) -> None:
        if key == "Example":
            example = EXAMPLE_VALUE.match(value)
            if not example:
                raise InputError(self.path, number, f"expected `# Example: name=value`, found {value!r}")
            self.example[example["name"]] = example["value"].strip()
            return
        if key in self.values:
            raise InputError(self.path, number, f"`# {key}:` appears twice in the header")
        self.values[key] = value
        self.section = key if key in ("Parameters", "Columns") else None
        if key == "Parameters" and value not in ("", "none"):
            raise InputError(self.path, number, f"expected `# Parameters: none` or a list below it, found {value!r}")

    def _parameter(self, number: int, line: str) -> Parameter:
        match = PARAMETER_LINE.match(line)
        if not match:
            raise InputError(
                self.path,
                number,
                "expected a parameter as `#   name (entity|string|year, optional|required|default VALUE): description`",
            )
        kind_text, _, rule = (part.strip() for part in match["spec"].partition(","))
        try:
            kind = ParameterKind(kind_text)
        except ValueError:
            kinds = ", ".join(kind.value for kind in ParameterKind)
            raise InputError(
                self.path, number, f"unknown parameter kind {kind_text!r}; expected one of {kinds}"
            ) from None
        if rule.startswith("default "):
            return Parameter(match["name"], kind, False, rule.removeprefix("default ").strip(), match["description"])
        if rule not in ("optional", "required"):
            raise InputError(
                self.path, number, f"expected `optional`, `required` or `default VALUE` after the kind, found {rule!r}"
            )
        return Parameter(match["name"], kind, rule == "required", None, match["description"])

    def _column(self, number: int, line: str) -> Column:
        match = COLUMN_LINE.match(line)
        if not match:
            raise InputError(self.path, number, "expected a column as `#   name: description`")
        return Column(match["name"], match["description"])


def load_library(directory: Path = QUERIES_DIR) -> dict[str, QueryDefinition]:
    """Every library query by name, in name order."""
    return {path.stem: parse_query_file(path) for path in sorted(directory.glob(f"*{QUERY_SUFFIX}"))}


def find_query(name_or_path: str | Path, directory: Path = QUERIES_DIR) -> QueryDefinition:
    """A library query by name, else a user's query file; an unknown name lists the library."""
    text = str(name_or_path)
    library_path = directory / f"{text}{QUERY_SUFFIX}"
    if "/" not in text and library_path.is_file():
        return parse_query_file(library_path)
    candidate = Path(name_or_path)
    if candidate.is_file():
        return parse_query_file(candidate, library=False)
    names = [path.stem for path in sorted(directory.glob(f"*{QUERY_SUFFIX}"))]
    close = difflib.get_close_matches(text, names, n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise InputError(
        directory,
        None,
        f"no query named {text!r} and no such file; {hint}the library has: {', '.join(names)}",
    )
