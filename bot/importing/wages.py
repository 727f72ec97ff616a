"""Wages as meeting sheets write them: by the month, the day, the hour, the piece or the year.

The amount is kept in the unit written (300元/天 stays 300 a day) beside the text as written,
which is what workers are shown. Ranking compares vacancies by a monthly equivalent:

    month  as written
    day    x 26 (a six-day week, as day labour is usually counted)
    hour   x 8 x 26 = 208
    year   / 12
    piece  unknown: ranked like a negotiable wage (计件 depends on the worker's speed)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

UNITS = ("month", "day", "hour", "piece", "year")
DAYS_A_MONTH = 26
HOURS_A_DAY = 8
_PER_MONTH = {"month": 1.0, "day": DAYS_A_MONTH, "hour": DAYS_A_MONTH * HOURS_A_DAY, "year": 1 / 12}
# The most a sheet can mean, per unit; beyond it the cell is a typo (an extra zero, a phone).
_CEILING = {"month": 1_000_000, "day": 20_000, "hour": 2_000, "year": 10_000_000}


class WageError(ValueError):
    """The text is not a wage this reader knows."""


@dataclass(frozen=True, slots=True)
class Wage:
    low: int | None
    high: int | None
    unit: str | None  # one of UNITS; None: negotiable or not stated


NEGOTIABLE = Wage(None, None, None)

_NEGOTIABLE_WORDS = ("面议", "面谈", "商议", "待遇优厚", "negotiable")
_PIECE_WORDS = ("计件", "按件", "按斤", "按量", "按方", "piecework", "piece rate", "per piece")
# Unit markers, most specific first; a marker anywhere in the text decides the unit.
_UNIT_WORDS = (
    ("hour", ("小时", "时薪", "/时", "每时", "/h", "per hour", "an hour", "hourly", "/hr")),
    (
        "day",
        (
            "日结",
            "日薪",
            "/天",
            "每天",
            "一天",
            "天",
            "/日",
            "每日",
            "per day",
            "a day",
            "daily",
            "/day",
        ),
    ),
    ("year", ("年薪", "/年", "每年", "一年", "per year", "a year", "annual", "/yr")),
    (
        "month",
        ("月薪", "/月", "每月", "一个月", "月", "per month", "a month", "monthly", "/month", "/mo"),
    ),
)
_NUMBER = r"(\d+(?:\.\d+)?)\s*([kKwW千万]?)"
_RANGE = re.compile(rf"^{_NUMBER}\s*(?:[-~～—至到]+\s*{_NUMBER})?$")
_MULTIPLIER = {"": 1, "k": 1000, "千": 1000, "w": 10000, "万": 10000}
# Labels and decorations around the figures: "综合工资6000-8000元左右", "底薪3000+提成".
_NOISE = re.compile(
    r"综合工资|综合收入|工资|薪资|薪水|底薪|保底|基本工资|收入|待遇|月薪|日薪|时薪|年薪|日结|"
    r"元|块|rmb|yuan|cny|¥|￥|以上|左右|起|上下|\+.*$|加.*$|提成.*$|每|per|/|,|，|\s",
    re.IGNORECASE,
)


def _unit_of(text: str) -> str:
    for unit, words in _UNIT_WORDS:
        if any(word in text for word in words):
            return unit
    return "month"


_ALL_UNIT_WORDS = sorted((w for _, words in _UNIT_WORDS for w in words), key=len, reverse=True)


def _strip_units(text: str) -> str:
    for word in _ALL_UNIT_WORDS:  # longest first: "/month" goes whole, not as "/mo" + "nth"
        text = text.replace(word, " ")
    return text


def _amount(number: str, multiplier: str, fallback: str) -> int:
    value = float(number) * _MULTIPLIER[(multiplier or fallback).lower()]
    if not math.isfinite(value):  # 400 nines: float() says inf, and round(inf) raises
        raise WageError(number)
    return round(value)


def parse_wage(text: str) -> Wage:
    """'4000-6000元' -> month 4000-6000; '300元/天' and '日结200' -> day; '25元/小时' -> hour;
    '年薪10万' -> year; '计件' -> piece; '面议' or blank -> negotiable. Raises WageError."""
    low = text.strip().lower()
    if not low or any(word in low for word in _NEGOTIABLE_WORDS):
        return NEGOTIABLE
    if any(word in low for word in _PIECE_WORDS):
        return Wage(None, None, "piece")
    unit = _unit_of(low)
    match = _RANGE.match(_NOISE.sub("", _strip_units(low)))
    if not match:
        raise WageError(text)
    low_n, low_mult, high_n, high_mult = match.groups()
    # "6-8k" means 6k-8k: the multiplier written once applies to both ends.
    low_value = _amount(low_n, low_mult, high_mult or "")
    high_value = _amount(high_n, high_mult, low_mult) if high_n else low_value
    if low_value <= 0 or high_value < low_value or high_value > _CEILING[unit]:
        raise WageError(text)
    return Wage(low_value, high_value, unit)


def monthly(amount: int | None, unit: str | None) -> int | None:
    """An amount in `unit` as a month's pay, for ranking; None when it cannot be compared."""
    if amount is None or unit not in _PER_MONTH:
        return None
    return round(amount * _PER_MONTH[unit])
