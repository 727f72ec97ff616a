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
from bot.config import Settings
from bot.search import VacancySearch
from storage.engine import create_engine, session_factory

log = logging.getLogger("gongyou.app")


async def healthz(request: Request) -> JSONResponse:
    """200 when the database answers, 503 otherwise."""
    try:
        async with request.app.state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        log.exception("health check failed")
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


def create_app(settings: Settings, *, bench_echo: bool = False) -> Starlette:
    """Build the app; the database engine lives for the app's lifespan.

    `bench_echo` mounts the SMS echo route the benchmark compares against; never on in production.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.engine = create_engine(settings.database_url)
        app.state.sessions = session_factory(app.state.engine)
        app.state.search = VacancySearch()
        app.state.telegram = None
        if settings.telegram_enabled:
            app.state.telegram = await telegram.start_channel(
                settings, app.state.sessions, app.state.search
            )
        log.info("serving", extra={"fields": {"demo": settings.demo}})
        try:
            yield
        finally:
            if app.state.telegram is not None:
                await app.state.telegram.stop()
            await app.state.engine.dispose()
            log.info("stopped")

    routes = [Route("/healthz", healthz)]
    routes += sms.routes(bench_echo=bench_echo)
    routes += telegram.routes()
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    return app
