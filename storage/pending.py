"""Staff steps that wait for a second message (`/import NAME`, then the file), kept in the
database so that the second message may reach any server process, or one restarted meanwhile."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StaffPending
from storage.outbox import as_utc


async def expect(
    session: AsyncSession, chat_id: int, action: str, argument: str, until: datetime
) -> None:
    """The chat's next message completes `action` (the caller commits); replaces what waited."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {"action": action, "argument": argument, "expires_at": as_utc(until)}
    statement = insert(StaffPending).values(chat_id=chat_id, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=["chat_id"], set_=values))


async def waiting(session: AsyncSession, chat_id: int, action: str, now: datetime) -> str | None:
    """The argument of the chat's pending `action`, or None when nothing waits (or it expired)."""
    found = await session.scalar(
        select(StaffPending.argument).where(
            StaffPending.chat_id == chat_id,
            StaffPending.action == action,
            StaffPending.expires_at > as_utc(now),
        )
    )
    return found


async def done(session: AsyncSession, chat_id: int, now: datetime) -> None:
    """The chat's pending step is used up; expired steps of every chat go too (the caller commits)."""
    await session.execute(
        delete(StaffPending).where(
            (StaffPending.chat_id == chat_id) | (StaffPending.expires_at <= as_utc(now))
        )
    )
