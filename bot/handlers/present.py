"""How vacancies and places are shown to a worker: short, because SMS is paid by the segment."""

from __future__ import annotations

import re
from functools import cache

from bot.handlers.context import line
from bot.matching.countries import Country, countries
from bot.matching.english_places import english_name
from bot.matching.regions import Region, regions, short_forms
from bot.replies import Elastic, Line
from storage.models import Vacancy

# Elastic ranks: an SMS short of room shortens the employer first, then the title, the place last.
EMPLOYER_RANK, TITLE_RANK, PLACE_RANK = 0, 1, 2

# Company-form suffixes cost SMS characters and tell a worker nothing.
_EMPLOYER_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "（示例）", "(示例)")


def short_employer(name: str) -> str:
    """The name without its company form: 宝安精密电子 for 宝安精密电子有限公司."""
    for suffix in _EMPLOYER_SUFFIXES:
        name = name.removesuffix(suffix)
    return name


def employer_name(vacancy: Vacancy) -> Elastic:
    """The employer as a worker reads it, the first thing an SMS short of room shortens."""
    return Elastic(short_employer(vacancy.employer.name), EMPLOYER_RANK)


def _shared_head(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def employer_names(vacancies: list[Vacancy]) -> list[Elastic]:
    """Employers on one page, each without the head it shares with another (鄂尔多斯旭曜矿业 and
    鄂尔多斯晟溪能源 become 旭曜矿业 and 晟溪能源): an SMS short of room cuts names from the end,
    and a cut shared head would make two lines read the same."""
    names = [short_employer(v.employer.name) for v in vacancies]
    out = []
    for i, name in enumerate(names):
        shared = max(
            (
                _shared_head(name, other)
                for j, other in enumerate(names)
                if j != i and other != name
            ),
            default=0,
        )
        keep = name[shared:] if shared >= 2 and len(name) - shared >= 2 else name
        out.append(Elastic(keep, EMPLOYER_RANK))
    return out


def title(vacancy: Vacancy) -> Elastic:
    """The job title, shortened on SMS only once employers are as short as they go."""
    return Elastic(vacancy.title, TITLE_RANK)


@cache
def _countries() -> dict[str, Country]:
    return {country.code: country for country in countries()}


def _short(region: Region) -> str:
    forms = short_forms(region.name, region.level)
    return forms[0] if forms else region.name


def short_place(region: Region) -> str:
    """深圳宝安 for 广东省深圳市宝安区: the city and county without their suffixes."""
    if region.level != "county":
        return _short(region)
    parent = regions().get(region.city_code or region.province_code)
    # 白银市白银区 would read 白银白银: the district's own name says enough.
    if parent is None or _short(parent) == _short(region):
        return region.name
    return _short(parent) + _short(region)


def place_name(vacancy: Vacancy, full: bool = False, locale: str = "zh_CN") -> Elastic:
    """Where the job is: 深圳宝安 in a list, 广东省深圳市宝安区 in full, a country abroad; in English
    the pinyin names (Bao'an, Shenzhen), which keep an English SMS in GSM-7."""
    if vacancy.country:
        country = _countries().get(vacancy.country)
        if country is None:
            name = vacancy.country
        else:
            name = country.name_en if locale == "en" else country.name_zh
    elif (region := regions().get(vacancy.region_code or "")) is None:
        name = vacancy.location_text
    elif locale == "en":
        name = english_name(region)
    else:
        name = region.full_name if full else short_place(region)
    return Elastic(name, PLACE_RANK)


def region_name(code: str | None, locale: str) -> str:
    """A seeker's home or destination by its code: the full Chinese name, or the English one."""
    if not code:
        return "-"
    if (region := regions().get(code)) is not None:
        return english_name(region) if locale == "en" else region.full_name
    country = _countries().get(code)
    if country is None:
        return code
    return country.name_en if locale == "en" else country.name_zh


# A wage written as bare figures ("4500-6500", "10k-14.5k") is a month's pay in yuan; say so.
_BARE_FIGURES = re.compile(r"^[\d.\s~～\-—kKwW千万]+$")


def wage(vacancy: Vacancy, locale: str) -> Line:
    """The pay as the sheet wrote it (300元/天, 计件), or, in English, as figures with their unit."""
    written = (vacancy.wage_text or "").strip()
    if written and locale != "en":
        if _BARE_FIGURES.match(written) and vacancy.wage_unit in (None, "month"):
            written += "元"
        return line("wage.written", text=written)
    unit = vacancy.wage_unit or "month"
    if unit == "piece":
        return line("wage.piece")
    if vacancy.wage_min is None:
        return line("wage.negotiable")
    if vacancy.wage_max and vacancy.wage_max != vacancy.wage_min:
        return line(f"wage.range.{unit}", low=vacancy.wage_min, high=vacancy.wage_max)
    return line(f"wage.fixed.{unit}", amount=vacancy.wage_min)
