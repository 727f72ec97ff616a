"""A broadcast's messages in the outbox: queued one per recipient, counted by outcome.

Each row carries the broadcast as its `campaign_id` (bulk cancel, progress) and the lane
`alert`, so reminders and replies go first; its key `broadcast:{id}:{seeker}` makes queuing it
again harmless.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.alert import AlertMessage, alert, load_vacancies
from bot.broadcasts.targets import Recipient, Targets
from storage.models import OutboxMessage
from storage.outbox import Outgoing, enqueue_many

PURPOSE = "alert"


def dedupe_key(broadcast_id: int, seeker_id: int) -> str:
    return f"broadcast:{broadcast_id}:{seeker_id}"


async def enqueue(session: AsyncSession, broadcast_id: int, targets: Targets, now: datetime) -> int:
    """One outbox message per recipient (the caller commits); returns how many were queued."""
    ids = sorted({v for r in targets.recipients for v in r.vacancy_ids})
    vacancies = {v.id: v for v in await load_vacancies(session, ids)}
    said: dict[tuple[tuple[int, ...], str], AlertMessage] = {}

    def message(recipient: Recipient) -> Outgoing:
        key = (recipient.vacancy_ids, recipient.locale)
        if key not in said:
            shown = [vacancies[v] for v in recipient.vacancy_ids if v in vacancies]
            said[key] = alert(shown, recipient.locale)
        what = said[key]
        return Outgoing(
            recipient.channel,
            recipient.address,
            template=what.template,
            params=what.params,
            choices=what.choices,
            footer=what.footer,
            purpose=PURPOSE,
            seeker_id=recipient.seeker_id,
            campaign_id=broadcast_id,
            due_at=now,
            dedupe_key=dedupe_key(broadcast_id, recipient.seeker_id),
        )

    return await enqueue_many(session, map(message, targets.recipients), now=now)


async def progress(session: AsyncSession, broadcast_id: int) -> Counter[tuple[str, str]]:
    """The broadcast's messages counted by (channel, outbox status)."""
    query = (
        select(OutboxMessage.channel, OutboxMessage.status, func.count())
        .where(OutboxMessage.campaign_id == broadcast_id)
        .group_by(OutboxMessage.channel, OutboxMessage.status)
    )
    rows = (await session.execute(query)).tuples().all()
    return Counter({(channel, status): count for channel, status, count in rows})
