"""The Starlette application: every HTTP route and start-up resource, wired in one place."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.channels import sms, telegram
from bot.channels.base import body_errors
from bot.channels.outbound import Sender
from bot.channels.sms import replay as sms_replay
from bot.channels.sms import spool as sms_spool
from bot.channels.sms.send import TwilioSender
from bot.channels.telegram.outbound import TelegramSender
from bot.config import Settings, startup_notes
from bot.console import console
from bot.dispatcher import Dispatcher
from bot.scheduler import Scheduler
from bot.search import VacancySearch
from storage.engine import create_engine, session_factory
from storage.turn import WriteTurn

log = logging.getLogger("gongyou.app")

TELEGRAM_RETRY_SECONDS = 60


async def healthz(request: Request) -> JSONResponse:
    """200 when the database answers, 503 otherwise."""
    try:
        async with request.app.state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        log.exception("health check failed")
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


def outbound_senders(
    settings: Settings, channel: telegram.TelegramChannel | None
) -> dict[str, Sender]:
    """The outbox's way out on each configured channel; a channel without one keeps its rows."""
    senders: dict[str, Sender] = {}
    if TwilioSender.configured(settings):
        senders["sms"] = TwilioSender(settings)
    if channel is not None:
        senders["telegram"] = TelegramSender(channel.application.bot)
    return senders


def create_app(settings: Settings, *, bench_echo: bool = False) -> Starlette:
    """Build the app; the database engine lives for the app's lifespan.

    `bench_echo` mounts the SMS echo route the benchmark compares against; never on in production.
    """
    from bot.schedule import reminders

    reminders.configure(settings.timezone, settings.reminders)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.engine = create_engine(settings.database_url)
        app.state.sessions = session_factory(app.state.engine)
        app.state.search = VacancySearch()
        app.state.turn = WriteTurn(settings.database_url)
        app.state.telegram = None
        if settings.telegram_enabled:
            app.state.telegram = await telegram.start_channel(
                settings, app.state.sessions, app.state.search, app.state.turn
            )
        dispatcher = Dispatcher(
            app.state.sessions,
            settings,
            outbound_senders(settings, app.state.telegram),
            turn=app.state.turn,
        )
        app.state.journal = sms_spool.open_journal(settings.spool_dir)
        app.state.scheduler = Scheduler(
            settings,
            app.state.sessions,
            dispatcher,
            turn=app.state.turn,
            replay=lambda stopping: sms_replay.replay(app.state, settings, stopping),
        )

        async def connect_telegram() -> bool:
            """Telegram was unreachable at start-up: try again, and join the dispatcher once up."""
            if app.state.telegram is not None:
                return True
            channel = await telegram.start_channel(
                settings, app.state.sessions, app.state.search, app.state.turn
            )
            if channel is None:
                return False
            app.state.telegram = channel
            dispatcher.add_sender(TelegramSender(channel.application.bot))
            return True

        app.state.connect_telegram = connect_telegram
        if settings.telegram_enabled and app.state.telegram is None:
            app.state.scheduler.retry_until_done(
                "telegram-connect", connect_telegram, TELEGRAM_RETRY_SECONDS
            )
        app.state.scheduler.start()
        log.info("serving", extra={"fields": {"demo": settings.demo}})
        for note in startup_notes(settings):
            log.warning(note)
        try:
            yield
        finally:
            # Before Telegram and the database go: a pump in progress finishes its sends.
            await app.state.scheduler.stop()
            app.state.journal.close()
            if app.state.telegram is not None:
                await app.state.telegram.stop()
            await app.state.engine.dispose()
            log.info("stopped")

    routes = [Route("/healthz", healthz)]
    routes += sms.routes(bench_echo=bench_echo)
    routes += telegram.routes()
    routes.append(console())  # the staff console under /console
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers=body_errors())
    app.state.settings = settings
    return app
