"""Check that every fact's quote is really printed in the bulletin, on the page it claims.

This is what lets the graph promise an analyst "the page and the sentence to cite". Text is
compared after NFKC (which also folds the PDF's Kangxi radicals ⽇ ⽉ into 日 月) and with all
whitespace removed, because the PDF extraction breaks lines mid-sentence.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from iktw_kg.cache import BuildCache, code_version
from iktw_kg.errors import InputError
from iktw_kg.load import Corpus, IssueRecord, Origin

PAGE_MARKER = re.compile(r"^[ \t]*(?:(\d{1,3})[ \t]*❚|❚[ \t]*(\d{1,3}))[ \t]*$", re.MULTILINE)
"""Page footers/headers the PDF leaves in the text: `7 ❚` on odd pages, `❚ 8` on even ones."""


def normalise(text: str) -> str:
    """NFKC with all whitespace removed: the form in which quotes are compared."""
    return "".join(char for char in unicodedata.normalize("NFKC", text) if not char.isspace())


@dataclass(frozen=True)
class ArticleSpan:
    """Where one article's text lies in the source, in raw character offsets."""

    article_id: str
    start: int
    end: int
    first_page: int


class SourceText:
    """One issue's text with a map from normalised offsets back to raw offsets and pages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.raw = path.read_text(encoding="utf-8")
        chars: list[str] = []
        raw_index: list[int] = []
        for index, char in enumerate(self.raw):
            for folded in unicodedata.normalize("NFKC", char):
                if not folded.isspace():
                    chars.append(folded)
                    raw_index.append(index)
        self.normalised = "".join(chars)
        self._raw_index = raw_index
        self._markers = [(m.start(), int(m.group(1) or m.group(2))) for m in PAGE_MARKER.finditer(self.raw)]

    def occurrences(self, quote: str) -> list[int]:
        """Raw offsets where the quote starts (every occurrence)."""
        needle = normalise(quote)
        found, start = [], self.normalised.find(needle)
        while needle and start != -1:
            found.append(self._raw_index[start])
            start = self.normalised.find(needle, start + 1)
        return found

    def line_at(self, offset: int) -> int:
        return self.raw.count("\n", 0, offset) + 1

    def page_at(self, offset: int, span: ArticleSpan) -> int:
        """The printed page of a raw offset inside an article: the last page marker wins."""
        page = span.first_page
        for position, number in self._markers:
            if span.start <= position <= offset:
                page = number
        return page


def article_spans(source: SourceText, record: IssueRecord) -> tuple[list[ArticleSpan], list[InputError]]:
    """Locate each article by its heading; the last occurrence skips the summary table."""
    located: list[tuple[int, str, int]] = []
    errors = []
    for article in record.articles:
        hits = source.occurrences(article.heading)
        if not hits:
            errors.append(
                InputError(
                    record.origin.path, None, f"heading of {article.id} not found in {source.path}: {article.heading!r}"
                )
            )
            continue
        located.append((hits[-1], article.id, article.pages[0]))
    located.sort()
    spans = []
    for index, (start, article_id, first_page) in enumerate(located):
        end = located[index + 1][0] if index + 1 < len(located) else len(source.raw)
        spans.append(ArticleSpan(article_id, start, end, first_page))
    return spans, errors


def check_evidence(corpus: Corpus, cache: BuildCache | None = None) -> list[InputError]:
    """Every quote occurs in its article's text, on the stated page; return what does not.

    With a cache, an issue whose source text, article headings and quotes (with their pages)
    all passed before is not checked again: ten years of issues are 180,000 quotes.
    """
    errors: list[InputError] = []
    code = code_version() if cache is not None else ""
    for record in corpus.issues:
        source_path = corpus.data_dir / record.issue.source
        if not source_path.is_file():
            where = record.source_origin
            errors.append(InputError(where.path, where.line, f"source text {source_path} not found"))
            continue
        checks = _quote_checks(corpus, record)
        key = _checks_key(source_path, record, checks, code)
        if cache is not None and cache.get("quotes", key) is not None:
            continue
        issue_errors = _check_issue(SourceText(source_path), record, checks)
        if cache is not None and not issue_errors:
            cache.put("quotes", key, True)
        errors.extend(issue_errors)
    return errors


QuoteCheck = tuple[str, str, int, Origin, str]
"""(article id, quote, page, where it was written, what states it)."""


def _quote_checks(corpus: Corpus, record: IssueRecord) -> list[QuoteCheck]:
    checks: list[QuoteCheck] = []
    for report in record.reports:
        article = next((a for a in record.articles if report.id in a.reports), None)
        if article is not None:
            checks.append((article.id, report.quote, report.page, corpus.origins[report.id], f"report {report.id}"))
    for article in record.articles:
        facts = corpus.facts.get(article.id)
        if facts is None:
            continue
        for statement, origin in facts.statements:
            checks.append((article.id, statement.quote, statement.page, origin, "statement"))
        for observation, origin in facts.observations:
            checks.append((article.id, observation.quote, observation.page, origin, f"observation {observation.id}"))
    return checks


def _checks_key(source_path: Path, record: IssueRecord, checks: list[QuoteCheck], code: str) -> str:
    """A digest of everything a passing check depends on, this code included (not the
    origins: they only place errors)."""
    digest = hashlib.sha256(code.encode() + source_path.read_bytes())
    located = [(article.id, article.heading, article.pages[0]) for article in record.articles]
    digest.update(repr((located, [(article_id, quote, page) for article_id, quote, page, _, _ in checks])).encode())
    return digest.hexdigest()


def _check_issue(source: SourceText, record: IssueRecord, checks: list[QuoteCheck]) -> list[InputError]:
    spans, errors = article_spans(source, record)
    by_article = {span.article_id: span for span in spans}
    for article_id, quote, page, origin, what in checks:
        span = by_article.get(article_id)
        if span is None:
            continue
        error = _check_quote(source, span, quote, page)
        if error:
            errors.append(InputError(origin.path, origin.line, f"{what}: {error}"))
    return errors


def _check_quote(source: SourceText, span: ArticleSpan, quote: str, page: int) -> str | None:
    hits = [offset for offset in source.occurrences(quote) if span.start <= offset < span.end]
    if not hits:
        anywhere = source.occurrences(quote)
        if anywhere:
            line = source.line_at(anywhere[0])
            return f"quote is printed outside article {span.article_id} (source line {line}): {quote!r}"
        return f"quote not found in {source.path.name}: {quote!r}"
    pages = sorted({source.page_at(offset, span) for offset in hits})
    if page not in pages:
        return f"quote is on page {'/'.join(map(str, pages))}, not page {page}: {quote!r}"
    return None
