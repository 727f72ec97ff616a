"""How vacancies and places are shown to a worker: short, because SMS is paid by the segment."""

from __future__ import annotations

from functools import cache

from bot.handlers.context import line
from bot.matching.countries import Country, countries
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


def place_name(vacancy: Vacancy, full: bool = False) -> Elastic:
    """Where the job is: 深圳宝安 in a list, 广东省深圳市宝安区 in full, a country abroad."""
    if vacancy.country:
        country = _countries().get(vacancy.country)
        name = country.name_zh if country else vacancy.country
    elif (region := regions().get(vacancy.region_code or "")) is None:
        name = vacancy.location_text
    else:
        name = region.full_name if full else short_place(region)
    return Elastic(name, PLACE_RANK)


def wage(vacancy: Vacancy) -> Line:
    if vacancy.wage_min is None:
        return line("wage.negotiable")
    if vacancy.wage_max and vacancy.wage_max != vacancy.wage_min:
        return line("wage.range", low=vacancy.wage_min, high=vacancy.wage_max)
    return line("wage.fixed", amount=vacancy.wage_min)
