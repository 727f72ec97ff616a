"""Ages as workers say them, kept as a birth year; and whether an age fits a vacancy's range."""

from __future__ import annotations

from datetime import date

import pytest

from bot.matching.age import age_in, fits, read_birth_year

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("52岁", 52),
        ("我今年52岁了", 52),
        ("五十二岁", 52),
        ("俺五十二了", 52),
        ("今年五十二", 52),
        ("五十多", 53),
        ("五十多岁", 53),
        ("五十来岁", 50),
        ("六十出头", 61),
        ("快六十了", 59),
        ("我是70年的", 56),
        ("1970年出生", 56),
        ("70后", 51),
        ("I am 52", 52),
        ("I'm 52 years old", 52),
        ("age: 48", 48),
        ("今年52了", 52),
        ("年龄 52", 52),
        ("注册 张三 会宁 电焊 全国 52岁", 52),
        ("张三 五十多岁 会宁人 电焊", 53),
        ("５２岁", 52),
    ],
)
def test_ages_as_said(text, age):
    assert age_in(read_birth_year(text, TODAY), TODAY) == age


@pytest.mark.parametrize(
    "text",
    [
        "52",  # a number picks from a list
        "18-45岁",
        "年龄18-45",
        "45岁以下的有吗",
        "50岁以上的有吗",
        "五十块",
        "招五十多人",
        "干了十多年电焊",
        "等了五十分钟",
        "工资5000",
        "I am in Lanzhou",
        "I am 25 km away",
        "120岁",
        "3岁",
        "干了20年的电焊",
    ],
)
def test_no_age_said(text):
    assert read_birth_year(text, TODAY) is None


@pytest.mark.parametrize(
    ("age", "low", "high", "fit"),
    [
        (55, 18, 45, False),
        (45, 18, 45, True),
        (18, 18, 45, True),
        (17, 18, 45, False),
        (55, None, 60, True),
        (61, None, 60, False),
        (30, 35, None, False),
        (None, 18, 45, True),
        (70, None, None, True),
    ],
)
def test_fits(age, low, high, fit):
    assert fits(age, low, high) is fit
