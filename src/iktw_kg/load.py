"""YAML files under data/ → one checked Corpus of pydantic models.

All problems found in a pass are reported together, each with file and line, because a
curator fixing one error per run is slow. A corpus that loads is internally consistent:
every id is defined once and every reference points at a defined id.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from iktw_kg.cache import BuildCache, code_version
from iktw_kg.errors import InputError, InputErrors
from iktw_kg.model import Article, Bulletin, DataFile, Entity, Issue, Observation, Report, Section, Statement
from iktw_kg.parallel import parse_in_workers
from iktw_kg.stopwatch import Stopwatch
from iktw_kg.yamlnodes import LocatedDocument, Location, read_yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Curated files are small; anything larger is a mistake (or an attack) and is refused."""


@dataclass(frozen=True)
class Origin:
    """Where a definition or fact was written, for error messages and provenance."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class ArticleFacts:
    """What one article states: statements and observations, each with its origin."""

    article_id: str
    statements: list[tuple[Statement, Origin]] = field(default_factory=list)
    observations: list[tuple[Observation, Origin]] = field(default_factory=list)


@dataclass
class IssueRecord:
    """One issue with its sections, articles and reports."""

    issue: Issue
    origin: Origin
    source_origin: Origin
    sections: list[Section] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)


@dataclass
class Corpus:
    """Everything curated under one data directory, checked for consistency."""

    data_dir: Path
    bulletins: list[Bulletin] = field(default_factory=list)
    issues: list[IssueRecord] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    facts: dict[str, ArticleFacts] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)

    @property
    def articles(self) -> Iterator[Article]:
        for record in self.issues:
            yield from record.articles

    @property
    def reports(self) -> Iterator[Report]:
        for record in self.issues:
            yield from record.reports

    def issue_of_article(self, article_id: str) -> IssueRecord:
        """The issue an article belongs to (articles are unique across issues)."""
        return next(record for record in self.issues if any(a.id == article_id for a in record.articles))

    def statement_count(self) -> int:
        return sum(len(facts.statements) for facts in self.facts.values())

    def observation_count(self) -> int:
        return sum(len(facts.observations) for facts in self.facts.values())


def data_files(data_dir: Path) -> list[Path]:
    """Every curated YAML file, in a stable order (sources/ holds text, not YAML)."""
    return sorted(p for p in data_dir.rglob("*.yaml") if "sources" not in p.relative_to(data_dir).parts)


def load_corpus(data_dir: Path | str, cache: BuildCache | None = None, stopwatch: Stopwatch | None = None) -> Corpus:
    """Load and cross-check every YAML file under `data_dir`; raise InputErrors listing all problems.

    With a cache, a file whose bytes were parsed before is not parsed again (YAML parsing is
    most of the load time, and ten years of issues are thousands of files); the others are
    parsed in forked workers when there are many of them (parallel.py).
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputErrors([InputError(data_dir, None, "data directory not found")])
    files = data_files(data_dir)
    if not files:
        raise InputErrors([InputError(data_dir, None, "no .yaml files found under the data directory")])
    corpus = Corpus(data_dir=data_dir)
    errors: list[InputError] = []
    for outcome in _parse_files(files, cache, stopwatch or Stopwatch()):
        if isinstance(outcome, InputError):
            errors.append(outcome)
        else:
            errors.extend(_add_file(corpus, *outcome))
    if not errors:
        # Only cross-check a corpus whose every file parsed: a file that failed to load would
        # make every reference into it look broken and bury the one real error.
        errors.extend(_check_references(corpus))
    if errors:
        raise InputErrors(errors)
    return corpus


ParsedFile = tuple[LocatedDocument, DataFile]


def _parse_files(files: list[Path], cache: BuildCache | None, stopwatch: Stopwatch) -> list[ParsedFile | InputError]:
    """Each file parsed and checked, or taken from the cache (keyed by its bytes and the code
    that parses it: a new rule in model.py must see every file again), in the order given."""
    code = code_version() if cache is not None else ""
    outcomes: dict[Path, tuple[dict[Location, int], DataFile] | InputError] = {}
    to_parse: list[tuple[Path, bytes, str]] = []
    for path in files:
        try:
            raw = _read(path)
        except InputError as error:
            outcomes[path] = error
            continue
        key = hashlib.sha256(code.encode() + raw).hexdigest()
        cached = cache.get("files", key) if cache is not None else None
        if cached is not None:
            outcomes[path] = cached
        else:
            to_parse.append((path, raw, key))
    parsed_files = parse_in_workers(_parse_or_error, [(path, raw) for path, raw, _ in to_parse])
    for (path, _, key), outcome in zip(to_parse, parsed_files, strict=True):
        if isinstance(outcome, InputError):
            outcomes[path] = outcome
            continue
        lines, parsed, yaml_seconds, pydantic_seconds = outcome
        stopwatch.add("  load: YAML (cpu, summed)", yaml_seconds)
        stopwatch.add("  load: pydantic (cpu, summed)", pydantic_seconds)
        outcomes[path] = (lines, parsed)
        if cache is not None:
            cache.put("files", key, outcomes[path])
    return [_located(path, outcomes[path]) for path in files]


def _located(path: Path, outcome: tuple[dict[Location, int], DataFile] | InputError) -> ParsedFile | InputError:
    """A parsed file with its line map as a LocatedDocument (the YAML itself is not kept)."""
    if isinstance(outcome, InputError):
        return outcome
    lines, parsed = outcome
    return LocatedDocument(path=path, data=None, lines=lines), parsed


