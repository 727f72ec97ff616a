"""The value parsers, as tables of what agencies actually write."""

import pytest

from bot.importing.fields import (
    BadValue,
    header_field,
    parse_age,
    parse_date,
    parse_headcount,
    parse_wage,
)

WAGES = [
    ("4000-6000元", (4000, 6000)),
    ("4500~6500", (4500, 6500)),
    ("8000元/月", (8000, 8000)),
    ("5k", (5000, 5000)),
    ("6k-8k", (6000, 8000)),
    ("6-8k", (6000, 8000)),
    ("1.2万", (12000, 12000)),
    ("8000元以上", (8000, 8000)),
    ("面议", (None, None)),
    ("计件，多劳多得", (None, None)),
    ("", (None, None)),
]


@pytest.mark.parametrize(("text", "expected"), WAGES)
def test_wage(text, expected):
    wage = parse_wage(text)
    assert (wage.low, wage.high) == expected


@pytest.mark.parametrize("text", ["abc", "6000-4000", "0", "五千"])
def test_bad_wage(text):
    with pytest.raises(BadValue):
        parse_wage(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18-45周岁", (18, 45)),
        ("18~50岁", (18, 50)),
        ("45岁以下", (None, 45)),
        ("18周岁以上", (18, None)),
        ("不限", (None, None)),
        ("", (None, None)),
    ],
)
def test_age(text, expected):
    assert parse_age(text) == expected


@pytest.mark.parametrize("text", ["45-18", "老少皆宜", "3-200"])
def test_bad_age(text):
    with pytest.raises(BadValue):
        parse_age(text)


@pytest.mark.parametrize(
    ("value", "expected"), [("50", 50), ("50人", 50), (" 7 名", 7), (30, 30), (12.0, 12)]
)
def test_headcount(value, expected):
    assert parse_headcount(value) == expected


@pytest.mark.parametrize("value", ["十", "若干", "0", "-3", 2.5, "", "50-60"])
def test_bad_headcount(value):
    with pytest.raises(BadValue):
        parse_headcount(value)


@pytest.mark.parametrize(
    "text", ["2027-01-15", "2027/1/15", "2027.01.15", "2027年1月15日", "2027-01-15 00:00:00"]
)
def test_date(text):
    assert parse_date(text).isoformat() == "2027-01-15"


@pytest.mark.parametrize("text", ["下月", "2027-13-01", "15/01/2027"])
def test_bad_date(text):
    with pytest.raises(BadValue):
        parse_date(text)


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("用人单位", "employer"),
        ("*招聘单位", "employer"),
        ("企业名称", "employer"),
        ("Position", "title"),
        ("工种", "title"),
        ("工作地点", "location"),
        ("招聘人数（人）", "headcount"),
        ("quota", "headcount"),
        ("月薪(元)", "wage"),
        ("\ufeff编号", "ref"),
        ("出发日期", "departure"),
        ("备注", None),
    ],
)
def test_header(cell, field):
    assert header_field(cell) == field
