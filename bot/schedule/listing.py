"""Events staff see: those of their offices (an admin sees all; one scheduled on the CLI without
an agency is seen by admins only, as a meeting imported without a host is)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.schedule.kinds import MODELS, Event
from storage.models import SEATED_STATES, Enrolment
from storage.staff import Scope

LISTED = 20


def visible(kind: str, scope: Scope | None) -> ColumnElement[bool]:
    """The events of `kind` that `scope` may see (None: the CLI, which sees everything)."""
    model = MODELS[kind]
    if scope is None or scope.agency_ids is None:
        return true()
    return model.agency_id.in_(scope.agency_ids)


async def upcoming(
    session: AsyncSession, kind: str, now: datetime, scope: Scope | None = None
) -> list[tuple[Event, int]]:
    """Events of `kind` not yet begun and not cancelled, soonest first, with places taken."""
    model = MODELS[kind]
    start = model.starts_at if kind == "training" else model.departs_at
    column = Enrolment.training_session_id if kind == "training" else Enrolment.departure_id
    taken = (
        select(func.count(Enrolment.id))
        .where(column == model.id, Enrolment.state.in_(SEATED_STATES))
        .scalar_subquery()
    )
    query = (
        select(model, taken)
        .where(model.cancelled_at.is_(None), start > now, visible(kind, scope))
        .order_by(start, model.id)
        .limit(LISTED)
    )
    return [(event, count) for event, count in (await session.execute(query)).all()]
