"""The occupation taxonomy file: size, stable codes, known categories, unambiguous synonyms."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources

import pytest

from bot.matching.pinyin import joined
from bot.matching.taxonomy import categories, category, trade, trades

CODE = re.compile(r"^[a-z]+\.[a-z0-9_]+$")
HAN = re.compile(r"[\u4e00-\u9fff]")
# Real homophones the agency keeps apart by character: 浇筑 (pouring concrete) and 浇铸 (casting).
ALLOWED_SHARED_PINYIN = {"jiaozhu": {"construction.concrete", "manufacturing.casting"}}
TRADE_FIELDS = {"code", "name_zh", "name_en", "synonyms_zh", "synonyms_en"}


def _raw() -> dict:
    text = resources.files("bot.matching").joinpath("trades.json").read_text("utf-8")
    return json.loads(text)


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]", "", text.lower())


def test_at_least_150_trades_in_about_twelve_categories() -> None:
    assert len(trades()) >= 150
    assert 10 <= len(categories()) <= 16


def test_codes_are_unique_in_the_file() -> None:
    codes = [t["code"] for group in _raw()["categories"] for t in group["trades"]]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    assert duplicates == []
    assert len(codes) == len(trades())


def test_file_stores_no_pinyin_or_unknown_fields() -> None:
    for group in _raw()["categories"]:
        assert set(group) == {"code", "name_zh", "name_en", "trades"}
        for item in group["trades"]:
            assert set(item) == TRADE_FIELDS, item["code"]


@pytest.mark.parametrize("t", trades(), ids=lambda t: t.code)
def test_trade_is_well_formed(t) -> None:
    assert CODE.match(t.code) and t.code.isascii()
    assert category(t.category) is not None
    assert t.code.split(".")[0] == t.category
    assert HAN.search(t.name_zh)
    assert t.name_en.isascii() and t.name_en.strip()
    assert t.synonyms_zh and t.synonyms_en
    assert all(s.isascii() for s in t.synonyms_en)
    assert trade(t.code) is t


def test_every_category_has_names_and_trades() -> None:
    used = {t.category for t in trades()}
    for cat in categories():
        assert HAN.search(cat.name_zh) and cat.name_en.isascii()
        assert cat.code in used


def test_no_synonym_is_claimed_by_two_trades() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for t in trades():
        for phrase in (t.name_zh, t.name_en, *t.synonyms_zh, *t.synonyms_en):
            owners[_compact(phrase)].add(t.code)
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert shared == {}


def test_pinyin_collisions_are_only_the_allowed_ones() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for t in trades():
        for phrase in (t.name_zh, *t.synonyms_zh):
            owners[joined(phrase)].add(t.code)
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert shared == ALLOWED_SHARED_PINYIN


def test_unknown_codes() -> None:
    assert trade("construction.astronaut") is None
    assert trade("") is None
    assert category("space") is None


# Trades the brief names; each must be somebody's name or synonym.
REQUIRED = [
    "电焊工",
    "钢筋工",
    "木工",
    "瓦工",
    "砌筑工",
    "架子工",
    "油漆工",
    "水电工",
    "混凝土工",
    "防水工",
    "抹灰工",
    "塔吊司机",
    "挖掘机司机",
    "普工",
    "操作工",
    "装配工",
    "质检员",
    "电子厂",
    "缝纫工",
    "车工",
    "注塑工",
    "CNC数控工",
    "叉车工",
    "包装工",
    "服务员",
    "保洁",
    "保安",
    "厨师",
    "帮厨",
    "面点师",
    "收银员",
    "美容美发",
    "酒店客房",
    "快递员",
    "分拣员",
    "仓管",
    "装卸工",
    "外卖骑手",
    "货车司机",
    "客车司机",
    "网约车",
    "出租车",
    "家政",
    "保姆",
    "育儿嫂",
    "月嫂",
    "护工",
    "养老护理员",
    "采棉工",
    "摘棉花",
    "果园采摘",
    "枸杞采摘",
    "大棚种植",
    "养殖",
    "屠宰分割工",
    "钻井工",
    "采油工",
    "井下工",
    "矿工",
    "电工",
    "电工证",
    "船厂",
    "水暖工",
    "空调安装工",
    "销售",
    "文员",
    "网管",
    "出国劳务",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_required_trade_is_present(name: str) -> None:
    spelled = {_compact(s) for t in trades() for s in (t.name_zh, *t.synonyms_zh)}
    assert _compact(name) in spelled
