"""Claimed outbox rows: whether to send them, marking sends started, recording what happened.

Nothing lost, nothing twice: sends are marked started (committed) before the provider is called,
so a row whose sender died between the two is known to be in doubt when it is claimed again.
An SMS in doubt is looked up in Twilio's message list first; a Telegram alert in doubt is not
sent again (one alert missed is better than one twice); anything else in doubt is sent again.

Writes are grouped: the sends that start together are marked in one statement, and outcomes are
recorded a few dozen per transaction, so a broadcast costs few commits per second, not two per
message. An outcome not yet committed when the process dies leaves its row in doubt, as above.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import clock
from bot.broadcasts import sending
from bot.channels.outbound import Prepared, Sender, SendResult
from bot.config import Settings
from bot.outgoing import reply_of
from storage import outcomes, pace, statuses
from storage.engine import lazy_commit
from storage.outbox import Claim

log = logging.getLogger("gongyou.dispatcher")

# ("cancelled" | "failed" | "sent", reason): a row settled without a send.
Settled = tuple[str, str]
Ready = tuple[Claim, Prepared]
# How long a lookup of an SMS in doubt may not answer before the row waits and is tried again.
LOOKUP_RETRY = timedelta(minutes=1)
# Outcomes wait this long for others to share their transaction.
RECORD_DELAY = 0.02


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
        self._outcomes: list[tuple[Claim, datetime, SendResult, asyncio.Future[str]]] = []
        self._recording: asyncio.Task[None] | None = None

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
    ) -> tuple[list[Ready], Counter[str]]:
        """The claims to send now, rendered; the others settled, deferred or found sent."""
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
        ready = []
        for held in sendable:
            try:
                sender = self.senders[held.channel]
                ready.append((held, sender.prepare(reply_of(held, self._locale(held)))))
            except Exception as error:
                # A catalog key or parameter that does not render: a bug, not worth retrying.
                log.exception("outbox row not rendered", extra={"fields": {"outbox_id": held.id}})
                settled[await self._settle(held, ("failed", f"not rendered: {error!r}"[:500]))] += 1
        return ready, settled

    def _locale(self, held: Claim) -> str:
        return held.locale or self.settings.locale

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
            return await self.record(held, now, SendResult.sent(sid))
        if held.channel == "telegram" and held.purpose == "alert":
            return await self._settle(held, ("sent", "in doubt: not sent again"))
        return None

    async def start(self, group: Sequence[Ready], now: datetime) -> list[Ready]:
        """Mark the group's sends started, committed before any of them is sent; the ones this
        process still holds (a row cancelled meanwhile is not sent)."""
        async with self._turn(), self.sessions() as session:
            # An alert waits, without an attempt, while its seeker answers another question.
            group = [
                ready for ready in group if not await sending.hold_back(session, ready[0], now)
            ]
            held = await outcomes.mark_started_many(
                session, [(claim, prepared.text) for claim, prepared in group], now
            )
            await session.commit()
        return [ready for ready in group if ready[0].id in held]

    async def send(
        self,
        held: Claim,
        prepared: Prepared,
        now: datetime | None,
        answered: Callable[[], object] = lambda: None,
    ) -> str:
        """Send a started row and record the outcome; never raises for a single message.
        `answered` is called as soon as the provider has answered, before the outcome is
        written (the dispatcher's room for the next send)."""
        try:
            result = await self.senders[held.channel].send(held.address, prepared)
        except Exception as error:
            # A bug or an unforeseen provider answer: this message waits and is tried again.
            log.exception("outbox send crashed", extra={"fields": {"outbox_id": held.id}})
            result = SendResult.failed(f"{type(error).__name__}: {error}"[:500], retryable=True)
        finally:
            answered()
        return await self.record(held, now or clock.now(), result)

    async def release(self, claims: Sequence[Claim], now: datetime) -> Counter[str]:
        """Give back rows claimed but not started (shutting down): due again at once."""
        released: Counter[str] = Counter()
        for held in claims:
            released[await self._defer(held, now, "released at shutdown")] += 1
        return released

    async def _defer(self, held: Claim, until: datetime, reason: str) -> str:
        async with self._turn(), self.sessions() as session:
            await lazy_commit(session)
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
            await lazy_commit(session)
            done = await settle(session, held, reason)
            await session.commit()
        return label if done else "lost"

    async def record(self, held: Claim, at: datetime, result: SendResult) -> str:
        """Record an outcome together with the others that come within RECORD_DELAY."""
        done: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._outcomes.append((held, at, result, done))
        if self._recording is None or self._recording.done():
            self._recording = asyncio.ensure_future(self._record_soon())
        return await done

    async def _record_soon(self) -> None:
        await asyncio.sleep(RECORD_DELAY)
        while self._outcomes:
            batch, self._outcomes = self._outcomes, []
            try:
                labels = await self._write(batch)
            except Exception:
                # Left in "sending": the lease runs out and the rows are looked at again.
                log.exception("outbox outcomes not recorded", extra={"fields": {"n": len(batch)}})
                labels = ["unrecorded"] * len(batch)
            for (_, _, _, done), label in zip(batch, labels, strict=True):
                if not done.done():
                    done.set_result(label)

    async def _write(self, batch: list[tuple[Claim, datetime, SendResult, Any]]) -> list[str]:
        """Every outcome of the batch in one transaction, the sent ones in one statement; a
        status that came early is applied."""
        at = max(when for _, when, _, _ in batch)
        sent = [(held, r.provider_id or "") for held, _, r, _ in batch if r.ok]
        labels: dict[int, str] = {}
        async with self._turn(), self.sessions() as session:
            await lazy_commit(session)
            recorded = await outcomes.mark_sent_many(session, sent, at)
            labels |= {held.id: "sent" if held.id in recorded else "lost" for held, _ in sent}
            for held, _ in sent:
                if held.id in recorded:
                    await sending.sent(session, held, at)  # an alert's wait opens once it is out
            for held, when, result, _ in batch:
                if not result.ok:
                    label, done = await self._outcome(session, held, when, result)
                    labels[held.id] = label if done else "lost"
            await statuses.apply_early_many(session, [sid for _, sid in sent], at)
            await session.commit()
        lost = [held.id for held, *_ in batch if labels[held.id] == "lost"]
        if lost:
            # Our lease ran out and another sender took the row; it records its own outcome.
            log.warning("outbox lease lost", extra={"fields": {"outbox_ids": lost[:20]}})
        return [labels[held.id] for held, *_ in batch]

    @staticmethod
    async def _outcome(
        session: AsyncSession, held: Claim, at: datetime, result: SendResult
    ) -> tuple[str, bool]:
        if result.ok:
            assert result.provider_id is not None
            return "sent", await outcomes.mark_sent(session, held, result.provider_id, at)
        if result.unreachable:
            await outcomes.mark_unreachable(
                session, held.seeker_id, held.channel, at, opted_out=result.opted_out
            )
            return "failed", await outcomes.mark_failed(session, held, result.error or "")
        if result.rate_limited:
            # The provider's limit, not this message's fault: the channel pauses for every
            # process, and the row waits out the pause without it counting as an attempt.
            until = at + timedelta(seconds=result.retry_after or 1.0)
            await pace.pause(session, held.channel, until)
            reason = result.error or "rate limited"
            return "rate_limited", await outcomes.defer(session, held, until, reason, refused=True)
        if result.retryable:
            wait = timedelta(seconds=result.retry_after or 0)
            error = result.error or "retryable error"
            return "retry", await outcomes.retry_later(session, held, error, at, wait=wait)
        return "failed", await outcomes.mark_failed(session, held, result.error or "")
