"""The outbox pump: claim due rows, send each through its channel at a bounded rate, record it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import clock
from bot.broadcasts import sending
from bot.channels.outbound import Sender, SendResult
from bot.config import Settings
from bot.outgoing import reply_of
from storage import outbox, outcomes
from storage.outbox import Claim

log = logging.getLogger("gongyou.dispatcher")

Sessions = async_sessionmaker[AsyncSession]

# Messages per second each channel may start, per server process. Telegram allows about 30 a
# second to different chats; Twilio queues what a sender cannot take at once, but a flood of
# queued messages is still billed and can be filtered by carriers.
RATES = {"sms": 10.0, "telegram": 25.0}
DEFAULT_RATE = 5.0
# ("cancelled" | "failed", reason): a row refused before any attempt to send it.
Refusal = tuple[str, str]
BATCH = 100  # rows claimed per channel per pump; at 10/s that is 10 s of work, well inside LEASE
CONCURRENCY = 8  # sends in flight per channel, so provider latency does not cap the rate


class RateLimiter:
    """Spaces the starts of sends at least 1/rate seconds apart."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = float("-inf")
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Return when the next send may start."""
        async with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            await self._sleep(start - now)


class Dispatcher:
    """Sends the outbox through the configured senders; any number of processes may run one."""

    def __init__(
        self,
        sessions: Sessions,
        settings: Settings,
        senders: Mapping[str, Sender],
        *,
        limiters: Mapping[str, RateLimiter] | None = None,
        batch: int = BATCH,
        lease: timedelta = outbox.LEASE,
        turn: Callable[[], AbstractAsyncContextManager[object]] = contextlib.nullcontext,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.senders = dict(senders)
        self.limiters = {
            channel: RateLimiter(RATES.get(channel, DEFAULT_RATE)) for channel in self.senders
        } | dict(limiters or {})
        self.batch = batch
        self.lease = lease
        # Where each write waits its turn (the app's SQLite writer lock, shared with the dialog).
        self._turn = turn
        self._running: asyncio.Task[Counter[str]] | None = None

    def add_sender(self, sender: Sender) -> None:
        """A channel that came up after start-up (Telegram unreachable at first) joins the pump."""
        self.senders[sender.channel] = sender
        self.limiters.setdefault(
            sender.channel, RateLimiter(RATES.get(sender.channel, DEFAULT_RATE))
        )

    async def pump(self, now: datetime | None = None) -> Counter[str]:
        """One round over every channel; returns how many rows ended in each outcome."""
        # Channels side by side: a slow SMS batch must not hold up Telegram, or the reverse.
        results = await asyncio.gather(
            *(self.pump_channel(channel, now) for channel in self.senders), return_exceptions=True
        )
        outcomes: Counter[str] = Counter()
        for result in results:
            if isinstance(result, BaseException):
                raise result
            outcomes += result
        return outcomes

    async def pump_channel(self, channel: str, now: datetime | None = None) -> Counter[str]:
        """Claim one batch of the channel's due rows and settle every one of them."""
        at = now or clock.now()
        async with self._turn(), self.sessions() as session:
            claims = await outbox.claim(
                session, now=at, limit=self.batch, channel=channel, lease=self.lease
            )
            await session.commit()
        if not claims:
            return Counter()
        slots = asyncio.Semaphore(CONCURRENCY)

        async def one(held: Claim) -> str:
            async with slots:
                return await self._deliver(held, now)

        outcomes = Counter(await asyncio.gather(*(one(c) for c in claims)))
        log.info("outbox batch", extra={"fields": {"channel": channel, **outcomes}})
        return outcomes

    async def _deliver(self, held: Claim, now: datetime | None) -> str:
        """Send one claimed row and record what happened; never raises for a single message."""
        try:
            refusal = self._refusal(held)
            if refusal is not None:
                return await self._record(held, now, refusal)
            sender = self.senders[held.channel]
            prepared = sender.prepare(reply_of(held, held.locale or self.settings.locale))
            await self.limiters[held.channel].wait()
            async with self._turn(), self.sessions() as session:
                if await sending.hold_back(session, held, now or clock.now()):
                    await session.commit()  # an alert waits while its seeker answers something else
                    return "deferred"
                started = await outcomes.mark_started(
                    session, held, prepared.text, now or clock.now()
                )
                await session.commit()
            if not started:
                return "lost"
            result = await sender.send(held.address, prepared)
        except Exception as error:
            # A bug or an unforeseen provider answer: this message waits and is tried again.
            log.exception("outbox send crashed", extra={"fields": {"outbox_id": held.id}})
            result = SendResult.failed(f"{type(error).__name__}: {error}"[:500], retryable=True)
        try:
            return await self._record(held, now, result)
        except Exception:
            # Left in "sending": the lease runs out and the row is looked at again.
            log.exception("outbox outcome not recorded", extra={"fields": {"outbox_id": held.id}})
            return "unrecorded"

    def _refusal(self, held: Claim) -> Refusal | None:
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

    async def _record(
        self, held: Claim, now: datetime | None, outcome: SendResult | Refusal
    ) -> str:
        """Write the outcome in a transaction of its own, so a later crash keeps it."""
        at = now or clock.now()
        async with self._turn(), self.sessions() as session:
            if isinstance(outcome, tuple):
                label, reason = outcome
                settle = outcomes.mark_cancelled if label == "cancelled" else outcomes.mark_failed
                done = await settle(session, held, reason)
            elif outcome.ok:
                assert outcome.provider_id is not None
                done = await outcomes.mark_sent(session, held, outcome.provider_id, at)
                if done:
                    await sending.sent(session, held, at)  # an alert's wait opens once it is out
                label = "sent"
            elif outcome.unreachable:
                await outcomes.mark_unreachable(
                    session, held.seeker_id, held.channel, at, opted_out=outcome.opted_out
                )
                done = await outcomes.mark_failed(session, held, outcome.error or "")
                label = "failed"
            elif outcome.retryable:
                wait = timedelta(seconds=outcome.retry_after or 0)
                error = outcome.error or "retryable error"
                done = await outcomes.retry_later(session, held, error, at, wait=wait)
                label = "retry"
            else:
                done = await outcomes.mark_failed(session, held, outcome.error or "")
                label = "failed"
            await session.commit()
        if not done:
            # Our lease ran out and another sender took the row; it records its own outcome.
            log.warning("outbox lease lost", extra={"fields": {"outbox_id": held.id}})
            return "lost"
        return label

    async def run_once(self) -> None:
        """The scheduler's job: one pump, shielded so that shutting down lets it finish."""
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(self.pump())
        try:
            await asyncio.shield(self._running)
        except Exception:
            # The database may be briefly away; the next tick tries again.
            log.exception("outbox pump failed")

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait for a pump in progress; rows it could not settle are reclaimed after their lease."""
        running = self._running
        if running is None or running.done():
            return
        try:
            await asyncio.wait_for(asyncio.shield(running), timeout)
        except TimeoutError:
            running.cancel()
            log.warning("outbox pump cut short at shutdown")
        except Exception:
            log.exception("outbox pump failed")

    async def aclose(self) -> None:
        """Finish the pump in progress, then close every sender."""
        await self.drain()
        for sender in self.senders.values():
            await sender.aclose()
