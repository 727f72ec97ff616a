"""Traditional characters and full-width forms are read as simplified Chinese and ASCII."""

from __future__ import annotations

import pytest

from bot.matching.chars import simplify
from bot.matching.places import resolve_place
from bot.matching.regions import regions
from bot.matching.taxonomy import trades
from bot.matching.trades import resolve_trade
from bot.matching.understand import understand


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("會寧電焊", "会宁电焊"),
        ("蘭州", "兰州"),
        ("東鄉族", "东乡族"),
        ("報名", "报名"),
        ("找工作", "找工作"),
        ("乾縣", "乾县"),  # 乾 is simplified too (乾县, 乾安): left alone
        ("abc 123", "abc 123"),
    ],
)
def test_simplify(text, simplified):
    assert simplify(text) == simplified
    assert len(simplify(text)) == len(text)


def test_no_place_or_trade_character_is_changed():
    names = [r.name for r in regions()]
    names += [w for t in trades() for w in (t.name_zh, *t.synonyms_zh)]
    assert [n for n in names if simplify(n) != n] == []


def test_traditional_message_reads_like_simplified():
    reading = understand("註冊 劉德明 會寧 電焊 省外")
    assert reading.intent == "register" and reading.name == "刘德明"
    assert reading.region is not None and reading.region.code == "620422"
    assert [s.trade.code for s in reading.skills] == ["construction.welder"]
    assert reading.scope == "country"


@pytest.mark.parametrize(
    ("text", "intent"), [("報名", "apply"), ("幫助", "help"), ("更多", "more")]
)
def test_traditional_keywords(text, intent):
    assert understand(text).intent == intent


def test_full_width_digits_and_punctuation():
    assert understand("報名　３").number == 3
    reading = understand("會寧，電焊！")
    assert reading.region is not None and reading.region.code == "620422"
    assert reading.skills


def test_resolvers_read_traditional_answers():
    assert resolve_place("會寧")[0].region.code == "620422"
    assert resolve_trade("電焊")[0].trade.code == "construction.welder"
