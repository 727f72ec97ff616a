"""The outbox pump: claim what the channel's pace allows, start each send at its slot, record it.

Each channel runs its own loop, so a slow SMS queue never holds up Telegram. A round of the loop
claims about a second's worth of the channel's rate (lane by lane: a reminder goes before alerts
queued earlier), settles what must not be sent, reserves send slots in the database
(storage/pace.py: the rate holds for every process together), and starts each send at its slot.
The next round claims while the last sends are still in flight, so the pace has no gaps.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import clock
from bot.channels.outbound import Sender, SendResult
from bot.config import Settings
from bot.delivery import Delivery, Ready
from storage import outbox, pace
from storage.engine import lazy_commit
from storage.outbox import Claim

log = logging.getLogger("gongyou.dispatcher")

Sessions = async_sessionmaker[AsyncSession]
# A claim's worth of sending: rate x WINDOW rows per round. Short, so that a reminder queued
# during a broadcast waits at most about this long behind the alerts already claimed.
WINDOW = 1.0
CONCURRENCY = 64  # sends in flight per channel, so provider latency does not cap the rate
# Sends whose slots fall within this many seconds start together (one commit marks them started);
# longer while that commit takes longer, up to MAX_TICK (the most a provider sees at once).
TICK = 0.05
MAX_TICK = 0.1
# Sends go this long after their slot, time for the commit that marks them started.
LAG = timedelta(seconds=0.1)
# Why a row must wait without it counting as an attempt (quiet hours): the time it may go.
Hold = Callable[[Claim, datetime], datetime | None]


class Dispatcher:
    """Sends the outbox through the configured senders; any number of processes may run one."""

    def __init__(
        self,
        sessions: Sessions,
        settings: Settings,
        senders: Mapping[str, Sender],
        *,
        rates: Mapping[str, float] | None = None,
        lease: timedelta = outbox.LEASE,
        window: float = WINDOW,
        holds: Sequence[Hold] = (),
        turn: Callable[[], AbstractAsyncContextManager[object]] = nullcontext,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.senders = dict(senders)
        self.rates = dict(rates or {})
        self.lease = lease
        self.window = window
        self.holds = tuple(holds)
        # Where each write waits its turn (the app's SQLite writer lock, shared with the dialog).
        self._turn = turn
        self._sleep = sleep
        self.delivery = Delivery(sessions, settings, self.senders, turn)
        self._loops: dict[str, asyncio.Task[None]] = {}
        self._inflight: set[asyncio.Task[list[str]]] = set()
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._stopping = False
        # Per channel: seconds the last group took to be marked started.
        self._marking: dict[str, float] = {}

    def add_sender(self, sender: Sender) -> None:
        """A channel that came up after start-up (Telegram unreachable at first) joins the pump."""
        self.senders[sender.channel] = sender
        self.delivery.senders[sender.channel] = sender

    def rate(self, channel: str) -> float:
        return self.rates.get(channel) or self.settings.send_rate(channel)

    async def pump(self, now: datetime | None = None) -> Counter[str]:
        """One round over every channel, waiting for its sends; how many rows ended how."""
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
        """One round on one channel, waiting until every row it claimed is settled."""
        settled, started = await self._round(channel, now)
        ended = [label for labels in await asyncio.gather(*started) for label in labels]
        return settled + Counter(ended)

    async def _round(
        self, channel: str, now: datetime | None
    ) -> tuple[Counter[str], list[asyncio.Task[list[str]]]]:
        """Claim, settle what needs no send, start the rest at their slots; the sends in flight."""
        at = now or clock.now()
        rate = self.rate(channel)
        async with self._turn(), self.sessions() as session:
            if await pace.paused_until(session, channel, at) is not None:
                return Counter(), []
            await lazy_commit(session)
            claims = await outbox.claim(
                session,
                now=at,
                limit=max(1, int(rate * self.window)),
                channel=channel,
                lease=self.lease,
            )
            await session.commit()
        if not claims:
            return Counter(), []
        ready, settled = await self.delivery.screen(claims, at, self.holds)
        if not ready:
            return settled, []
        started: list[asyncio.Task[list[str]]] = []
        slots = self._slots.setdefault(channel, asyncio.Semaphore(CONCURRENCY))
        n = 0
        while n < len(ready):
            # A group is the sends of TICK seconds, or of the time the last group took to be
            # marked started if longer (a durable commit on a busy disk): one commit per group
            # keeps up with the rate however slow the disk.
            size = min(
                CONCURRENCY // 2,
                max(1, int(rate * min(max(TICK, self._marking.get(channel, 0.0)), MAX_TICK))),
            )
            group = ready[n : n + size]
            # Room for the whole group first, so that it goes out at its slot and a send marked
            # started is really in flight; then its slots, reserved just before they are used:
            # a process that falls behind (a busy machine) wastes no slot of the others.
            for _ in group:
                await slots.acquire()
            slot = await self._reserve(channel, len(group), rate, now or clock.now())
            wait = (slot - (now or clock.now())).total_seconds()
            if wait > 0:
                await self._sleep(wait)
            if self._stopping:
                # Shutting down: what has not started goes back to the queue at once.
                for _ in group:
                    slots.release()
                rest = [held for held, _ in ready[n:]]
                settled += await self.delivery.release(rest, now or clock.now())
                break
            # Marked started and sent in the background: the next group's slot does not wait
            # for this group's durable commit.
            launch = asyncio.ensure_future(self._launch(channel, group, slots, slot, now))
            self._inflight.add(launch)
            launch.add_done_callback(self._inflight.discard)
            started.append(launch)
            n += len(group)
        log.info(
            "outbox round",
            extra={"fields": {"channel": channel, "claimed": len(claims), **settled}},
        )
        return settled, started

    async def _launch(
        self,
        channel: str,
        group: list[Ready],
        slots: asyncio.Semaphore,
        slot: datetime,
        now: datetime | None,
    ) -> list[str]:
        """Mark a group started (one durable commit), then send each at its slot plus LAG: a
        commit that takes a little longer or shorter than the last does not bunch the sends."""
        marking = time.monotonic()
        try:
            go = await self.delivery.start(group, now or clock.now())
        except Exception:
            # Not marked, so not sent: the rows come back after their lease, not in doubt.
            log.exception("outbox sends not started", extra={"fields": {"channel": channel}})
            go = []
        self._marking[channel] = time.monotonic() - marking
        if now is None:
            wait = (slot + LAG - clock.now()).total_seconds()
            if wait > 0:
                await self._sleep(wait)
        for _ in range(len(group) - len(go)):
            slots.release()
        sends = [
            self.delivery.send(held, prepared, now, answered=slots.release) for held, prepared in go
        ]
        return [*await asyncio.gather(*sends), *["unstarted"] * (len(group) - len(go))]

    async def _reserve(self, channel: str, count: int, rate: float, at: datetime) -> datetime:
        async with self._turn(), self.sessions() as session:
            first = await pace.reserve(session, channel, count, 1.0 / rate, at)
            await session.commit()
        return first

    async def _loop(self, channel: str) -> None:
        """Rounds back to back while the channel has due rows; ends when it has none."""
        while not self._stopping:
            try:
                settled, started = await self._round(channel, None)
            except Exception:
                # The database may be briefly away; the next tick tries again.
                log.exception("outbox round failed", extra={"fields": {"channel": channel}})
                return
            if not settled and not started:
                return

    async def kick(self) -> None:
        """The scheduler's tick: start the loop of every channel whose loop is not running."""
        if self._stopping:
            return
        for channel in self.senders:
            running = self._loops.get(channel)
            if running is None or running.done():
                self._loops[channel] = asyncio.ensure_future(self._loop(channel))

    async def run_once(self) -> None:
        """Kick, then wait until every channel has nothing due and every send is settled."""
        await self.kick()
        await asyncio.gather(*self._loops.values(), *self._inflight, return_exceptions=True)

    async def drain(self, timeout: float = 30.0) -> None:
        """Stop claiming; wait for the sends in flight. Rows not settled come back after the lease."""
        self._stopping = True
        pending = [t for t in (*self._loops.values(), *self._inflight) if not t.done()]
        if not pending:
            return
        done, cut = await asyncio.wait(pending, timeout=timeout)
        for task in cut:
            task.cancel()
        if cut:
            log.warning("outbox sends cut short at shutdown", extra={"fields": {"cut": len(cut)}})

    async def aclose(self) -> None:
        """Finish the sends in progress, then close every sender."""
        await self.drain()
        for sender in self.senders.values():
            await sender.aclose()


__all__ = ["Dispatcher", "Hold", "SendResult"]
