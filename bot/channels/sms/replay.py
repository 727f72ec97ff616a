"""Replaying journaled SMS once the database answers: the live path, with the reply queued to send.

Each message goes through `sms.answer`, exactly as the webhook would have run it: deduped by
MessageSid, rate-limited and conversed with as of the time it was received. The reply the webhook
could not give goes to the outbox under a key made from the MessageSid, so replaying a message
twice (a crash between the two commits, or the journal replayed again) queues it once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from bot.channels.sms import spool as sms_spool
from bot.channels.sms.webhook import CHANNEL, answer, notice, stored_reply
from bot.config import Settings
from bot.replies import Inbound
from storage import outbox
from storage.models import InboundMessage
from storage.outage import database_unavailable

log = logging.getLogger("gongyou.sms")


def reply_key(sid: str) -> str:
    """The outbox dedupe key of the deferred reply to one MessageSid."""
    return f"sms-reply:{sid}"


async def replay(state, settings: Settings, stopping: Callable[[], bool] = lambda: False) -> int:
    """The scheduler's job (and the start-up run): replay every journaled SMS this process can."""

    async def handle(inbound: Inbound, media: int) -> None:
        await redo(state, settings, inbound, media)

    return await sms_spool.replay(getattr(state, "journal", None), handle, stopping)


async def redo(state, settings: Settings, inbound: Inbound, media: int) -> None:
    """One journaled message through the live path; its reply queued. Raises while the database is away."""
    try:
        text = await answer(state, settings, inbound, media)
    except Exception as error:
        if database_unavailable(error):
            raise
        # A step that raises would raise again: the message is logged with an apology instead,
        # and the worker told to send it again, as the webhook would have told them.
        log.exception("sms dialog failed on replay", extra={"fields": {"sid": inbound.provider_id}})
        text = await _apologise(state, settings, inbound)
    if text is not None:
        await _queue(state, settings, inbound, text)


async def _apologise(state, settings: Settings, inbound: Inbound) -> str | None:
    """Log the message with the apology as its reply; the reply stored first wins."""
    sid = inbound.provider_id or ""
    text = notice("sms.sorry", settings.locale)
    try:
        async with state.turn(), state.sessions() as session:
            session.add(
                InboundMessage(
                    channel=CHANNEL,
                    provider_id=sid,
                    address=inbound.address,
                    body=inbound.text,
                    reply=text,
                    received_at=inbound.received_at,
                )
            )
            await session.commit()
    except IntegrityError:
        async with state.sessions() as session:
            return (await stored_reply(session, sid))[1]
    return text


async def _queue(state, settings: Settings, inbound: Inbound, text: str) -> None:
    """Queue the deferred reply for the dispatcher; a second time for one MessageSid changes nothing."""
    # No seeker_id: like a TwiML answer, it goes even when the message was the opt-out it confirms.
    message = outbox.Outgoing(
        CHANNEL,
        inbound.address,
        text=text,
        purpose="reply",
        dedupe_key=reply_key(inbound.provider_id or ""),
    )
    async with state.turn(), state.sessions() as session:
        await outbox.enqueue(session, message)
        await session.commit()
