"""Wages as meeting sheets write them: the unit, the amount in it, the monthly equivalent."""

from __future__ import annotations

import pytest

from bot.importing.wages import Wage, WageError, monthly, parse_wage

# (as written, low, high, unit, monthly equivalent of low)
FORMS = [
    ("4000-6000元", 4000, 6000, "month", 4000),
    ("5k", 5000, 5000, "month", 5000),
    ("1.2万", 12000, 12000, "month", 12000),
    ("月薪5000", 5000, 5000, "month", 5000),
    ("6-8k", 6000, 8000, "month", 6000),
    ("综合工资6000-8000元左右", 6000, 8000, "month", 6000),
    ("底薪3000+提成", 3000, 3000, "month", 3000),
    ("¥5000/month", 5000, 5000, "month", 5000),
    ("300元/天", 300, 300, "day", 7800),
    ("150元/天", 150, 150, "day", 3900),
    ("日结200", 200, 200, "day", 5200),
    ("200元一天", 200, 200, "day", 5200),
    ("280元每天", 280, 280, "day", 7280),
    ("300 a day", 300, 300, "day", 7800),
    ("25元/小时", 25, 25, "hour", 5200),
    ("时薪20-25元", 20, 25, "hour", 4160),
    ("RMB 25 per hour", 25, 25, "hour", 5200),
    ("年薪10万", 100000, 100000, "year", 8333),
    ("计件", None, None, "piece", None),
    ("按斤计件", None, None, "piece", None),
    ("计件，多劳多得", None, None, "piece", None),
    ("面议", None, None, None, None),
    ("", None, None, None, None),
]


@pytest.mark.parametrize(("text", "low", "high", "unit", "per_month"), FORMS)
def test_forms(text, low, high, unit, per_month):
    wage = parse_wage(text)
    assert wage == Wage(low, high, unit)
    assert monthly(wage.low, wage.unit) == per_month


@pytest.mark.parametrize(
    "text",
    ["abc", "6000-4000", "0", "五千", "99999元/天", "5000元/小时", "1" * 400 + "元/天", "元/天"],
)
def test_not_wages(text):
    with pytest.raises(WageError):
        parse_wage(text)


def test_a_day_rate_ranks_above_a_lower_monthly_wage():
    """300元/天 is about 7,800 a month: more than a 6,000 monthly wage, less than 8,000."""
    day = parse_wage("300元/天")
    assert monthly(6000, "month") < monthly(day.low, day.unit) < monthly(8000, "month")
