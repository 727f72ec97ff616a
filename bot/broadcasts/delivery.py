"""A broadcast's messages in the outbox: queued one per recipient, counted by outcome.

The one module that knows how the outbox stores a broadcast's messages. Each message is keyed
`broadcast:{id}:{seeker}`, so queuing it again is harmless.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.alert import alert_reply, load_vacancies
from bot.broadcasts.targets import Recipient, Targets
from bot.channels.sms.render import render_sms
from bot.render import plain_text
from storage.models import OutboxMessage
from storage.outbox import Outgoing, enqueue_many

KIND = "alert"


def dedupe_key(broadcast_id: int, seeker_id: int) -> str:
    return f"broadcast:{broadcast_id}:{seeker_id}"


async def enqueue(session: AsyncSession, broadcast_id: int, targets: Targets, now: datetime) -> int:
    """One outbox message per recipient (the caller commits); returns how many were queued."""
    ids = sorted({v for r in targets.recipients for v in r.vacancy_ids})
    vacancies = {v.id: v for v in await load_vacancies(session, ids)}
    texts: dict[tuple[tuple[int, ...], str, str], str] = {}

    def text(recipient: Recipient) -> str:
        key = (recipient.vacancy_ids, recipient.locale, recipient.channel)
        if key not in texts:
            shown = [vacancies[v] for v in recipient.vacancy_ids if v in vacancies]
            reply = alert_reply(shown, recipient.locale)
            texts[key] = render_sms(reply) if recipient.channel == "sms" else plain_text(reply)
        return texts[key]

    messages = (
        Outgoing(
            channel=r.channel,
            address=r.address,
            text=text(r),
            seeker_id=r.seeker_id,
            kind=KIND,
            dedupe_key=dedupe_key(broadcast_id, r.seeker_id),
        )
        for r in targets.recipients
    )
    return await enqueue_many(session, messages, now=now)


async def progress(session: AsyncSession, broadcast_id: int) -> Counter[str]:
    """The broadcast's messages counted by outbox status."""
    prefix = f"broadcast:{broadcast_id}:"
    query = (
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.dedupe_key.startswith(prefix, autoescape=True))
        .group_by(OutboxMessage.status)
    )
    return Counter(dict((await session.execute(query)).tuples().all()))
