"""What broadcast targeting reads and writes: who can be alerted, who may not hear again, alerts.

The rules themselves (who fits a vacancy, the best three per seeker) live in bot/broadcasts; these
are the queries, each one statement or a few chunks, never a row at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import Row, case, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Alert, Application, Broadcast, Seeker, Vacancy

CHUNK = 1000  # ids per IN list and rows per INSERT: well inside SQLite's parameter limit
# pg_advisory_xact_lock key: one broadcast at a time writes alerts, so two broadcasts started
# together cannot both give one seeker their last alert of the day.
_LOCK_KEY = 0x6F6E_6761  # "onga"


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


async def alertable_seekers(session: AsyncSession) -> Sequence[Row]:
    """Registered seekers with trades who have alerts on and have not opted out.

    Each row has what targeting needs: the matching facts, the addresses (address_of reads
    channel, phone, telegram_id and telegram_unreachable) and the locale.
    """
    query = select(
        Seeker.id,
        Seeker.occupations,
        Seeker.region_code,
        Seeker.scope,
        Seeker.destination,
        Seeker.channel,
        # A number that cannot take SMS is no address: address_of then picks Telegram, if any.
        case((Seeker.sms_unreachable.is_(True), None), else_=Seeker.phone).label("phone"),
        Seeker.telegram_id,
        Seeker.telegram_unreachable,
        Seeker.locale,
    ).where(
        Seeker.opted_out.is_(False),
        Seeker.alerts.is_(True),
        Seeker.occupations != "",
        Seeker.region_code.is_not(None),
        Seeker.scope.is_not(None),
    )
    return (await session.execute(query)).all()


async def vacancies(session: AsyncSession, ids: Sequence[int]) -> list[Vacancy]:
    found: list[Vacancy] = []
    for chunk in _chunks(list(ids)):
        found += await session.scalars(select(Vacancy).where(Vacancy.id.in_(chunk)))
    return sorted(found, key=lambda v: v.id)


async def meeting_vacancy_ids(session: AsyncSession, meeting_id: int) -> list[int]:
    """The meeting's open vacancies; whether each still has places is for targeting to judge."""
    query = select(Vacancy.id).where(Vacancy.meeting_id == meeting_id, Vacancy.status == "open")
    return list(await session.scalars(query.order_by(Vacancy.id)))


async def _pairs(session: AsyncSession, model, vacancy_ids: Sequence[int]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for chunk in _chunks(list(vacancy_ids)):
        query = select(model.seeker_id, model.vacancy_id).where(model.vacancy_id.in_(chunk))
        pairs.update((await session.execute(query)).tuples())
    return pairs


async def applied(session: AsyncSession, vacancy_ids: Sequence[int]) -> set[tuple[int, int]]:
    """(seeker, vacancy) pairs where the seeker already applied: they need no alert."""
    return await _pairs(session, Application, vacancy_ids)


async def alerted(session: AsyncSession, vacancy_ids: Sequence[int]) -> set[tuple[int, int]]:
    """(seeker, vacancy) pairs already alerted: nobody hears of one vacancy twice."""
    return await _pairs(session, Alert, vacancy_ids)


async def capped(session: AsyncSession, day: date, cap: int) -> set[int]:
    """Seekers who already got `cap` broadcasts on the local `day`."""
    if cap <= 0:
        return set(await session.scalars(select(Seeker.id)))
    query = (
        select(Alert.seeker_id)
        .where(Alert.local_day == day)
        .group_by(Alert.seeker_id)
        .having(func.count(func.distinct(Alert.broadcast_id)) >= cap)
    )
    return set(await session.scalars(query))


async def take_turn(session: AsyncSession) -> None:
    """Hold the broadcast lock until this transaction ends (PostgreSQL: an advisory lock).

    On SQLite the caller's first write (the broadcast row) takes the one writer lock, so the
    checks that follow it read what the alert rows will be written against.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


async def record_alerts(
    session: AsyncSession,
    broadcast_id: int,
    pairs: Iterable[tuple[int, int]],
    day: date,
    now: datetime,
) -> int:
    """One alert row per (seeker, vacancy) this broadcast offers; returns how many."""
    rows = [
        {
            "broadcast_id": broadcast_id,
            "seeker_id": seeker_id,
            "vacancy_id": vacancy_id,
            "local_day": day,
            "created_at": now,
        }
        for seeker_id, vacancy_id in pairs
    ]
    # The table, not the ORM class: a plain executemany, without the ORM's per-row bookkeeping.
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(Alert.__table__), rows[start : start + CHUNK])
    return len(rows)


async def broadcast(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    return await session.get(Broadcast, broadcast_id)


async def move_alerts(session: AsyncSession, source_id: int, target_id: int) -> None:
    """One worker's two records become one: the target keeps its alerts, gains the others."""
    kept = set(await session.scalars(select(Alert.vacancy_id).where(Alert.seeker_id == target_id)))
    for alert in await session.scalars(select(Alert).where(Alert.seeker_id == source_id)):
        if alert.vacancy_id in kept:
            await session.delete(alert)
        else:
            alert.seeker_id = target_id
    await session.flush()
