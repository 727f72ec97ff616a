"""One outbox dispatcher process for the multi-process tests: `python dispatcher_worker.py LEASE`.

Configured as a server is, from the environment (GONGYOU_DATABASE_URL, GONGYOU_TELEGRAM_RATE,
GONGYOU_SMS_RATE, TWILIO_*, TELEGRAM_*), it pumps the outbox as `gongyou serve` does, and exits
once no row is left to send. LEASE (seconds) is short, so that rows a killed process held come
back within the test rather than after the production lease.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

from sqlalchemy import func, select
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.channels.sms.send import TwilioSender
from bot.channels.telegram.outbound import TelegramSender
from bot.config import load_settings
from bot.dispatcher import Dispatcher
from storage.engine import create_engine, session_factory
from storage.models import OPEN_STATUSES, OutboxMessage


async def main(lease: float) -> None:
    settings = load_settings()
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    token = settings.secret("telegram_bot_token")
    assert token is not None
    root = settings.telegram_api_base_url.rstrip("/")
    # As many connections as the server's own bot has (PTB's Application default), not one.
    request = HTTPXRequest(connection_pool_size=256)
    async with Bot(token, base_url=f"{root}/bot", request=request) as bot:
        senders = {"sms": TwilioSender(settings), "telegram": TelegramSender(bot)}
        dispatcher = Dispatcher(sessions, settings, senders, lease=timedelta(seconds=lease))
        print("ready", flush=True)
        try:
            while True:
                await dispatcher.run_once()
                async with sessions() as session:
                    left = await session.scalar(
                        select(func.count())
                        .select_from(OutboxMessage)
                        .where(OutboxMessage.status.in_(OPEN_STATUSES))
                    )
                if not left:
                    break
                # Rows another process holds come back when its lease runs out.
                await asyncio.sleep(0.2)
        finally:
            await dispatcher.aclose()
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1])))
