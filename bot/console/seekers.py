"""Applicants and seekers: search by name, phone, trade and place; one seeker's whole story."""

from __future__ import annotations

import re

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
from bot.outgoing import preview
from storage.models import Application, InboundMessage, OutboxMessage, Seeker, Vacancy
from storage.seekers import application_counts

HISTORY = 50  # messages each way on a seeker's page
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{2,}$")


def _who(words: str):
    """Name, or phone digits when the words look like (part of) a number."""
    if _PHONE.match(words):
        digits = re.sub(r"[^0-9]", "", words)
        return Seeker.phone.contains(digits, autoescape=True)
    return Seeker.name.icontains(words, autoescape=True)


def _conditions(request: Request, desk: Desk) -> tuple[list, dict]:
    params = request.query_params
    chosen = {name: text_param(params, name) for name in ("q", "trade", "place")}
    conditions = [desk.scope.seekers()]
    if chosen["q"]:
        conditions.append(_who(chosen["q"]))
    chosen["trades"] = []
    if chosen["trade"]:
        condition, chosen["trades"] = trade_condition(
            Seeker.occupations, Seeker.skills_text, chosen["trade"]
        )
        conditions.append(condition)
    if chosen["place"]:
        conditions.append(place_condition(Seeker.region_code, chosen["place"]))
    return conditions, chosen


@page
async def seekers(request: Request, desk: Desk, session) -> Response:
    conditions, chosen = _conditions(request, desk)
    base = select(Seeker).where(*conditions)
    total = await session.scalar(select(func.count()).select_from(base.subquery())) or 0
    pages = Pages(page_param(request.query_params), total)
    rows = list(
        await session.scalars(
            base.order_by(Seeker.created_at.desc(), Seeker.id.desc())
            .limit(PAGE_SIZE)
            .offset(pages.offset)
        )
    )
    return show(
        request,
        desk,
        "seekers.html",
        active="seekers",
        rows=rows,
        counts=await application_counts(session, Application.seeker_id, [s.id for s in rows]),
        chosen=chosen,
        pages=pages,
        page_link=lambda n: with_page(request.query_params, n),
    )


async def seeker_in_scope(session, desk: Desk, raw: object) -> Seeker:
    """The seeker if the desk may see them; another office's seeker reads as not existing."""
    found = id_value(raw)
    query = select(Seeker).where(Seeker.id == found, desk.scope.seekers())
    seeker = await session.scalar(query) if found else None
    if seeker is None:
        raise Refused(404, "console.error.not_found")
    return seeker


@page
async def seeker(request: Request, desk: Desk, session) -> Response:
    person = await seeker_in_scope(session, desk, request.path_params["id"])
    applications = list(
        await session.scalars(
            select(Application)
            .where(Application.seeker_id == person.id)
            .options(selectinload(Application.vacancy).selectinload(Vacancy.employer))
            .order_by(Application.created_at.desc(), Application.id.desc())
        )
    )
    inbound = list(
        await session.scalars(
            select(InboundMessage)
            .where(InboundMessage.seeker_id == person.id)
            .order_by(InboundMessage.received_at.desc(), InboundMessage.id.desc())
            .limit(HISTORY)
        )
    )
    outbound = list(
        await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.seeker_id == person.id)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(HISTORY)
        )
    )
    return show(
        request,
        desk,
        "seeker.html",
        active="seekers",
        seeker=person,
        applications=applications,
        inbound=inbound,
        outbound=outbound,
        said={m.id: preview(m, person.locale) for m in outbound},
        notified=request.query_params.get("told"),
    )
