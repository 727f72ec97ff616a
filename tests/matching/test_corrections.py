"""Corrections and self-descriptions name the field they change."""

from __future__ import annotations

import pytest

from bot.matching.understand import understand


@pytest.mark.parametrize(
    ("text", "field", "correction", "value"),
    [
        ("不对 我是会宁的", "region", True, "620422"),
        ("不对，是靖远", "region", True, "620421"),
        ("错了，是木工", "skills", True, "construction.carpenter"),
        ("技能 木工", "skills", False, "construction.carpenter"),
        ("技能改成木工", "skills", True, "construction.carpenter"),
        ("瓦工改成木工", "skills", True, "construction.carpenter"),
        ("把地区改为兰州", "region", True, "620100"),
        ("地区 兰州", "region", False, "620100"),
        ("diqu lanzhou", "region", False, "620100"),  # the label in pinyin, not 去 lanzhou
        ("jineng mugong", "skills", False, "construction.carpenter"),
        ("我是会宁人", "region", False, "620422"),
        ("我老家是会宁的", "region", False, "620422"),
        ("我叫刘德明", "name", False, "刘德明"),
        ("姓名 刘德明", "name", False, "刘德明"),
        ("不对 我叫刘德明", "name", True, "刘德明"),
        ("范围 省外", "scope", False, "country"),
        ("不对，省内", "scope", True, "province"),
        # The wrong answer, then the right one; a field said to be wrong, then its new value.
        ("不是兰州 是榆中", "region", True, "620123"),
        ("刚才说错了，不是瓦工是木工", "skills", True, "construction.carpenter"),
        ("名字写错了 是马福相", "name", True, "马福相"),
        ("等一下 地方写错了 是靖远", "region", True, "620421"),
    ],
)
def test_the_field_a_message_changes(text, field, correction, value):
    reading = understand(text)
    assert (reading.field, reading.correction) == (field, correction)
    got = {
        "region": reading.region.code if reading.region else None,
        "skills": reading.skills[0].trade.code if reading.skills else None,
        "name": reading.name,
        "scope": reading.scope,
    }[field]
    assert got == value


def test_a_registration_message_names_no_field():
    assert understand("注册 张三 会宁 电焊").field is None
    assert understand("会宁 电焊").field is None


def test_a_name_said_to_be_wrong_gives_the_new_one_as_the_argument():
    reading = understand("我名字打错了 是周和")
    assert (reading.field, reading.correction, reading.argument) == ("name", True, "周和")


@pytest.mark.parametrize("text", ["不是很远", "啊 会宁", "名字叫王五"])
def test_no_correction(text):
    assert not understand(text).correction


def test_a_trade_the_worker_cannot_do_is_none_of_theirs():
    reading = understand("我不会电焊 我是电工")
    assert [s.trade.code for s in reading.skills] == ["technical.electrician"]
    assert [s.trade.code for s in understand("会宁 电焊 不会开叉车").skills] == [
        "construction.welder"
    ]
