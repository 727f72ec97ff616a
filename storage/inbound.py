"""The inbound log: every message a channel took in, once per provider id.

Redelivered webhooks (Twilio retries, Telegram resends) carry the same provider id; the unique
index on (channel, provider_id) makes the first one processed the only one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InboundMessage


def same_message(channel: str, provider_id: str) -> ColumnElement[bool]:
    """The condition that finds a message by the id its provider gave it."""
    return (InboundMessage.channel == channel) & (InboundMessage.provider_id == provider_id)


async def earlier_reply(
    session: AsyncSession, channel: str, provider_id: str
) -> tuple[bool, str | None]:
    """(seen before, the reply then given) for a provider id."""
    query = select(InboundMessage.reply).where(same_message(channel, provider_id))
    found = (await session.execute(query)).first()
    return (found is not None, found[0] if found else None)


async def seen(session: AsyncSession, channel: str, provider_id: str) -> bool:
    """Whether this message was taken in before."""
    return (await earlier_reply(session, channel, provider_id))[0]


def log_message(
    session: AsyncSession,
    channel: str,
    provider_id: str,
    address: str,
    body: str,
    received_at: datetime,
    *,
    reply: str | None = None,
    seeker_id: int | None = None,
) -> None:
    """Add the message to the log in the session's transaction; its commit claims the id."""
    session.add(
        InboundMessage(
            channel=channel,
            provider_id=provider_id,
            address=address,
            seeker_id=seeker_id,
            body=body,
            reply=reply,
            received_at=received_at,
        )
    )


async def claim(
    session: AsyncSession,
    channel: str,
    provider_id: str,
    address: str,
    body: str,
    received_at: datetime,
) -> bool:
    """Log and commit the message at once; False when another delivery of it got there first."""
    log_message(session, channel, provider_id, address, body, received_at)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return False
    return True
