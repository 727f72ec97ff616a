"""Staff exports of seekers, vacancies and applications as CSV (with BOM, for Excel) or JSON.

Rows are streamed from the database in batches and written as they come, so exporting a million
seekers needs no more memory than exporting ten.
"""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.matching.regions import regions
from storage.models import Application, Employer, Meeting, Seeker, Vacancy

Row = dict[str, Any]


def region_name(code: str | None) -> str | None:
    region = regions().get(code) if code else None
    return region.full_name if region else None


@dataclass(frozen=True)
class Export:
    columns: tuple[str, ...]
    query: Select
    row: Callable[..., Row]


def _seeker(s: Seeker) -> Row:
    return {
        "id": s.id, "name": s.name, "phone": s.phone, "telegram_id": s.telegram_id,
        "region_code": s.region_code, "region_name": region_name(s.region_code),
        "skills": s.skills_text, "occupations": s.occupations, "scope": s.scope, "group": s.group,
        "locale": s.locale, "opted_out": s.opted_out, "channel": s.channel, "created_at": s.created_at,
    }  # fmt: skip


def _vacancy(v: Vacancy, meeting: str, employer: str) -> Row:
    return {
        "id": v.id, "meeting": meeting, "employer": employer, "title": v.title,
        "occupations": v.occupations, "location": v.location_text, "region_code": v.region_code,
        "region_name": region_name(v.region_code), "country": v.country, "headcount": v.headcount,
        "filled": v.filled, "wage_min": v.wage_min, "wage_max": v.wage_max, "age_min": v.age_min,
        "age_max": v.age_max, "deadline": v.deadline, "departure": v.departure_on,
        "benefits": v.benefits, "contact": v.contact, "status": v.status, "ref": v.ref,
        "created_at": v.created_at,
    }  # fmt: skip


def _application(a: Application, s: Seeker, v: Vacancy, employer: str) -> Row:
    return {
        "id": a.id, "seeker_id": s.id, "seeker_name": s.name, "seeker_phone": s.phone,
        "vacancy_id": v.id, "employer": employer, "title": v.title, "status": a.status,
        "created_at": a.created_at, "updated_at": a.updated_at,
    }  # fmt: skip


def _columns(row: Callable[..., Row], *sample: Any) -> tuple[str, ...]:
    # The header comes from the row builder itself, so the two can never disagree.
    return tuple(row(*sample))


EXPORTS: dict[str, Export] = {
    "seekers": Export(_columns(_seeker, Seeker()), select(Seeker).order_by(Seeker.id), _seeker),
    "vacancies": Export(
        _columns(_vacancy, Vacancy(), "", ""),
        select(Vacancy, Meeting.name, Employer.name)
        .join(Meeting)
        .join(Employer)
        .order_by(Vacancy.id),
        _vacancy,
    ),
    "applications": Export(
        _columns(_application, Application(), Seeker(), Vacancy(), ""),
        select(Application, Seeker, Vacancy, Employer.name)
        .join(Seeker, Application.seeker_id == Seeker.id)
        .join(Vacancy, Application.vacancy_id == Vacancy.id)
        .join(Employer, Vacancy.employer_id == Employer.id)
        .order_by(Application.id),
        _application,
    ),
}
KINDS = tuple(EXPORTS)


async def rows(session: AsyncSession, kind: str) -> AsyncIterator[Row]:
    """One export's rows, read from the database 1,000 at a time."""
    export = EXPORTS[kind]
    result = await session.stream(export.query.execution_options(yield_per=1000))
    async for record in result.tuples():
        yield export.row(*record)


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# A cell Excel would run as a formula ("=HYPERLINK(...)" typed by anyone who texts the bot).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A CSV cell that Excel shows as text: a leading apostrophe defuses formula characters."""
    if value is None:
        return ""
    value = _plain(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class CsvWriter:
    """CSV starting with a BOM so that Excel shows Chinese correctly."""

    def __init__(self, out: TextIO, columns: tuple[str, ...]) -> None:
        out.write("\ufeff")
        self._writer = csv.writer(out, lineterminator="\r\n")
        self._writer.writerow(columns)

    def write(self, row: Row) -> None:
        self._writer.writerow([_cell(v) for v in row.values()])

    def close(self) -> None:
        pass


class JsonWriter:
    """A JSON array written one object at a time."""

    def __init__(self, out: TextIO, columns: tuple[str, ...]) -> None:
        self._out, self._first = out, True
        out.write("[")

    def write(self, row: Row) -> None:
        self._out.write("\n " if self._first else ",\n ")
        self._out.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False))
        self._first = False

    def close(self) -> None:
        self._out.write("]\n" if self._first else "\n]\n")


WRITERS = {"csv": CsvWriter, "json": JsonWriter}


async def export(session: AsyncSession, kind: str, fmt: str, out: TextIO) -> int:
    """Write one export to `out`; returns the number of rows."""
    writer = WRITERS[fmt](out, EXPORTS[kind].columns)
    count = 0
    async for row in rows(session, kind):
        writer.write(row)
        count += 1
    writer.close()
    return count
