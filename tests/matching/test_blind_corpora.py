"""The blind corpora's DEV halves (tests/conversations): misspelt pinyin places and written
keywords. Only DEV is read here; HOLDOUT measures the matcher and is never tuned against."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conversations"))

from keywords_written import DEV as KEYWORDS_DEV  # noqa: E402
from places_misspelt import DEV as PLACES_DEV  # noqa: E402

from bot.matching.places import resolve_place  # noqa: E402
from bot.matching.understand import understand  # noqa: E402

CHOICES = 6
PLACES_TARGET = 0.90  # issue 8: the intended place among at most six candidates, 90% of the time
KEYWORDS_FLOOR = 0.88  # DEV: 79.5% when the corpus landed, 89.5% after; raise it as it improves


def _offered(text: str) -> list[str]:
    """Full names of the places a reply can offer: the reading's candidates, else the resolver's."""
    found = understand(text).region_candidates or tuple(resolve_place(text))
    return [c.region.full_name for c in found[:CHOICES]]


def test_misspelt_places_dev():
    misses = [(text, full) for text, full in PLACES_DEV if full not in _offered(text)]
    share = 1 - len(misses) / len(PLACES_DEV)
    print(f"\nplaces DEV: {share:.1%} of {len(PLACES_DEV)} among the first six offered")
    for text, full in misses:
        print(f"  miss {text!r}: {full} not in {_offered(text)}")
    assert share >= PLACES_TARGET


def _read(text: str) -> str | None:
    reading = understand(text)
    if reading.intent == "pick":
        return f"pick:{reading.number}"
    return reading.intent


def test_written_keywords_dev():
    misses = [(text, want, got) for text, want in KEYWORDS_DEV if (got := _read(text)) != want]
    share = 1 - len(misses) / len(KEYWORDS_DEV)
    wrong_keyword = sum(want is None for _, want, _ in misses)
    print(f"\nkeywords DEV: {share:.1%} of {len(KEYWORDS_DEV)} read right")
    print(f"  ordinary answers taken as keywords: {wrong_keyword}")
    for text, want, got in misses:
        print(f"  miss {text!r}: {got} != {want}")
    assert share >= KEYWORDS_FLOOR