def _read(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(path, None, f"file is {size:,} bytes; curated files must be under {MAX_FILE_BYTES:,} bytes")
    return path.read_bytes()


def _parse_or_error(
    item: tuple[Path, bytes],
) -> tuple[dict[Location, int], DataFile, float, float] | InputError:
    """Parse and check one file's bytes: its line map, its model and the seconds spent on the
    YAML and on pydantic; or the error, returned (not raised) so the other files still load."""
    path, raw = item
    started = time.perf_counter()
    try:
        document = read_yaml(path, raw)
        parsed_at = time.perf_counter()
        parsed = DataFile.model_validate(document.data)
    except InputError as error:
        return error
    except ValidationError as exc:
        return _validation_error(path, document, exc)
    return document.lines, parsed, parsed_at - started, time.perf_counter() - parsed_at


def _validation_error(path: Path, document: LocatedDocument, exc: ValidationError) -> InputError:
    first = exc.errors()[0]
    location = tuple(first["loc"])
    field_path = ".".join(str(part) for part in location) or "(top level)"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = f"unknown field {location[-1]!r}; see docs/curation.md for the fields allowed here"
    elif first["type"] == "missing":
        message = f"missing required field {location[-1]!r}"
    more = f" (and {exc.error_count() - 1} more problem(s) in this file)" if exc.error_count() > 1 else ""
    return InputError(path, document.line_of(location), f"{field_path}: {message}{more}")


def _add_file(corpus: Corpus, document: LocatedDocument, parsed: DataFile) -> list[InputError]:
    errors: list[InputError] = []

    def define(identifier: str, location: tuple[str | int, ...]) -> None:
        origin = Origin(document.path, document.line_of(location))
        previous = corpus.origins.get(identifier)
        if previous is not None:
            errors.append(InputError(origin.path, origin.line, f"id {identifier!r} is already defined at {previous}"))
        else:
            corpus.origins[identifier] = origin

    if parsed.bulletin is not None:
        define(parsed.bulletin.id, ("bulletin",))
        corpus.bulletins.append(parsed.bulletin)
    if parsed.issue is not None:
        define(parsed.issue.id, ("issue",))
        record = IssueRecord(
            parsed.issue,
            Origin(document.path, document.line_of(("issue",))),
            Origin(document.path, document.line_of(("issue", "source"))),
        )
        record.sections = list(parsed.sections)
        record.articles = list(parsed.articles)
        record.reports = list(parsed.reports)
        corpus.issues.append(record)
    elif parsed.sections or parsed.articles or parsed.reports:
        errors.append(InputError(document.path, 1, "sections, articles and reports belong in a file with `issue:`"))
    for key, items in (("sections", parsed.sections), ("articles", parsed.articles), ("reports", parsed.reports)):
        for index, item in enumerate(items):
            define(item.id, (key, index))
    for index, entity in enumerate(parsed.entities):
        define(entity.id, ("entities", index))
        corpus.entities.append(entity)
    if parsed.article is not None:
        facts = corpus.facts.setdefault(parsed.article, ArticleFacts(parsed.article))
        for index, statement in enumerate(parsed.statements):
            facts.statements.append((statement, Origin(document.path, document.line_of(("statements", index)))))
        for index, observation in enumerate(parsed.observations):
            obs_id = f"obs/{observation.id}"
            define(obs_id, ("observations", index))
            facts.observations.append((observation, Origin(document.path, document.line_of(("observations", index)))))
    return errors


def _references(corpus: Corpus) -> Iterable[tuple[str, str, Origin]]:
    """(referenced id, what refers to it, where) for every reference in the corpus."""
    for record in corpus.issues:
        yield record.issue.bulletin, f"issue {record.issue.id} bulletin", record.origin
        for article in record.articles:
            origin = corpus.origins[article.id]
            yield article.section, f"article {article.id} section", origin
            yield article.source_country, f"article {article.id} source_country", origin
            for org in article.source_organisations:
                yield org, f"article {article.id} source_organisations", origin
            for report in article.reports:
                yield report, f"article {article.id} reports", origin
        for report in record.reports:
            for publisher in report.publishers:
                yield publisher, f"report {report.id} publishers", corpus.origins[report.id]
    for bulletin in corpus.bulletins:
        if bulletin.publisher:
            yield bulletin.publisher, f"bulletin {bulletin.id} publisher", corpus.origins[bulletin.id]
    for article_id, facts in corpus.facts.items():
        for statement, origin in facts.statements:
            yield article_id, "article", origin
            yield statement.subject, "statement subject", origin
            if statement.object is not None:
                yield statement.object, "statement object", origin
        for observation, origin in facts.observations:
            yield article_id, "article", origin
            for role in ("subject", "indicator", "unit"):
                yield getattr(observation, role), f"observation {observation.id} {role}", origin


def _check_references(corpus: Corpus) -> list[InputError]:
    errors = []
    known = corpus.origins.keys()
    reported: set[tuple[str, Origin]] = set()
    for target, role, origin in _references(corpus):
        if target not in known and (target, origin) not in reported:
            reported.add((target, origin))
            errors.append(
                InputError(origin.path, origin.line, f"{role}: unknown entity {target!r}; define it under `entities:`")
            )
    article_ids = {article.id for article in corpus.articles}
    for article_id in corpus.facts:
        if article_id in known and article_id not in article_ids:
            origin = corpus.origins[article_id]
            errors.append(InputError(origin.path, origin.line, f"{article_id!r} is not an article of any issue"))
    return errors
