"""Turn one spreadsheet row into a vacancy, or into the list of reasons it cannot be one."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache

from bot.importing.fields import (
    REQUIRED,
    BadValue,
    cell_text,
    header_field,
    parse_age,
    parse_date,
    parse_headcount,
    parse_wage,
)
from bot.importing.reader import Cell
from bot.importing.wages import NEGOTIABLE
from bot.matching.countries import resolve_country
from bot.matching.places import exact_place, resolve_place
from bot.matching.trades import normalise_skills

# Column widths in storage; longer text is a row error, never a database error. The ref becomes
# the source key "ref:" + ref in a 100-character column.
WIDTHS = {
    "employer": 200,
    "title": 200,
    "location": 200,
    "contact": 200,
    "ref": 96,
    "wage": 100,
    "pay_schedule": 50,
    "hours": 100,
    "contractor": 200,
}
# Fields added after the first imports: left out of the digest while empty, so that rows imported
# before them keep their digest and a re-import still changes nothing.
LATER_FIELDS = ("pay_schedule", "board", "hours", "contractor")
FUZZY_PLACE_SCORE = 90.0
SHOWN_CHARS = 60  # how much of a refused value an error line repeats


@dataclass(frozen=True)
class Problem:
    """One reason a row was refused: a catalog key and its parameters."""

    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class VacancyRow:
    row: int
    employer: str
    title: str
    location_text: str
    region_code: str | None
    country: str | None
    headcount: int
    occupations: str
    wage_min: int | None = None
    wage_max: int | None = None
    wage_text: str | None = None
    wage_unit: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    deadline: date | None = None
    departure_on: date | None = None
    skills_text: str | None = None
    benefits: str | None = None
    contact: str | None = None
    ref: str | None = None
    pay_schedule: str | None = None
    board: str | None = None
    hours: str | None = None
    contractor: str | None = None

    def content_hash(self) -> str:
        """A digest of everything imported, so re-importing an unchanged row writes nothing."""
        values = asdict(self)
        values.pop("row")
        for name in LATER_FIELDS:
            if values[name] is None:
                values.pop(name)
        return hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()

    def source_key(self) -> str:
        """The re-import key: the file's own ref, else what identifies a posting."""
        if self.ref:
            return f"ref:{self.ref}"
        ident = f"{self.employer}\x1f{self.title}\x1f{self.location_text}"
        return "row:" + hashlib.sha256(ident.encode()).hexdigest()[:40]


def column_map(header: Sequence[str]) -> dict[str, int]:
    """Field name -> column index; the first column naming a field wins."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = header_field(cell)
        if name and name not in columns:
            columns[name] = index
    return columns


def missing_columns(columns: dict[str, int]) -> list[str]:
    return [name for name in REQUIRED if name not in columns]


@lru_cache(maxsize=65536)
def locate(text: str) -> tuple[str | None, str | None, Problem | None]:
    """(region code, country code, problem) for a work place as written in the file."""
    regions = exact_place(text)
    if len(regions) == 1:
        return regions[0].code, None, None
    country = None if regions else resolve_country(text)
    if country:
        return None, country.code, None
    candidates = resolve_place(text)
    clear_winner = candidates and (
        len(candidates) == 1 or candidates[0].score > candidates[1].score
    )
    if clear_winner and (regions or candidates[0].score >= FUZZY_PLACE_SCORE):
        return candidates[0].region.code, None, None
    tied = [c for c in candidates if candidates and c.score == candidates[0].score]
    if len(tied) > 1 or len(regions) > 1:
        names = [r.full_name for r in regions] or [c.region.full_name for c in tied]
        return (
            None,
            None,
            Problem("import.ambiguous_place", {"value": text, "choices": "、".join(names[:5])}),
        )
    return None, None, Problem("import.unknown_place", {"value": text})


@lru_cache(maxsize=65536)
def occupations_for(title: str, skills: str) -> str:
    codes = dict.fromkeys(normalise_skills(title) + normalise_skills(skills))
    return " ".join(list(codes)[:6])


def _text(cells: Sequence[Cell], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    return cell_text(cells[index]).strip()


def _raw(cells: Sequence[Cell], columns: dict[str, int], name: str) -> Cell:
    index = columns.get(name)
    return cells[index] if index is not None and index < len(cells) else None


def shown(value: object) -> str:
    """A refused value as an error line repeats it: as written, cut short when long."""
    text = cell_text(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _parse(problems: list[Problem], parser: Callable, value: object, **params: object):
    try:
        return parser(value)
    except BadValue as error:
        problems.append(Problem(str(error), {"value": shown(value), **params}))
        return None


def parse_row(
    number: int, cells: Sequence[Cell], columns: dict[str, int]
) -> VacancyRow | list[Problem]:
    """A VacancyRow, or every problem with the row (not just the first)."""
    problems: list[Problem] = []
    text = {name: _text(cells, columns, name) for name in columns}
    for name in REQUIRED:
        if not text.get(name):
            problems.append(Problem("import.missing_field", {"field": f"field.{name}"}))
    for name, width in WIDTHS.items():
        if len(text.get(name, "")) > width:
            problems.append(Problem("import.too_long", {"field": f"field.{name}", "limit": width}))
    headcount = None
    if text.get("headcount"):
        headcount = _parse(problems, parse_headcount, _raw(cells, columns, "headcount"))
    region = country = None
    # A location past its column width is already refused; resolving an essay would only cost.
    if text.get("location") and len(text["location"]) <= WIDTHS["location"]:
        region, country, problem = locate(text["location"])
        if problem:
            problems.append(problem)
    wage = _parse(problems, parse_wage, text.get("wage", "")) or NEGOTIABLE
    age = _parse(problems, parse_age, text.get("age", "")) or (None, None)
    dates = {}
    for name in ("deadline", "departure"):
        raw = _raw(cells, columns, name)
        dates[name] = (
            None if raw in (None, "") else _parse(problems, parse_date, raw, field=f"field.{name}")
        )
    if problems:
        return problems
    return VacancyRow(
        row=number,
        employer=text["employer"],
        title=text["title"],
        location_text=text["location"],
        region_code=region,
        country=country,
        headcount=headcount,
        occupations=occupations_for(text["title"], text.get("skills", "")),
        wage_min=wage.low,
        wage_max=wage.high,
        wage_text=text.get("wage") or None,
        wage_unit=wage.unit,
        age_min=age[0],
        age_max=age[1],
        deadline=dates["deadline"],
        departure_on=dates["departure"],
        skills_text=text.get("skills") or None,
        benefits=text.get("benefits") or None,
        contact=text.get("contact") or None,
        ref=text.get("ref") or None,
        **{name: text.get(name) or None for name in LATER_FIELDS},
    )
