"""How much of the curated issue the extractor finds by itself (printed; the thresholds are asserted)."""

from __future__ import annotations

import pytest
from conftest import DATA_DIR, SOURCE_FILE

from iktw_kg.extract.evaluate import CuratedRecall, curated_recall
from iktw_kg.extract.extractor import extract_issue
from iktw_kg.load import load_corpus


@pytest.fixture(scope="module")
def recall() -> CuratedRecall:
    return curated_recall(extract_issue(SOURCE_FILE, DATA_DIR), load_corpus(DATA_DIR), "issue/2024-04")


def test_recall_of_curated_observations_and_mentions_is_at_least_95_percent(recall):
    print(f"\nvalues of curated observations found:            {recall.values}")
    print(f"values found with the curated unit:              {recall.values_and_units}")
    print(f"curated mentions linked (printed in the article): {recall.mentions}")
    for missed in (*recall.values.missed, *recall.mentions.missed):
        print(f"  missed: {missed}")
    assert recall.values.total == 114
    assert recall.values.share >= 0.95
    assert recall.values_and_units.share >= 0.9
    assert recall.mentions.total >= 250
    assert recall.mentions.share >= 0.95


def test_the_only_values_missed_are_printed_in_words(recall):
    """과반수 (a majority: over 50 %) and 세계 최대 (the world's largest: rank 1) have no digits to find."""
    assert len(recall.values.missed) == 2
    assert "과반수" in recall.values.missed[0]
    assert "세계 최대" in recall.values.missed[1]
