"""Place names read either way: the reading inside the full name, and both readings people type."""

import pytest

from bot.matching.places import resolve_place


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("chaoyang", {"211300", "110105", "220104"}),
        ("zhaoyang", {"211300", "110105", "220104"}),
        ("liuan", {"341500"}),
        ("luan", {"341500"}),
        ("shamen", {"350200"}),
        ("zhongqing", {"500000"}),
        ("lanzhou", {"620100"}),
    ],
)
def test_both_readings_reach_the_place(typed, expected):
    found = resolve_place(typed)
    top = {c.region.code for c in found if c.score == found[0].score}
    assert expected <= top
    assert "431000" not in top  # 郴州 is chenzhou, never lanzhou
