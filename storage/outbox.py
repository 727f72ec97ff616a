"""The outbox: queue a message once, hand each due row to exactly one sender, record the outcome.

While a row is `sending`, its `due_at` is the end of the sender's lease: a row whose sender crashed
becomes due again when the lease runs out, and the (status, due_at) index finds both kinds of due
row. Each claim increments `attempts`, and (id, attempts) identifies that claim, so an outcome is
only recorded by the sender still holding the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InboundMessage, OutboxMessage, Seeker, utcnow
from storage.seekers import opted_out_values

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 6
# Wait before attempt n+1 after attempt n failed; the last step repeats.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
)
_CHUNK = 1000  # rows per INSERT: well inside SQLite's bound-parameter limit
_DUE = ("pending", "sending")


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message to queue; `dedupe_key` makes re-running a broadcast or reminder harmless."""

    channel: str
    address: str
    text: str
    seeker_id: int | None = None
    kind: str = "alert"
    due_at: datetime | None = None
    dedupe_key: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A row this sender holds until its lease ends, with what the sender must know first."""

    id: int
    attempts: int
    channel: str
    address: str
    text: str
    kind: str
    seeker_id: int | None
    opted_out: bool = False
    telegram_unreachable: bool = False


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; SQLite stores the wall time without its offset, so every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th attempt failed."""
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def _insert(session: AsyncSession):
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _values(message: Outgoing, now: datetime) -> dict[str, object]:
    return {
        "channel": message.channel,
        "address": message.address,
        "text": message.text,
        "seeker_id": message.seeker_id,
        "kind": message.kind,
        "due_at": as_utc(message.due_at or now),
        "dedupe_key": message.dedupe_key,
        "status": "pending",
        "attempts": 0,
        "created_at": now,
    }


async def enqueue(
    session: AsyncSession, message: Outgoing, *, now: datetime | None = None
) -> int | None:
    """Queue one message (the caller commits); None when its dedupe key was queued before."""
    now = as_utc(now or utcnow())
    statement = (
        _insert(session)(OutboxMessage)
        .values(_values(message, now))
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)
    )
    return await session.scalar(statement)


async def enqueue_many(
    session: AsyncSession, messages: Iterable[Outgoing], *, now: datetime | None = None
) -> int:
    """Queue many messages in few statements (the caller commits); returns how many were new."""
    now = as_utc(now or utcnow())
    rows = [_values(m, now) for m in messages]
    queued = 0
    for start in range(0, len(rows), _CHUNK):
        statement = (
            _insert(session)(OutboxMessage)
            .values(rows[start : start + _CHUNK])
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(OutboxMessage.id)
        )
        queued += len((await session.scalars(statement)).all())
    return queued


async def claim(
    session: AsyncSession,
    *,
    now: datetime,
    limit: int,
    channel: str | None = None,
    lease: timedelta = LEASE,
) -> list[Claim]:
    """Take up to `limit` due rows (pending, or sending with an expired lease); commit at once.

    On PostgreSQL, SELECT ... FOR UPDATE SKIP LOCKED lets concurrent claimers take different rows
    without waiting; on SQLite the UPDATE ... RETURNING holds the one write lock for the whole
    statement. The outer WHERE repeats the due test, so a row another claimer took in the
    meantime is re-checked and left alone.
    """
    now = as_utc(now)
    due = OutboxMessage.status.in_(_DUE) & (OutboxMessage.due_at <= now)
    if channel is not None:
        due = due & (OutboxMessage.channel == channel)
    pick = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Materialised, so the locking SELECT runs once: PostgreSQL may re-run a plain IN
        # subquery per outer row, and each run skips the rows the last one locked, which claims
        # far more than `limit`.
        locked = pick.with_for_update(skip_locked=True).cte("due").prefix_with("MATERIALIZED")
        chosen = OutboxMessage.id.in_(select(locked.c.id))
    else:
        chosen = OutboxMessage.id.in_(pick.scalar_subquery())
    statement = (
        update(OutboxMessage)
        .where(chosen, due)
        .values(status="sending", due_at=now + lease, attempts=OutboxMessage.attempts + 1)
        .returning(
            OutboxMessage.id,
            OutboxMessage.attempts,
            OutboxMessage.channel,
            OutboxMessage.address,
            OutboxMessage.text,
            OutboxMessage.kind,
            OutboxMessage.seeker_id,
        )
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(statement)).all()
    flags = await _seeker_flags(session, {r.seeker_id for r in rows if r.seeker_id is not None})
    claims = []
    for r in sorted(rows, key=lambda row: row.id):
        opted_out, unreachable = flags.get(r.seeker_id, (False, False))
        claims.append(
            Claim(
                r.id,
                r.attempts,
                r.channel,
                r.address,
                r.text,
                r.kind,
                r.seeker_id,
                opted_out,
                unreachable,
            )
        )
    return claims


async def _seeker_flags(session: AsyncSession, ids: set[int]) -> dict[int, tuple[bool, bool]]:
    if not ids:
        return {}
    query = select(Seeker.id, Seeker.opted_out, Seeker.telegram_unreachable).where(
        Seeker.id.in_(ids)
    )
    return {r.id: (r.opted_out, r.telegram_unreachable) for r in await session.execute(query)}


async def _settle(session: AsyncSession, held: Claim, **values: object) -> bool:
    """Record an outcome if this claim still holds the row; False when its lease was lost."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == held.id,
            OutboxMessage.status == "sending",
            OutboxMessage.attempts == held.attempts,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def mark_sent(session: AsyncSession, held: Claim, provider_id: str, now: datetime) -> bool:
    """The provider accepted the message; its status callbacks find the row by `provider_id`."""
    return await _settle(
        session, held, status="sent", provider_id=provider_id, sent_at=as_utc(now), last_error=None
    )


async def retry_later(
    session: AsyncSession,
    held: Claim,
    error: str,
    now: datetime,
    *,
    wait: timedelta | None = None,
) -> bool:
    """Back to pending after a backoff (or the provider's own wait), or failed after the last try."""
    if held.attempts >= MAX_ATTEMPTS:
        return await mark_failed(session, held, f"gave up after {held.attempts} attempts: {error}")
    delay = max(backoff(held.attempts), wait or timedelta(0))
    return await _settle(
        session, held, status="pending", due_at=as_utc(now) + delay, last_error=error
    )


async def mark_failed(session: AsyncSession, held: Claim, error: str) -> bool:
    return await _settle(session, held, status="failed", last_error=error)


async def cancel(session: AsyncSession, held: Claim, reason: str) -> bool:
    """Not sent on purpose (opted out, number outside the allowed countries)."""
    return await _settle(session, held, status="cancelled", last_error=reason)


async def mark_unreachable(
    session: AsyncSession, seeker_id: int | None, channel: str, now: datetime
) -> None:
    """The recipient refused the channel: a Telegram block, or an SMS unsubscribe (STOP)."""
    if seeker_id is None:
        return
    if channel == "telegram":
        values: dict[str, object] = {"telegram_unreachable": True}
    else:
        # An unsubscribe is an opt-out, and opt-out is honoured on every channel at once.
        values = opted_out_values(as_utc(now))
    await session.execute(update(Seeker).where(Seeker.id == seeker_id).values(**values))


async def forget_inbound(session: AsyncSession, before: datetime) -> int:
    """Delete inbound messages received before `before` (the caller commits); returns how many."""
    result = await session.execute(
        delete(InboundMessage).where(InboundMessage.received_at < as_utc(before))
    )
    return result.rowcount or 0
