"""Delivery statuses from the provider (Twilio's status callbacks), kept even when they come early.

A callback can arrive before our commit records the message's sid (Twilio is fast, or the sender
died and the sid is only found later by a lookup). Such a status waits in `early_statuses`, and
whoever commits second applies it: the callback after storing it, the sender after recording the
sid. Applying is idempotent: a status only ever moves a row forward.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import EarlyStatus, OutboxMessage, Seeker
from storage.outbox import as_utc
from storage.seekers import opted_out_values

RANK = {"pending": 0, "sending": 1, "sent": 2, "delivered": 3, "failed": 3, "cancelled": 3}
UNSUBSCRIBED = 21610  # the number texted STOP to our sender: an opt-out, on every channel
# Not a valid number (21211); unknown, a landline, or unreachable at the carrier (30006).
UNREACHABLE = frozenset({21211, 30006})
# An early status nobody claimed by then belongs to a message another system sent.
KEEP_EARLY = timedelta(days=2)


async def _apply(
    session: AsyncSession, provider_id: str, status: str, error_code: int | None, now: datetime
) -> bool:
    """Move the row with this sid forward to `status`; False when no row has the sid yet."""
    found = (
        await session.execute(
            select(OutboxMessage.id, OutboxMessage.seeker_id).where(
                OutboxMessage.provider_id == provider_id
            )
        )
    ).first()
    if found is None:
        return False
    earlier = [s for s, rank in RANK.items() if rank < RANK[status]]
    values: dict[str, object] = {"status": status}
    if status == "failed":
        values["last_error"] = f"twilio {error_code or 'failed'}"
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == found.id, OutboxMessage.status.in_(earlier))
        .values(**values)
    )
    if found.seeker_id is not None and error_code is not None:
        if error_code == UNSUBSCRIBED:
            seeker_values = opted_out_values(as_utc(now))
        elif error_code in UNREACHABLE:
            seeker_values = {"sms_unreachable": True}
        else:
            return True
        await session.execute(
            update(Seeker).where(Seeker.id == found.seeker_id).values(**seeker_values)
        )
    return True


async def record_status(
    session: AsyncSession, provider_id: str, status: str, error_code: int | None, now: datetime
) -> bool:
    """A callback's status (the caller commits, then calls apply_early): True when applied now,
    False when kept for a sid not recorded yet."""
    if await _apply(session, provider_id, status, error_code, now):
        return True
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(EarlyStatus).values(
        provider_id=provider_id, status=status, error_code=error_code, received_at=as_utc(now)
    )
    # Callbacks can come out of order: the furthest status wins.
    keep = statement.excluded.status.in_([s for s, r in RANK.items() if r == RANK[status]])
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["provider_id"],
            set_={"status": status, "error_code": error_code},
            where=EarlyStatus.status.in_([s for s, r in RANK.items() if r < RANK[status]]) & keep,
        )
    )
    return False


async def apply_early(session: AsyncSession, provider_id: str, now: datetime) -> bool:
    """Apply and forget a status kept for `provider_id` once its row has the sid (the caller
    commits); False when there is none, or its row still lacks the sid."""
    return bool(await apply_early_many(session, [provider_id], now))


async def apply_early_many(
    session: AsyncSession, provider_ids: Sequence[str], now: datetime
) -> int:
    """apply_early for the sids just recorded, with one query when none came early."""
    if not provider_ids:
        return 0
    kept = (
        await session.execute(
            select(EarlyStatus.provider_id, EarlyStatus.status, EarlyStatus.error_code).where(
                EarlyStatus.provider_id.in_(provider_ids)
            )
        )
    ).all()
    applied = 0
    for sid, status, error_code in kept:
        if await _apply(session, sid, status, error_code, now):
            await session.execute(delete(EarlyStatus).where(EarlyStatus.provider_id == sid))
            applied += 1
    return applied


async def forget_early(session: AsyncSession, now: datetime) -> int:
    """Delete early statuses no message claimed within KEEP_EARLY (the caller commits)."""
    result = await session.execute(
        delete(EarlyStatus).where(EarlyStatus.received_at < as_utc(now) - KEEP_EARLY)
    )
    return result.rowcount or 0
