"""The send pace of each channel, shared by every server process through the database.

A channel's row says when its next send may start (`next_at`). A sender that holds n messages
reserves n consecutive slots, 1/rate apart, by moving `next_at` forward under the row's lock
(PostgreSQL: SELECT ... FOR UPDATE; SQLite has one writer, and one server process), then starts
each send at its slot. However many processes send, the slots never overlap, so together they
keep to the rate. A provider's "too many requests" sets `paused_until`, which every process reads
before it claims, so a flood wait stops the channel rather than holding one send slot.

Every function commits nothing: the caller commits at once, so the row's lock is held briefly.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelPace, OutboxMessage
from storage.outbox import as_utc

# The chat's own limit on Telegram: one message a second to one chat.
PER_CHAT = timedelta(seconds=1)


async def _ensure(session: AsyncSession, channel: str, now: datetime) -> None:
    """The channel's row exists from its first use on."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    await session.execute(
        insert(ChannelPace)
        .values(channel=channel, next_at=now, paused_until=None)
        .on_conflict_do_nothing(index_elements=["channel"])
    )


async def _row(session: AsyncSession, channel: str, now: datetime) -> ChannelPace:
    """The channel's row, locked until commit."""
    await _ensure(session, channel, now)
    query = select(ChannelPace).where(ChannelPace.channel == channel).with_for_update()
    return (await session.execute(query.execution_options(populate_existing=True))).scalar_one()


async def reserve(
    session: AsyncSession, channel: str, count: int, interval: float, now: datetime
) -> datetime:
    """Reserve `count` send slots `interval` seconds apart; returns when the first one starts.

    The first slot is no earlier than now, the end of the last reservation, or the end of a
    pause. Slots a process never uses (it stopped, a send was refused) are simply lost time.
    Call it on a fresh session: on PostgreSQL it runs as one statement in autocommit, so the
    channel's row is locked for that statement alone and never while this process does other
    work (a lock held across the event loop's other tasks serialised every process on it).
    """
    now = as_utc(now)
    span = timedelta(seconds=count * interval)
    if session.get_bind().dialect.name != "postgresql":
        row = await _row(session, channel, now)
        start = max(as_utc(row.next_at), now, as_utc(row.paused_until or now))
        row.next_at = start + span
        await session.flush()
        return start
    await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    await _ensure(session, channel, now)
    # One statement, its own transaction; the CTE makes its commit lazy (storage.engine.
    # lazy_commit): a slot lost in a database crash is lost time, nothing more.
    moved = await session.execute(
        text(
            "WITH lazy AS (SELECT set_config('synchronous_commit', 'off', true) AS v) "
            "UPDATE channel_pace SET next_at = greatest(next_at, :now, "
            "coalesce(paused_until, :now)) + :span FROM lazy "
            "WHERE channel = :channel AND lazy.v IS NOT NULL RETURNING next_at"
        ),
        {"now": now, "span": span, "channel": channel},
    )
    return as_utc(moved.scalar_one()) - span


async def paused_until(session: AsyncSession, channel: str, now: datetime) -> datetime | None:
    """When the channel's pause ends, or None when it is not paused at `now`."""
    until = await session.scalar(
        select(ChannelPace.paused_until).where(ChannelPace.channel == channel)
    )
    if until is None or as_utc(until) <= as_utc(now):
        return None
    return as_utc(until)


async def pause(session: AsyncSession, channel: str, until: datetime) -> None:
    """Stop every process sending on `channel` until `until` (a provider's retry_after)."""
    until = as_utc(until)
    row = await _row(session, channel, until)
    if row.paused_until is None or as_utc(row.paused_until) < until:
        row.paused_until = until
    await session.flush()


async def busy_chats(
    session: AsyncSession, channel: str, addresses: set[str], now: datetime
) -> set[str]:
    """Of `addresses`, those sent to (or being sent to) within the last PER_CHAT."""
    if not addresses:
        return set()
    since = as_utc(now) - PER_CHAT
    query = select(OutboxMessage.address).where(
        OutboxMessage.channel == channel,
        OutboxMessage.address.in_(addresses),
        or_(OutboxMessage.sent_at > since, OutboxMessage.started_at > since),
    )
    return set(await session.scalars(query.distinct()))
