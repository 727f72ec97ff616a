"""Wrong characters of the right sound (兰洲, 瓦攻, 生外, 我滴) are read as the word meant; names and
everyday words that sound like a place or a trade stay what they are."""

from __future__ import annotations

import pytest

from bot.matching.homophones import SoundTable, is_word
from bot.matching.places import find_places, resolve_place
from bot.matching.scope import read_scope
from bot.matching.trades import find_trades
from bot.matching.understand import understand


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("兰洲", "甘肃省兰州市"),
        ("订西", "甘肃省定西市"),
        ("静远", "甘肃省白银市靖远县"),
        ("通卫", "甘肃省定西市通渭县"),
        ("林夏县", "甘肃省临夏回族自治州临夏县"),
        ("会凝", "甘肃省白银市会宁县"),
    ],
)
def test_a_place_answer_typed_with_a_wrong_character(text, place):
    assert resolve_place(text)[0].region.full_name == place


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        ("注册 苏军 兰洲 电工 本地", "苏军", "甘肃省兰州市"),
        ("注册 苏亮 龙西 普工 省外", "苏亮", "甘肃省定西市陇西县"),
        ("注册 苏强 林夏县 普工 省外", "苏强", "甘肃省临夏回族自治州临夏县"),
        ("我是兰洲的", None, "甘肃省兰州市"),
    ],
)
def test_a_homophone_home_in_a_message(text, name, place):
    reading = understand(text)
    assert reading.name == name
    assert reading.region is not None and reading.region.full_name == place


def test_a_homophone_destination_prefers_the_larger_place():
    destination = understand("想去新僵").destination
    assert destination is not None and destination.full_name == "新疆维吾尔自治区"


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        # A place spelt right beside a sound-alike: the sound-alike is the name.
        ("注册 张寿 会宁 瓦工 省外", "张寿", "甘肃省白银市会宁县"),  # not 长寿区
        ("注册 杨春 会宁 普工 省外", "杨春", "甘肃省白银市会宁县"),  # not 阳春市
        ("注册 黄刚 会宁 普工 省外", "黄刚", "甘肃省白银市会宁县"),  # not 黄冈市
        # No other name in the message: a surname-led sound-alike is the name.
        ("注册 杨春 普工 省外", "杨春", None),
        ("黄刚", "黄刚", None),
        ("龙西", "龙西", None),
        # Heading a registration, a name that is a place or holds one, another place after it.
        ("注册 马龙 会宁 瓦工 全国", "马龙", "甘肃省白银市会宁县"),  # not 马龙区, Yunnan
        ("注册 白银花 会宁 保洁 本地", "白银花", "甘肃省白银市会宁县"),
    ],
)
def test_names_that_sound_like_places_stay_names(text, name, place):
    reading = understand(text)
    assert reading.name == name
    assert (reading.region.full_name if reading.region else None) == place


@pytest.mark.parametrize(
    "text",
    ["户口", "苹果", "回来", "花园", "我在花园", "去花园", "规定", "完全", "进城", "中央", "西岸"],
)
def test_everyday_words_that_sound_like_places_are_no_places(text):
    assert [c for _, _, c in find_places(text) if c[0].score <= 80] == []
    assert understand(text).region_candidates == ()


@pytest.mark.parametrize(
    ("text", "trade"),
    [
        ("瓦攻", "construction.bricklayer"),
        ("木功", "construction.carpenter"),
        ("橱师", "hospitality.chef"),
        ("保结", "services.cleaner"),
        ("越嫂", "domestic.maternity"),
        ("电悍", "construction.welder"),
        ("插车", "logistics.forklift"),
        ("挖据机", "construction.excavator"),  # ju for jue: a near sound, the rest right
    ],
)
def test_a_trade_typed_with_a_wrong_character(text, trade):
    assert [c.trade.code for _, _, c in find_trades(f"会宁 {text} 省外")] == [trade]
    assert [s.trade.code for s in understand(f"注册 苏平 靖远 {text} 省外").skills] == [trade]


@pytest.mark.parametrize(
    ("text", "trade"),
    [("保安", "security.guard"), ("海员", "transport.seafarer"), ("渔民", "agriculture.fishery")],
)
def test_trade_words_are_not_read_as_places_of_their_sound(text, trade):
    reading = understand(text)
    assert reading.region_candidates == ()  # 宝安区, 海原县, 裕民县
    assert [s.trade.code for s in reading.skills][:1] == [trade]


@pytest.mark.parametrize("text", ["注册 司吉 会宁 普工", "注册 车功 会宁 普工"])
def test_a_name_that_sounds_like_a_trade_is_the_name(text):
    reading = understand(text)
    assert reading.name == text.split()[1]
    assert [s.trade.code for s in reading.skills] == ["manufacturing.general"]


def test_the_typed_word_must_keep_a_character_of_the_word_meant():
    table = SoundTable([("保安", "guard")])
    assert table.read("保岸") == [("保安", "guard")]
    assert table.read("报案") == []  # the same sound, nothing typed right: another word
    assert table.read("保") == []  # one character is never read by its sound


@pytest.mark.parametrize(
    ("text", "scope"),
    [("生外", "country"), ("省歪", "country"), ("全过", "country"), ("本的", "local")],
)
def test_a_scope_answer_typed_with_a_wrong_character(text, scope):
    assert read_scope(text) == scope


def test_everyday_words_are_known():
    assert is_word("户口") and is_word("苹果")
    assert not is_word("兰洲") and not is_word("瓦攻")


def test_a_keyword_read_in_its_spoken_sound():
    assert understand("我滴").intent == "me"  # 的 is said di as well as de
