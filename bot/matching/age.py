"""A worker's age, as they say it (52岁, 五十多, 我是70年的, 70后, I am 52), kept as a birth year.

Age is the first wall older workers meet (many sites refuse men over 60, women over 50), so lists
leave out vacancies whose age range excludes the worker rather than send them on a wasted trip.

Spoken ages are rounded as people mean them: 五十多 (fifty-odd) is 53, 五十来岁 50, 五十出头 51,
快六十 59; 70后 (born in the seventies) is born in 1975; 70年的 in 1970.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

MIN_AGE, MAX_AGE = 16, 80
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)} | {"两": 2}
_TENS = "[二三四五六七八]"
_ONES = "[一二三四五六七八九]"
# A number of years that is not an age: 52岁以下的岗位, 18-45岁, 五十多人, 十多年.
# (45岁以上的有吗 may ask for someone else: only a plain statement is kept.)
_NOT_AN_AGE = re.compile(r"^\s*(?:以下|以上|以内|之内|之间|人|个|名|元|块|天|年|号|万|[-~～—至到])")
_RANGE_BEFORE = re.compile(r"[-~～—至到]\s*$")

_SPOKEN = re.compile(
    rf"(?P<stated>今年|年龄|年纪)?\s*(?P<near>快|将近|近|奔)?(?P<tens>{_TENS})十(?P<ones>{_ONES})?"
    r"(?P<more>多|来|出头)?(?P<suffix>岁|周岁|了)?"
)
_FIGURES = re.compile(r"(?<!\d)(?P<n>[1-9]\d)\s*(?P<suffix>周岁|岁|多岁)")
_STATED = re.compile(r"(?:今年|年龄|年纪|岁数)\s*[:：是有]?\s*(?P<n>[1-9]\d)(?!\d)")
_BORN = re.compile(
    r"(?:我是|是)?(?P<year>(?:19)?[4-9]\d)\s*年(?:的|出生|生的?|生人)|(?P<decade>[4-9]0)后"
)
_ENGLISH = re.compile(
    r"\bi(?:'m| am)\s+(?P<n>[1-9]\d)\b(?!\s*(?:yuan|rmb|kg|km|cm|%))|"
    r"\b(?P<m>[1-9]\d)\s*(?:years?|yrs?)[\s-]*old\b|\bage[:\s]+(?P<k>[1-9]\d)\b",
    re.IGNORECASE,
)


def _spoken(match: re.Match[str]) -> int:
    age = _DIGITS[match["tens"]] * 10 + (_DIGITS[match["ones"]] if match["ones"] else 0)
    if match["near"]:
        return age - 1
    return age + {"多": 3, "出头": 1}.get(match["more"] or "", 0)


def _plausible(age: int) -> int | None:
    return age if MIN_AGE <= age <= MAX_AGE else None


def _clean(text: str, match: re.Match[str]) -> bool:
    """Not a range (18-45岁) and not a count of something else (五十多人, 45岁以下)."""
    return not _NOT_AN_AGE.match(text[match.end() :]) and not _RANGE_BEFORE.search(
        text[: match.start()]
    )


def read_birth_year(text: str, today: date) -> int | None:
    """The birth year a message states (52岁 said in 2026 -> 1974), or None."""
    text = unicodedata.normalize("NFKC", text)
    if m := _BORN.search(text):
        if m["decade"]:
            return 1900 + int(m["decade"]) + 5
        year = int(m["year"])
        year = year if year > 1900 else 1900 + year
        return year if _plausible(today.year - year) else None
    for pattern in (_FIGURES, _STATED, _ENGLISH):
        for m in pattern.finditer(text):
            n = next(int(v) for v in (m.groupdict().get(k) for k in ("n", "m", "k")) if v)
            if _clean(text, m) and (age := _plausible(n)):
                return today.year - age
    for m in _SPOKEN.finditer(text):
        # 五十 alone is a number (五十块): an age needs 岁/了, 多/来/出头, 快/将近 or 今年 with it.
        said = m["suffix"] or m["more"] or m["near"] or m["stated"]
        if said and _clean(text, m) and (age := _plausible(_spoken(m))):
            return today.year - age
    return None


def age_in(birth_year: int | None, today: date) -> int | None:
    """The age a birth year makes today (by year: a worker says 52 whatever the month)."""
    return None if birth_year is None else today.year - birth_year


def fits(age: int | None, low: int | None, high: int | None) -> bool:
    """Whether a worker of `age` is inside a vacancy's age range (an unknown age always is)."""
    if age is None:
        return True
    return (low is None or age >= low) and (high is None or age <= high)
