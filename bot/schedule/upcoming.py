"""The training a worker is shown when they ask (培训 / training): upcoming, not cancelled, for
one of their trades (or for every trade), in their home province, their own city first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SEATED_STATES, Enrolment, Seeker, TrainingSession
from storage.staff import code_within

SHOWN = 3  # a list a worker can answer by number, within two SMS segments


@dataclass(frozen=True)
class Offer:
    training: TrainingSession
    places_left: int | None  # None: no limit
    mine: str | None  # the worker's own enrolment state on it, if any


async def trainings_for(
    session: AsyncSession, seeker: Seeker, now: datetime, limit: int = SHOWN
) -> list[Offer]:
    if not seeker.region_code:
        return []
    trades = seeker.occupations.split()
    province, city = seeker.region_code[:2], seeker.region_code[:4]
    query = (
        select(TrainingSession)
        .where(
            TrainingSession.cancelled_at.is_(None),
            TrainingSession.starts_at > now,
            or_(TrainingSession.occupation.is_(None), TrainingSession.occupation.in_(trades)),
            code_within(TrainingSession.region_code, province),
        )
        .order_by(
            case((code_within(TrainingSession.region_code, city), 0), else_=1),
            TrainingSession.starts_at,
            TrainingSession.id,
        )
        .limit(limit)
    )
    found = list(await session.scalars(query))
    ids = [training.id for training in found]
    taken = dict(
        (
            await session.execute(
                select(Enrolment.training_session_id, func.count(Enrolment.id))
                .where(
                    Enrolment.training_session_id.in_(ids),
                    Enrolment.state.in_(SEATED_STATES),
                )
                .group_by(Enrolment.training_session_id)
            )
        ).all()
    )
    mine = dict(
        (
            await session.execute(
                select(Enrolment.training_session_id, Enrolment.state).where(
                    Enrolment.training_session_id.in_(ids), Enrolment.seeker_id == seeker.id
                )
            )
        ).all()
    )
    return [
        Offer(
            t,
            None if t.capacity is None else max(t.capacity - taken.get(t.id, 0), 0),
            mine.get(t.id),
        )
        for t in found
    ]
