"""Telling a worker that staff changed their application: one function, one outbox row.

The row names the catalog line, so it is rendered in the worker's language when it is sent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.handlers.present import short_employer
from storage.models import Application, Seeker, Vacancy
from storage.outbox import Outgoing, enqueue

NOTICE_STATUSES = ("contacted", "hired", "rejected")


def address_of(seeker: Seeker) -> tuple[str, str] | None:
    """(channel, address) to reach the seeker on: the channel they use, else the other one."""
    telegram = (
        ("telegram", str(seeker.telegram_id))
        if seeker.telegram_id is not None and not seeker.telegram_unreachable
        else None
    )
    sms = ("sms", seeker.phone) if seeker.phone else None
    first, second = (telegram, sms) if seeker.channel == "telegram" else (sms, telegram)
    return first or second


async def tell_worker(
    session: AsyncSession,
    seeker: Seeker,
    application: Application,
    vacancy: Vacancy,
    status: str,
    *,
    event_id: int,
    now: datetime,
) -> bool:
    """Queue the notice of `status` (the caller commits); False when the worker cannot be told."""
    if status not in NOTICE_STATUSES:
        return False
    return await tell_seeker(
        session,
        seeker,
        f"console.notice.{status}",
        dedupe_key=f"application-status:{application.id}:{event_id}",
        now=now,
        employer=short_employer(vacancy.employer.name),
        title=vacancy.title,
    )


async def tell_seeker(
    session: AsyncSession,
    seeker: Seeker,
    key: str,
    *,
    dedupe_key: str,
    now: datetime,
    **params: object,
) -> bool:
    """Queue the catalog line `key` for the seeker as a notice (the caller commits), rendered in
    their language when sent: application changes, a place freed on a waiting list. False when
    the worker cannot be told."""
    reachable = address_of(seeker)
    if seeker.opted_out or reachable is None:
        return False
    channel, address = reachable
    await enqueue(
        session,
        Outgoing(
            channel,
            address,
            template=key,
            params=params,
            seeker_id=seeker.id,
            purpose="notice",
            dedupe_key=dedupe_key,
        ),
        now=now,
    )
    return True
