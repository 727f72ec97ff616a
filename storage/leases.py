"""Leases: something only one process may do at a time (Telegram long polling), held in the
database for a while and renewed by its holder; a holder that dies loses it when it expires."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Lease
from storage.outbox import as_utc


async def acquire(
    session: AsyncSession, name: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """Take or renew the lease `name` for `holder` until now + ttl (the caller commits); False
    while another holder's lease runs."""
    now = as_utc(now)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    taken = await session.execute(
        insert(Lease)
        .values(name=name, holder=holder, expires_at=now + ttl)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    if taken.rowcount == 1:
        return True
    renewed = await session.execute(
        update(Lease)
        .where(Lease.name == name, (Lease.holder == holder) | (Lease.expires_at <= now))
        .values(holder=holder, expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    return renewed.rowcount == 1


async def release(session: AsyncSession, name: str, holder: str) -> None:
    """Give the lease up at once, if `holder` has it (the caller commits)."""
    await session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
