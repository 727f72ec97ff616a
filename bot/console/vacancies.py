"""Vacancies: search and filter in the desk's scope, and one vacancy with its applicants."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from starlette.requests import Request
from starlette.responses import Response

from bot.console.auth import Desk
from bot.console.filters import (
    PAGE_SIZE,
    Pages,
    id_value,
    page_param,
    place_condition,
    text_param,
    trade_condition,
    with_page,
)
from bot.console.web import Refused, page, show
from bot.staff.commands import vacancy_word_condition
from storage.models import Application, Employer, Meeting, Seeker, Vacancy, VacancyReport
from storage.seekers import application_counts
from storage.staff import Scope
from storage.vacancies import HELD

# "held": vacancies the import checks hold until approved (bot/importing/checks.py).
STATUSES = ("open", "held", "closed", "all")
MEETINGS_LISTED = 300


async def meetings_in_scope(session, scope: Scope) -> list[Meeting]:
    """Meetings whose vacancies the desk sees, newest first."""
    query = select(Meeting).order_by(Meeting.held_on.desc().nulls_last(), Meeting.id.desc())
    if not scope.everything:
        query = query.where(Meeting.host_agency_id.in_(scope.agency_ids or ()))
    return list(await session.scalars(query.limit(MEETINGS_LISTED)))


def _conditions(request: Request, scope: Scope) -> tuple[list, dict]:
    params = request.query_params
    chosen = {name: text_param(params, name) for name in ("q", "meeting", "trade", "place")}
    chosen["status"] = params.get("status") if params.get("status") in STATUSES else "open"
    conditions = [scope.vacancies()]
    if chosen["status"] == "open":
        conditions.append(Vacancy.status == "open")
    elif chosen["status"] == "held":
        conditions.append(Vacancy.review == HELD)
    elif chosen["status"] == "closed":
        conditions.append(Vacancy.status.in_(("closed", "filled")))
    if (meeting := id_value(chosen["meeting"])) is not None:
        conditions.append(Vacancy.meeting_id == meeting)
    conditions += [vacancy_word_condition(word) for word in chosen["q"].split()]
    chosen["trades"] = []
    if chosen["trade"]:
        condition, chosen["trades"] = trade_condition(
            Vacancy.occupations, Vacancy.title, chosen["trade"]
        )
        conditions.append(condition)
    if chosen["place"]:
        conditions.append(
            place_condition(Vacancy.region_code, chosen["place"], Vacancy.country)
            | Vacancy.location_text.icontains(chosen["place"], autoescape=True)
        )
    return conditions, chosen


@page
async def vacancies(request: Request, desk: Desk, session) -> Response:
    conditions, chosen = _conditions(request, desk.scope)
    base = select(Vacancy).join(Employer, Vacancy.employer_id == Employer.id).where(*conditions)
    total = await session.scalar(select(func.count()).select_from(base.subquery())) or 0
    pages = Pages(page_param(request.query_params), total)
    rows = list(
        await session.scalars(
            base.options(selectinload(Vacancy.employer), selectinload(Vacancy.meeting))
            .order_by(Vacancy.created_at.desc(), Vacancy.id.desc())
            .limit(PAGE_SIZE)
            .offset(pages.offset)
        )
    )
    return show(
        request,
        desk,
        "vacancies.html",
        active="vacancies",
        rows=rows,
        counts=await application_counts(session, Application.vacancy_id, [v.id for v in rows]),
        chosen=chosen,
        meetings=await meetings_in_scope(session, desk.scope),
        pages=pages,
        page_link=lambda n: with_page(request.query_params, n),
    )


@page
async def vacancy(request: Request, desk: Desk, session) -> Response:
    found = id_value(request.path_params["id"])
    query = (
        select(Vacancy)
        .where(Vacancy.id == found, desk.scope.vacancies())
        .options(selectinload(Vacancy.employer), selectinload(Vacancy.meeting))
    )
    row = await session.scalar(query) if found else None
    if row is None:
        raise Refused(404, "console.error.not_found")
    applications = list(
        await session.scalars(
            select(Application)
            .where(Application.vacancy_id == row.id)
            .options(selectinload(Application.seeker))
            .order_by(Application.created_at, Application.id)
        )
    )
    reports = list(
        await session.scalars(
            select(VacancyReport)
            .where(VacancyReport.vacancy_id == row.id)
            .order_by(VacancyReport.at, VacancyReport.id)
        )
    )
    return show(
        request,
        desk,
        "vacancy.html",
        active="vacancies",
        vacancy=row,
        reports=reports,
        applications=applications,
        visible=await seekers_in_scope(session, desk.scope, [a.seeker_id for a in applications]),
    )


async def seekers_in_scope(session, scope: Scope, ids: list[int]) -> frozenset[int]:
    """Which of these seekers the desk may open; the others show as on Telegram, phone masked."""
    if not ids:
        return frozenset()
    query = select(Seeker.id).where(Seeker.id.in_(ids), scope.seekers())
    return frozenset(await session.scalars(query))
