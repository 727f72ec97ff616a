"""One claimed outbox row at a time: whether to send it, sending it, recording what happened.

Nothing lost, nothing twice: a send is marked started (committed) before the provider is called,
so a row whose sender died between the two is known to be in doubt when it is claimed again.
An SMS in doubt is looked up in Twilio's message list first; a Telegram alert in doubt is not
sent again (one alert missed is better than one twice), anything else in doubt is.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import clock
from bot.broadcasts import sending
from bot.channels.outbound import Sender, SendResult
from bot.config import Settings
from bot.outgoing import reply_of
from storage import outcomes, pace, statuses
from storage.outbox import Claim

log = logging.getLogger("gongyou.dispatcher")

# ("cancelled" | "failed" | "sent", reason): a row settled without a send.
Settled = tuple[str, str]
# How long a lookup of an SMS in doubt may not answer before the row waits and is tried again.
LOOKUP_RETRY = timedelta(minutes=1)


class Delivery:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
        senders: Mapping[str, Sender],
        turn: Callable[[], AbstractAsyncContextManager[object]],
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.senders = dict(senders)
        self._turn = turn

    def refusal(self, held: Claim) -> Settled | None:
        """Why this row must not be sent at all, or None."""
        if held.attempts >= outcomes.MAX_ATTEMPTS:
            # Started again and again without an outcome: something kills the sender mid-send.
            return "failed", f"abandoned after {held.attempts} attempts without an outcome"
        if held.opted_out:
            return "cancelled", "seeker opted out"
        if held.unreachable:
            if held.channel == "telegram":
                return "failed", "seeker blocked the bot"
            return "failed", "number cannot take SMS"
        if held.channel == "sms":
            codes = self.settings.sms_calling_codes
            if not any(held.address.startswith(code) for code in codes):
                return "cancelled", f"number outside GONGYOU_SMS_COUNTRIES ({', '.join(codes)})"
        return None

    async def screen(
        self, claims: list[Claim], now: datetime, holds: Sequence[Any]
    ) -> tuple[list[Claim], Counter[str]]:
        """The claims to send now; the others settled, deferred or found already sent."""
        settled: Counter[str] = Counter()
        sendable: list[Claim] = []
        waiting: list[tuple[Claim, datetime, str]] = []
        for held in claims:
            refusal = self.refusal(held)
            if refusal is not None:
                settled[await self._settle(held, refusal)] += 1
                continue
            until = max((t for hold in holds if (t := hold(held, now)) is not None), default=None)
            if until is not None and until > now:
                waiting.append((held, until, "held until a later hour"))
                continue
            if held.in_doubt_since is not None:
                verdict = await self._doubt(held, now)
                if verdict is not None:
                    settled[verdict] += 1
                    continue
            sendable.append(held)
        sendable = await self._one_per_chat(sendable, now, waiting)
        for held, until, reason in waiting:
            settled[await self._defer(held, until, reason)] += 1
        return sendable, settled

    async def _one_per_chat(
        self, claims: list[Claim], now: datetime, waiting: list[tuple[Claim, datetime, str]]
    ) -> list[Claim]:
        """Telegram takes one message a second per chat: the rest of a chat's rows wait a second."""
        telegram = {c.address for c in claims if c.channel == "telegram"}
        if not telegram:
            return claims
        async with self.sessions() as session:
            busy = await pace.busy_chats(session, "telegram", telegram, now)
        kept = []
        for held in claims:
            if held.channel == "telegram" and held.address in busy:
                waiting.append((held, now + pace.PER_CHAT, "the chat's one message a second"))
                continue
            if held.channel == "telegram":
                busy.add(held.address)
            kept.append(held)
        return kept

    async def _doubt(self, held: Claim, now: datetime) -> str | None:
        """Settle a row in doubt if it was sent before; None: send it (again)."""
        assert held.in_doubt_since is not None
        find = getattr(self.senders.get(held.channel), "find_sent", None)
        if find is not None and held.text is not None:
            try:
                sid = await find(held.address, held.text, held.in_doubt_since)
            except Exception as error:
                log.warning("sms in doubt not looked up", extra={"fields": {"error": str(error)}})
                return await self._defer(held, now + LOOKUP_RETRY, "in doubt; lookup failed")
            if sid is None:
                return None
            log.info("sms in doubt was sent", extra={"fields": {"outbox_id": held.id}})
            return await self._record(held, now, SendResult.sent(sid))
        if held.channel == "telegram" and held.purpose == "alert":
            return await self._settle(held, ("sent", "in doubt: not sent again"))
        return None

    async def deliver(self, held: Claim, now: datetime | None) -> str:
        """Mark the send started, send, record; never raises for a single message."""
        try:
            sender = self.senders[held.channel]
            prepared = sender.prepare(reply_of(held, held.locale or self.settings.locale))
            async with self._turn(), self.sessions() as session:
                if await sending.hold_back(session, held, now or clock.now()):
                    await session.commit()  # an alert waits while its seeker answers something else
                    return "deferred"
                started = await outcomes.mark_started(
                    session, held, prepared.text, now or clock.now()
                )
                await session.commit()
            if not started:
                return "lost"  # cancelled meanwhile, or the lease ran out
            result = await sender.send(held.address, prepared)
        except Exception as error:
            # A bug or an unforeseen provider answer: this message waits and is tried again.
            log.exception("outbox send crashed", extra={"fields": {"outbox_id": held.id}})
            result = SendResult.failed(f"{type(error).__name__}: {error}"[:500], retryable=True)
        try:
            return await self._record(held, now or clock.now(), result)
        except Exception:
            # Left in "sending": the lease runs out and the row is looked at again, in doubt.
            log.exception("outbox outcome not recorded", extra={"fields": {"outbox_id": held.id}})
            return "unrecorded"

    async def release(self, claims: Sequence[Claim], now: datetime) -> Counter[str]:
        """Give back rows claimed but not started (shutting down): due again at once."""
        released: Counter[str] = Counter()
        for held in claims:
            released[await self._defer(held, now, "released at shutdown")] += 1
        return released

    async def _defer(self, held: Claim, until: datetime, reason: str) -> str:
        async with self._turn(), self.sessions() as session:
            done = await outcomes.defer(session, held, until, reason)
            await session.commit()
        return "deferred" if done else "lost"

    async def _settle(self, held: Claim, settled: Settled) -> str:
        label, reason = settled
        settle = {
            "cancelled": outcomes.mark_cancelled,
            "failed": outcomes.mark_failed,
            "sent": outcomes.mark_sent_in_doubt,
        }[label]
        async with self._turn(), self.sessions() as session:
            done = await settle(session, held, reason)
            await session.commit()
        return label if done else "lost"

    async def _record(self, held: Claim, at: datetime, result: SendResult) -> str:
        """Write the outcome in a transaction of its own, so a later crash keeps it."""
        async with self._turn(), self.sessions() as session:
            if result.ok:
                assert result.provider_id is not None
                done = await outcomes.mark_sent(session, held, result.provider_id, at)
                if done:
                    await sending.sent(session, held, at)  # an alert's wait opens once it is out
                label = "sent"
            elif result.unreachable:
                await outcomes.mark_unreachable(
                    session, held.seeker_id, held.channel, at, opted_out=result.opted_out
                )
                done, label = (
                    await outcomes.mark_failed(session, held, result.error or ""),
                    "failed",
                )
            elif result.rate_limited:
                # The provider's limit, not this message's fault: the channel pauses for every
                # process, and the row waits out the pause without it counting as an attempt.
                until = at + timedelta(seconds=result.retry_after or 1.0)
                await pace.pause(session, held.channel, until)
                reason = result.error or "rate limited"
                done = await outcomes.defer(session, held, until, reason, refused=True)
                label = "rate_limited"
            elif result.retryable:
                wait = timedelta(seconds=result.retry_after or 0)
                error = result.error or "retryable error"
                done = await outcomes.retry_later(session, held, error, at, wait=wait)
                label = "retry"
            else:
                done, label = (
                    await outcomes.mark_failed(session, held, result.error or ""),
                    "failed",
                )
            await session.commit()
        if done and result.ok:
            await self._apply_early(result.provider_id or "", at)
        if not done:
            # Our lease ran out and another sender took the row; it records its own outcome.
            log.warning("outbox lease lost", extra={"fields": {"outbox_id": held.id}})
            return "lost"
        return label

    async def _apply_early(self, provider_id: str, at: datetime) -> None:
        """A status callback that came before this commit is applied now (storage/statuses.py)."""
        async with self._turn(), self.sessions() as session:
            if await statuses.apply_early(session, provider_id, at):
                await session.commit()
