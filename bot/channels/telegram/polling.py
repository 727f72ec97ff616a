"""Long polling by one process only: Telegram answers two getUpdates callers with 409 Conflict.

The poller holds a database lease, renewed while it runs. A second `gongyou serve` in polling
mode finds the lease taken and does not poll (it still sends, and answers what it is given);
it takes over if the poller stops or dies and its lease runs out. Webhooks have no such limit:
run several processes with a webhook behind a proxy.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import timedelta

from telegram.ext import Updater

from bot import clock
from bot.channels.telegram.bridge import Sessions
from storage import leases

log = logging.getLogger("gongyou.telegram")

LEASE = "telegram-polling"
TTL = timedelta(seconds=60)
RENEW_SECONDS = 20.0


class Poller:
    """Starts long polling when this process holds the lease, and keeps the lease."""

    def __init__(
        self,
        updater: Updater,
        sessions: Sessions,
        turn: Callable[[], AbstractAsyncContextManager[object]],
        allowed_updates: Sequence[str],
    ) -> None:
        self.updater = updater
        self.sessions = sessions
        self.turn = turn
        self.allowed_updates = list(allowed_updates)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._keeping: asyncio.Task[None] | None = None

    async def _lease(self) -> bool:
        async with self.turn(), self.sessions() as session:
            held = await leases.acquire(session, LEASE, self.holder, clock.now(), TTL)
            await session.commit()
        return held

    async def start(self) -> bool:
        """Poll if no other process does; True when this one polls."""
        polling = await self._lease()
        if polling:
            await self.updater.start_polling(allowed_updates=self.allowed_updates)
        else:
            log.warning(
                "another process polls Telegram: this one does not (set a webhook to run several)"
            )
        self._keeping = asyncio.ensure_future(self._keep())
        return polling

    async def _keep(self) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            try:
                held = await self._lease()
            except Exception:
                log.exception("telegram polling lease not renewed")
                continue
            if held and not self.updater.running:
                log.info("telegram polling taken over from a process that stopped")
                await self.updater.start_polling(allowed_updates=self.allowed_updates)
            elif not held and self.updater.running:
                # This process stalled past its lease and another one polls now.
                log.warning("telegram polling lease lost: polling stops here")
                await self.updater.stop()

    async def stop(self) -> None:
        """Stop keeping the lease and give it up, so another process may poll at once."""
        if self._keeping is not None:
            self._keeping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeping
        if self.updater.running:
            await self.updater.stop()
        try:
            async with self.turn(), self.sessions() as session:
                await leases.release(session, LEASE, self.holder)
                await session.commit()
        except Exception:
            log.exception("telegram polling lease not released; it expires by itself")
