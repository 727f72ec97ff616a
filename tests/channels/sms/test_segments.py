"""Segment counting and fitting, as tables of known values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.sms.segments import encoding, fit, segments, split, units

HAN = "工"
EMOJI = "😀"  # outside the BMP: two UTF-16 code units

COUNTS = [
    # (name, text, encoding, units, segments)
    ("empty", "", "gsm7", 0, 0),
    ("ascii 1", "a", "gsm7", 1, 1),
    ("ascii 160", "a" * 160, "gsm7", 160, 1),
    ("ascii 161", "a" * 161, "gsm7", 161, 2),
    ("ascii 306", "a" * 306, "gsm7", 306, 2),
    ("ascii 307", "a" * 307, "gsm7", 307, 3),
    ("euro counts 2", "€", "gsm7", 2, 1),
    ("caret counts 2", "^", "gsm7", 2, 1),
    ("80 euros fill one", "€" * 80, "gsm7", 160, 1),
    ("81 euros need two", "€" * 81, "gsm7", 162, 2),
    ("159 + euro", "a" * 159 + "€", "gsm7", 161, 2),
    ("gsm accents", "èéùìòÇØøÅåÆæßÉÄÖÑÜäöñüà¿¡§£¥", "gsm7", 28, 1),
    ("greek capitals", "ΔΦΓΛΩΠΨΣΘΞ", "gsm7", 10, 1),
    ("chinese 1", HAN, "ucs2", 1, 1),
    ("chinese 70", HAN * 70, "ucs2", 70, 1),
    ("chinese 71", HAN * 71, "ucs2", 71, 2),
    ("chinese 134", HAN * 134, "ucs2", 134, 2),
    ("chinese 135", HAN * 135, "ucs2", 135, 3),
    ("one emoji makes ucs2", "a" * 10 + EMOJI, "ucs2", 12, 1),
    ("emoji counts 2", EMOJI * 35, "ucs2", 70, 1),
    ("emoji 36", EMOJI * 36, "ucs2", 72, 2),
    # 66 han + emoji would straddle the 67-unit boundary, so the emoji opens part 2.
    ("emoji never split", HAN * 66 + EMOJI + HAN * 66 + EMOJI, "ucs2", 136, 3),
    ("emoji at 67 boundary fits", HAN * 65 + EMOJI + HAN * 67, "ucs2", 134, 2),
    ("full-width comma", "，", "ucs2", 1, 1),
    ("ellipsis is not gsm", "…", "ucs2", 1, 1),
    ("lowercase ç is not gsm", "ç", "ucs2", 1, 1),
    ("backtick is not gsm", "`", "ucs2", 1, 1),
    ("escape char is not text", "\x1b", "ucs2", 1, 1),
    ("newline is gsm", "a\nb\rc", "gsm7", 5, 1),
    # 152 a + caret: the two-septet escape pair may not straddle parts 1 and 2.
    ("escape pair never split", "a" * 152 + "^" + "a" * 10, "gsm7", 164, 2),
]


@pytest.mark.parametrize(
    ("name", "text", "enc", "length", "count"), COUNTS, ids=[c[0] for c in COUNTS]
)
def test_counts(name: str, text: str, enc: str, length: int, count: int) -> None:
    assert encoding(text) == enc
    assert units(text) == length
    assert segments(text) == count
    parts = split(text)
    assert "".join(parts) == text
    assert len(parts) == count
    if count > 1:
        per_part = 153 if enc == "gsm7" else 67
        assert all(units(part, enc) <= per_part for part in parts)


def test_escape_pair_opens_next_part() -> None:
    parts = split("a" * 152 + "^" + "a" * 10)
    assert parts[0] == "a" * 152
    assert parts[1].startswith("^")


def test_emoji_opens_next_part() -> None:
    parts = split(HAN * 66 + EMOJI + HAN * 10)
    assert parts[0] == HAN * 66
    assert parts[1].startswith(EMOJI)


FITS = [
    # (name, text, budget, expected)
    ("fits unchanged", "你好", 1, "你好"),
    ("ascii exact", "a" * 160, 1, "a" * 160),
    ("ascii cut with dots", "a" * 200, 1, "a" * 157 + "..."),
    ("chinese cut with ellipsis", HAN * 100, 1, HAN * 69 + "…"),
    ("chinese two segments", HAN * 200, 2, HAN * 133 + "…"),
    ("trailing space dropped", "ab " + HAN * 80, 1, "ab " + HAN * 66 + "…"),
    ("emoji kept whole", EMOJI * 40, 1, EMOJI * 34 + "…"),
]


@pytest.mark.parametrize(("name", "text", "budget", "expected"), FITS, ids=[c[0] for c in FITS])
def test_fit(name: str, text: str, budget: int, expected: str) -> None:
    fitted = fit(text, budget)
    assert fitted == expected
    assert segments(fitted) <= budget


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400), budget=st.integers(min_value=1, max_value=3))
def test_split_and_fit_properties(text: str, budget: int) -> None:
    parts = split(text)
    assert "".join(parts) == text
    assert len(parts) == segments(text)
    fitted = fit(text, budget)
    assert segments(fitted) <= budget
    if fitted != text:
        stem = fitted.removesuffix("…").removesuffix("...")
        assert text.startswith(stem)
