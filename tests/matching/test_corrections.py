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
        ("我是会宁人", "region", False, "620422"),
        ("我老家是会宁的", "region", False, "620422"),
        ("我叫刘德明", "name", False, "刘德明"),
        ("姓名 刘德明", "name", False, "刘德明"),
        ("不对 我叫刘德明", "name", True, "刘德明"),
        ("范围 省外", "scope", False, "country"),
        ("不对，省内", "scope", True, "province"),
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
