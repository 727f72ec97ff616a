"""The import columns (Chinese or English headers) and parsers for the values agencies write."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal

REQUIRED = ("employer", "title", "location", "headcount")

HEADERS: dict[str, tuple[str, ...]] = {
    "employer": ("employer", "用人单位", "招聘单位", "企业名称", "单位名称", "企业"),
    "title": ("title", "position", "岗位", "岗位名称", "工种", "职位"),
    "location": ("location", "工作地点", "地点", "工作地址"),
    "headcount": ("headcount", "quota", "招聘人数", "人数", "需求人数"),
    "wage": ("wage", "salary", "月薪", "薪资", "工资", "薪酬", "待遇"),
    "skills": ("skills", "requirements", "技能要求", "岗位要求", "任职要求"),
    "age": ("age", "年龄", "年龄要求"),
    "deadline": ("deadline", "截止日期", "报名截止"),
    "departure": ("departure", "出发日期"),
    "benefits": ("benefits", "福利", "食宿", "福利待遇"),
    "contact": ("contact", "联系人", "联系电话", "联系方式"),
    # Not 序号: that is the row number, which Excel renumbers when a row is deleted.
    "ref": ("ref", "id", "编号"),
}

_ALIASES = {alias: field for field, names in HEADERS.items() for alias in names}
# Decorations people add to headers: "*用人单位", "月薪（元）", "Headcount (people)".
_HEADER_NOISE = re.compile(r"[\s*＊:：]|[（(][^)）]*[)）]")


def header_field(cell: str) -> str | None:
    """The field a header cell names, or None for a column we do not import."""
    key = _HEADER_NOISE.sub("", cell.replace("\ufeff", "")).lower()
    return _ALIASES.get(key)


class BadValue(ValueError):
    """A value that cannot be read; the message key says which kind."""


def cell_text(value: object) -> str:
    """A cell as the text it shows: 12.0 -> "12"; never raises, whatever the cell holds."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return str(value)
    except ValueError:  # an int past Python's digit limit for str(); no reader makes one
        return f"{Decimal(value):.6E}"


_NUMBER = r"(\d+(?:\.\d+)?)\s*([kKwW千万]?)"
_WAGE_RANGE = re.compile(rf"^{_NUMBER}\s*(?:[-~～—至到]+\s*{_NUMBER})?$")
_WAGE_WORDS = ("面议", "面谈", "negotiable", "计件", "piecework")
_WAGE_NOISE = re.compile(
    r"元|rmb|yuan|¥|￥|/月|每月|per ?month|/month|月|以上|左右|起|,|，|\s", re.I
)
_UNIT = {"": 1, "k": 1000, "千": 1000, "w": 10000, "万": 10000}


def _amount(number: str, unit: str, fallback_unit: str) -> int:
    value = float(number) * _UNIT[(unit or fallback_unit).lower()]
    if not math.isfinite(value):  # 400 nines: float() says inf, and round(inf) raises
        raise BadValue("import.bad_wage")
    return round(value)


def parse_wage(text: str) -> tuple[int | None, int | None]:
    """'4000-6000元' -> (4000, 6000); '5k' -> (5000, 5000); '面议' -> (None, None)."""
    low = text.strip().lower()
    if not low or any(word in low for word in _WAGE_WORDS):
        return None, None
    match = _WAGE_RANGE.match(_WAGE_NOISE.sub("", low))
    if not match:
        raise BadValue("import.bad_wage")
    low_n, low_unit, high_n, high_unit = match.groups()
    # "6-8k" means 6k-8k: the unit written once applies to both ends.
    low_value = _amount(low_n, low_unit, high_unit or "")
    high_value = _amount(high_n, high_unit, low_unit) if high_n else low_value
    if low_value <= 0 or high_value < low_value or high_value > 1_000_000:
        raise BadValue("import.bad_wage")
    return low_value, high_value


_AGE_RANGE = re.compile(r"^(\d{1,2})\s*[-~～—至到]\s*(\d{1,2})$")
_AGE_MAX = re.compile(r"^(\d{1,2})(?:以下|以内|之内)$")
_AGE_MIN = re.compile(r"^(\d{1,2})以上$")
_AGE_NOISE = re.compile(r"周岁|岁|years?|old|\s", re.I)


def parse_age(text: str) -> tuple[int | None, int | None]:
    """'18-45周岁' -> (18, 45); '45岁以下' -> (None, 45); '不限' -> (None, None)."""
    value = _AGE_NOISE.sub("", text.strip())
    if not value or value in ("不限", "any"):
        return None, None
    if m := _AGE_RANGE.match(value):
        low, high = int(m[1]), int(m[2])
        if 14 <= low <= high <= 80:
            return low, high
    elif m := _AGE_MAX.match(value):
        return None, int(m[1])
    elif m := _AGE_MIN.match(value):
        return int(m[1]), None
    raise BadValue("import.bad_age")


MAX_HEADCOUNT = 999_999
_HEADCOUNT = re.compile(r"^(\d{1,6})\s*(?:人|名|people|persons?)?$", re.I)


def parse_headcount(value: object) -> int:
    """A positive whole number, '50人' allowed; '十' and '若干' are not numbers to a spreadsheet."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Spreadsheet numbers: whole, positive, and no larger than any real quota (1e300 is a typo).
        if 0 < value <= MAX_HEADCOUNT and value == int(value):
            return int(value)
        raise BadValue("import.bad_headcount")
    match = _HEADCOUNT.match(cell_text(value).strip())
    if not match or int(match[1]) <= 0:
        raise BadValue("import.bad_headcount")
    return int(match[1])


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: object) -> date | None:
    """ISO, slashed, dotted or 2027年1月15日 dates, and Excel date cells."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value).strip()
    if not text:
        return None
    match = _DATE.match(text.split(" ")[0] if " " in text and ":" in text else text)
    if not match:
        raise BadValue("import.bad_date")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as error:
        raise BadValue("import.bad_date") from error
