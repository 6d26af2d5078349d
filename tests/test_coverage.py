"""Coverage: every number printed in an article's body is in the graph.

Each number must be the value (or range bound) of one of that article's observations after
Korean magnitudes are applied, or part of a date, or listed in the article file's
`non_figures` with a reason. Anything else is a figure the curation missed, and fails here.

What is not read: the heading line, the `(참고 : …)` citation, page markers (`7 ❚`), and
numbers glued to Latin letters, which are model and part names (CAP1400, CNP-600, VVER-1200/V491).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest
from conftest import DATA_DIR

from iktw_kg.evidence import PAGE_MARKER, SourceText, article_spans
from iktw_kg.load import load_corpus
from iktw_kg.yamlnodes import read_yaml

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
MAGNITUDES = {"만": Decimal(10) ** 4, "억": Decimal(10) ** 8, "조": Decimal(10) ** 12}
DATE_SUFFIX = re.compile(r"^(?:~’?\d+)?\s*(?:월|月|일|日)")
YEAR_SUFFIX = re.compile(r"^(?:~’?\d+)?\s*(?:년|年)")

CORPUS = load_corpus(DATA_DIR)
RECORD = CORPUS.issues[0]
SOURCE = SourceText(CORPUS.data_dir / RECORD.issue.source)
SPANS = {span.article_id: span for span in article_spans(SOURCE, RECORD)[0]}


def article_body(article_id: str) -> str:
    """The article's text without heading, citation and page markers, NFKC-normalised."""
    span = SPANS[article_id]
    raw = SOURCE.raw[span.start : span.end]
    raw = raw.split("\n", 1)[1]  # the heading line
    raw = raw.split("(참고 :", 1)[0]
    raw = PAGE_MARKER.sub("", raw)
    return unicodedata.normalize("NFKC", raw)


def observation_values(article_id: str) -> set[Decimal]:
    values: set[Decimal] = set()
    for observation, _ in CORPUS.facts[article_id].observations:
        values.update(v for v in (observation.value, observation.min, observation.max) if v is not None)
    return values


def non_figures(article_id: str) -> set[str]:
    path = next(origin.path for _, origin in CORPUS.facts[article_id].statements)
    return {entry["number"] for entry in read_yaml(path).data.get("non_figures", [])}


def is_date(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2) : start]
    after = text[end : end + 8]
    if before.endswith("’") or before.endswith("'"):
        return True  # ’21, ’23.12, ’21~’35
    if re.search(r"’\d+~$", text[max(0, start - 6) : start]):
        return True  # the end of ’18~22년
    if DATE_SUFFIX.match(after):
        return True  # 1~8월, 1月
    digits = text[start:end].replace(",", "")
    return bool(YEAR_SUFFIX.match(after)) and len(digits) == 4


def candidate_values(text: str, start: int, end: int) -> set[Decimal]:
    """The token as printed, and with the Korean magnitude that follows it (241억 6,492만 too)."""
    number = Decimal(text[start:end].replace(",", ""))
    candidates = {number}
    after = text[end:]
    match = re.match(r"\s*([만억조])", after)
    if match:
        scaled = number * MAGNITUDES[match.group(1)]
        candidates.add(scaled)
        tail = re.match(r"\s*[만억조]\s*(\d[\d,]*(?:\.\d+)?)\s*([만억])", after)
        if tail:
            candidates.add(scaled + Decimal(tail.group(1).replace(",", "")) * MAGNITUDES[tail.group(2)])
    head = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*([억조])\s*$", text[max(0, start - 16) : start])
    if head and re.match(r"\s*[만억]", after):
        big = Decimal(head.group(1).replace(",", "")) * MAGNITUDES[head.group(2)]
        candidates.add(big + number * MAGNITUDES[re.match(r"\s*([만억])", after).group(1)])
    return candidates


def uncovered_numbers(article_id: str) -> list[str]:
    text = article_body(article_id)
    values = observation_values(article_id)
    excluded = non_figures(article_id)
    missing = []
    for match in NUMBER.finditer(text):
        start, end = match.span()
        if re.search(r"[A-Za-z]-?$", text[max(0, start - 2) : start]):
            continue  # model and part names: CAP1400, CNP-600, V491
        if is_date(text, start, end):
            continue
        if candidate_values(text, start, end) & values:
            continue
        if match.group().replace(",", "") in excluded:
            continue
        context = text[max(0, start - 15) : end + 10].replace("\n", " ")
        missing.append(f"{match.group()!r} in …{context}…")
    return missing


@pytest.mark.parametrize("article_id", sorted(SPANS))
def test_every_printed_number_is_an_observation_a_date_or_a_reviewed_exclusion(article_id):
    missing = uncovered_numbers(article_id)
    assert not missing, "\n".join(missing)


def test_the_check_catches_a_missing_figure():
    """Remove one observation and the number it held must be reported."""
    facts = CORPUS.facts["article/2024-04-04"]
    original = list(facts.observations)
    facts.observations[:] = [(obs, origin) for obs, origin in original if obs.value != Decimal("68.5")]
    try:
        assert any(item.startswith("'68.5'") for item in uncovered_numbers("article/2024-04-04"))
    finally:
        facts.observations[:] = original
