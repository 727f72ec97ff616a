"""What happened to a claimed outbox row, recorded only by the sender still holding it.

Every function here is fenced on (id, claims) and status `sending`: a sender whose lease ran out
and whose row another sender took records nothing (it gets False). The caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import case, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage, Seeker
from storage.outbox import Claim, as_utc
from storage.seekers import opted_out_values

MAX_ATTEMPTS = 6
# Wait before attempt n+1 after attempt n failed; the last step repeats.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th attempt failed."""
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


async def _settle(session: AsyncSession, held: Claim, **values: object) -> bool:
    """Record an outcome if this claim still holds the row; False when it does not."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == held.id,
            OutboxMessage.status == "sending",
            OutboxMessage.claims == held.claims,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def mark_started(session: AsyncSession, held: Claim, text: str, now: datetime) -> bool:
    """The send begins (commit before talking to the provider): from here on, a crash leaves the
    row in doubt. `text` is what is about to be sent; an SMS in doubt is looked up by it."""
    return held.id in await mark_started_many(session, [(held, text)], now)


async def mark_started_many(
    session: AsyncSession, sends: Sequence[tuple[Claim, str]], now: datetime
) -> set[int]:
    """mark_started for sends that start together, in one statement; the ids still held."""
    if not sends:
        return set()
    ids = [held.id for held, _ in sends]
    claims = case({held.id: held.claims for held, _ in sends}, value=OutboxMessage.id)
    texts = case({held.id: text for held, text in sends}, value=OutboxMessage.id)
    started = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(ids),
            OutboxMessage.status == "sending",
            OutboxMessage.claims == claims,
        )
        .values(started_at=as_utc(now), attempts=OutboxMessage.attempts + 1, text=texts)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return set(started.scalars())


async def mark_sent(session: AsyncSession, held: Claim, provider_id: str, now: datetime) -> bool:
    """The provider took the message; its status callbacks find the row by `provider_id`."""
    return held.id in await mark_sent_many(session, [(held, provider_id)], now)


async def mark_sent_many(
    session: AsyncSession, sent: Sequence[tuple[Claim, str]], now: datetime
) -> set[int]:
    """mark_sent for many rows in one statement; the ids this process still held."""
    if not sent:
        return set()
    claims = case({held.id: held.claims for held, _ in sent}, value=OutboxMessage.id)
    sids = case({held.id: sid for held, sid in sent}, value=OutboxMessage.id)
    done = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_([held.id for held, _ in sent]),
            OutboxMessage.status == "sending",
            OutboxMessage.claims == claims,
        )
        .values(status="sent", provider_id=sids, sent_at=as_utc(now), last_error=None)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return set(done.scalars())


async def mark_sent_in_doubt(session: AsyncSession, held: Claim, reason: str) -> bool:
    """Counted as sent without knowing it (a Telegram alert in doubt): never sent again."""
    return await _settle(session, held, status="sent", last_error=reason)


async def retry_later(
    session: AsyncSession,
    held: Claim,
    error: str,
    now: datetime,
    *,
    wait: timedelta | None = None,
    attempts: int | None = None,
) -> bool:
    """The provider did not take it: pending again after a backoff, or failed after the last try."""
    tried = held.attempts + 1 if attempts is None else attempts
    if tried >= MAX_ATTEMPTS:
        return await mark_failed(session, held, f"gave up after {tried} attempts: {error}")
    delay = max(backoff(tried), wait or timedelta(0))
    return await _settle(
        session,
        held,
        status="pending",
        not_before=as_utc(now) + delay,
        started_at=None,
        last_error=error,
    )


async def defer(
    session: AsyncSession,
    held: Claim,
    until: datetime,
    reason: str,
    *,
    refused: bool = False,
) -> bool:
    """Put the row back until `until` without counting an attempt (quiet hours, a rate pause, the
    chat's 1/s). `refused`: the send had started and the provider turned it away for its rate,
    so it was not sent and the attempt is given back. Otherwise a row in doubt stays in doubt."""
    values: dict[str, object] = {
        "status": "pending",
        "not_before": as_utc(until),
        "last_error": reason,
    }
    if refused:
        values |= {"started_at": None, "attempts": OutboxMessage.attempts - 1}
    return await _settle(session, held, **values)


async def mark_failed(session: AsyncSession, held: Claim, error: str) -> bool:
    return await _settle(session, held, status="failed", last_error=error)


async def mark_cancelled(session: AsyncSession, held: Claim, reason: str) -> bool:
    """Not sent on purpose (opted out, number outside the allowed countries)."""
    return await _settle(session, held, status="cancelled", last_error=reason)


async def mark_unreachable(
    session: AsyncSession,
    seeker_id: int | None,
    channel: str,
    now: datetime,
    *,
    opted_out: bool = False,
) -> None:
    """The recipient cannot be reached on `channel`: a Telegram block (403), an invalid or
    unreachable number (Twilio 21211, 30006); `opted_out`: an SMS unsubscribe (21610), honoured
    on every channel at once."""
    if seeker_id is None:
        return
    if opted_out:
        values = opted_out_values(as_utc(now))
    elif channel == "telegram":
        values = {"telegram_unreachable": True}
    else:
        values = {"sms_unreachable": True}
    await session.execute(update(Seeker).where(Seeker.id == seeker_id).values(**values))
