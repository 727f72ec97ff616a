"""Staff exports of seekers, vacancies and applications as CSV (with BOM, for Excel) or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.matching.regions import regions
from storage.models import Application, Employer, Meeting, Seeker, Vacancy

KINDS = ("seekers", "vacancies", "applications")


def region_name(code: str | None) -> str | None:
    region = regions().get(code) if code else None
    return region.full_name if region else None


def _seekers() -> tuple[list[str], Select, Callable[..., list]]:
    columns = [
        "id",
        "name",
        "phone",
        "telegram_id",
        "region_code",
        "region_name",
        "skills",
        "occupations",
        "scope",
        "group",
        "locale",
        "opted_out",
        "channel",
        "created_at",
    ]

    def row(s: Seeker) -> list:
        return [
            s.id,
            s.name,
            s.phone,
            s.telegram_id,
            s.region_code,
            region_name(s.region_code),
            s.skills_text,
            s.occupations,
            s.scope,
            s.group,
            s.locale,
            s.opted_out,
            s.channel,
            s.created_at,
        ]

    return columns, select(Seeker).order_by(Seeker.id), row


def _vacancies() -> tuple[list[str], Select, Callable[..., list]]:
    columns = [
        "id",
        "meeting",
        "employer",
        "title",
        "occupations",
        "location",
        "region_code",
        "region_name",
        "country",
        "headcount",
        "filled",
        "wage_min",
        "wage_max",
        "age_min",
        "age_max",
        "deadline",
        "departure",
        "benefits",
        "contact",
        "status",
        "ref",
        "created_at",
    ]
    query = (
        select(Vacancy, Meeting.name, Employer.name)
        .join(Meeting)
        .join(Employer)
        .order_by(Vacancy.id)
    )

    def row(v: Vacancy, meeting: str, employer: str) -> list:
        return [
            v.id,
            meeting,
            employer,
            v.title,
            v.occupations,
            v.location_text,
            v.region_code,
            region_name(v.region_code),
            v.country,
            v.headcount,
            v.filled,
            v.wage_min,
            v.wage_max,
            v.age_min,
            v.age_max,
            v.deadline,
            v.departure_on,
            v.benefits,
            v.contact,
            v.status,
            v.ref,
            v.created_at,
        ]

    return columns, query, row


def _applications() -> tuple[list[str], Select, Callable[..., list]]:
    columns = [
        "id",
        "seeker_id",
        "seeker_name",
        "seeker_phone",
        "vacancy_id",
        "employer",
        "title",
        "status",
        "created_at",
        "updated_at",
    ]
    employer = aliased(Employer)
    query = (
        select(Application, Seeker, Vacancy, employer.name)
        .join(Seeker, Application.seeker_id == Seeker.id)
        .join(Vacancy, Application.vacancy_id == Vacancy.id)
        .join(employer, Vacancy.employer_id == employer.id)
        .order_by(Application.id)
    )

    def row(a: Application, s: Seeker, v: Vacancy, employer_name: str) -> list:
        return [
            a.id,
            s.id,
            s.name,
            s.phone,
            v.id,
            employer_name,
            v.title,
            a.status,
            a.created_at,
            a.updated_at,
        ]

    return columns, query, row


QUERIES = {"seekers": _seekers, "vacancies": _vacancies, "applications": _applications}


async def records(session: AsyncSession, kind: str) -> tuple[list[str], Iterator[list]]:
    """Column names and rows for one export kind, read in batches of 1,000."""
    columns, query, row = QUERIES[kind]()
    result = await session.stream(query.execution_options(yield_per=1000))
    rows = [row(*r) async for r in result.tuples()]
    return columns, iter(rows)


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def to_csv(columns: list[str], rows: Iterable[list]) -> str:
    """CSV text starting with a BOM so that Excel shows Chinese correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])
    return buffer.getvalue()


def to_json(columns: list[str], rows: Iterable[list]) -> str:
    return json.dumps(
        [dict(zip(columns, map(_plain, row), strict=True)) for row in rows],
        ensure_ascii=False,
        indent=1,
    )
