"""The import columns (Chinese or English headers) and parsers for the values agencies write."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from bot.importing import wages
from bot.importing.wages import Wage

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
    # How often pay comes (日结, 周结, 月结): day labourers choose by it.
    "pay_schedule": ("pay schedule", "结算方式", "发薪方式", "工资结算"),
    # 食宿 stays a heading of benefits (sheets have used it so); 吃住 names this column.
    "board": ("food and housing", "board", "吃住", "住宿"),
    "hours": ("hours", "working hours", "工作时间", "上班时间", "工时"),
    # Who signs the contract when it is not the employer (a dispatch firm): workers should know.
    "contractor": ("contracting employer", "contractor", "签约单位", "合同单位"),
    # Not 序号: that is the row number, which Excel renumbers when a row is deleted.
    "ref": ("ref", "id", "编号"),
}

# Decorations people add to headers: "*用人单位", "月薪（元）", "Headcount (people)".
_HEADER_NOISE = re.compile(r"[\s*＊:：_]|[（(][^)）]*[)）]")


def _header_key(cell: str) -> str:
    # Spaces go too, so "Pay Schedule", "pay_schedule" and "payschedule" are one header.
    return _HEADER_NOISE.sub("", cell.replace("\ufeff", "")).lower()


_ALIASES = {_header_key(alias): field for field, names in HEADERS.items() for alias in names}


def header_field(cell: str) -> str | None:
    """The field a header cell names, or None for a column we do not import."""
    return _ALIASES.get(_header_key(cell))


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


def parse_wage(text: str) -> Wage:
    """The wage a cell states, in the unit it is written in (see bot/importing/wages.py)."""
    try:
        return wages.parse_wage(text)
    except wages.WageError as error:
        raise BadValue("import.bad_wage") from error


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
