"""In-process timers (APScheduler 3): the outbox pump, journal replay and daily cleanup.

APScheduler's job stores are not shared between processes, so no job state is kept there: each
server process runs its own timers, and the outbox rows decide what is sent, and by whom.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import clock
from bot.config import Settings
from bot.dispatcher import Dispatcher
from storage import outbox, statuses
from storage.turn import WriteTurn

log = logging.getLogger("gongyou.scheduler")

# How often an idle channel looks for due rows; a busy one claims again as soon as its last
# claim's sends have started.
PUMP_SECONDS = 1
# How often messages journaled while the database was away are tried again (and once at start-up).
REPLAY_SECONDS = 5
# Shutting down lets a replay finish the message in hand; past this it is cancelled (a database that
# hangs), which loses nothing: a file goes only once all of it is committed, and replay is idempotent.
REPLAY_DRAIN_SECONDS = 10
# Long past Twilio's and Telegram's retry windows, so a redelivered webhook is still recognised,
# and long past the hour the SMS rate limit counts.
KEEP_INBOUND = timedelta(days=30)
CLEANUP_AT = {"hour": 3, "minute": 30}  # local time, when the agency sends nothing


async def cleanup(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime | None = None,
    turn: WriteTurn | None = None,
) -> int:
    """Delete inbound messages older than KEEP_INBOUND; returns how many went."""
    before = (now or clock.now()) - KEEP_INBOUND
    async with turn() if turn else contextlib.nullcontext(), sessions() as session:
        deleted = await outbox.forget_inbound(session, before)
        await statuses.forget_early(session, now or clock.now())
        await session.commit()
    log.info("inbound messages forgotten", extra={"fields": {"deleted": deleted}})
    return deleted


class Scheduler:
    """Starts the timers in the app's lifespan and stops them, letting a pump in progress finish."""

    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        dispatcher: Dispatcher,
        *,
        pump_seconds: float = PUMP_SECONDS,
        turn: WriteTurn | None = None,
        replay: Callable[[Callable[[], bool]], Awaitable[object]] | None = None,
        replay_seconds: float = REPLAY_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.dispatcher = dispatcher
        self._replay = replay
        self._replaying: asyncio.Future[object] | None = None
        self._stopping = False
        self.timers = AsyncIOScheduler(timezone=settings.timezone)
        # The tick only starts the loops of idle channels; it never waits for them.
        self.timers.add_job(
            dispatcher.kick,
            "interval",
            seconds=pump_seconds,
            id="outbox-pump",
            max_instances=1,
            coalesce=True,
            next_run_time=clock.now(),
        )
        self.timers.add_job(
            cleanup,
            "cron",
            args=[sessions, None, turn],
            id="inbound-cleanup",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=3600,
            **CLEANUP_AT,
        )
        if replay is not None:
            self.timers.add_job(
                self.replay_once,
                "interval",
                seconds=replay_seconds,
                id="journal-replay",
                max_instances=1,
                coalesce=True,
                next_run_time=clock.now(),
            )

    async def replay_once(self) -> None:
        """The replay job; it asks between messages whether the scheduler is stopping."""
        assert self._replay is not None
        if self._replaying is None or self._replaying.done():
            self._replaying = asyncio.ensure_future(self._replay(lambda: self._stopping))
        try:
            await asyncio.shield(self._replaying)
        except asyncio.CancelledError:
            if not self._stopping:
                raise
            # APScheduler cancels its running jobs on shutdown; stop() waits for the replay itself.
        except Exception:
            # The journal stays as it is; the next tick tries again.
            log.exception("journal replay failed")

    def retry_until_done(self, job_id: str, attempt, seconds: float) -> None:
        """Run `attempt` every `seconds` until it returns True (e.g. reaching Telegram)."""

        async def run() -> None:
            if await attempt():
                self.timers.remove_job(job_id)

        self.timers.add_job(
            run, "interval", seconds=seconds, id=job_id, max_instances=1, coalesce=True
        )

    def start(self) -> None:
        """Start the timers on the running event loop."""
        self.timers.start()
        log.info("scheduler started")

    async def stop(self) -> None:
        """Stop the timers, wait for a pump in progress, close the senders."""
        self._stopping = True
        if self.timers.running:
            self.timers.shutdown(wait=False)
            # AsyncIOScheduler shuts down through call_soon: let the loop run it now.
            await asyncio.sleep(0)
        if self._replaying is not None and not self._replaying.done():
            # It stops after the message in hand; the rest stays journaled for the next start.
            await asyncio.wait([self._replaying], timeout=REPLAY_DRAIN_SECONDS)
            self._replaying.cancel()
        await self.dispatcher.aclose()
        log.info("scheduler stopped")
