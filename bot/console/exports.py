"""Exports: the CSV files `gongyou export` writes, limited to what the desk may see."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from bot import clock
from bot.console.auth import Desk
from bot.console.web import Refused, page, show
from bot.exporting import EXPORTS, KINDS, CsvWriter
from bot.staff import audit
from storage.staff import Scope

BATCH = 1000


def scoped(kind: str, scope: Scope):
    """The export's own query with the desk's scope added."""
    condition = {
        "seekers": scope.seekers,
        "vacancies": scope.vacancies,
        "applications": scope.applications,
    }[kind]()
    return EXPORTS[kind].query.where(condition)


async def _csv(sessions, kind: str, scope: Scope) -> AsyncIterator[bytes]:
    """CSV bytes as rows stream from the database, a thousand at a time."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer, EXPORTS[kind].columns)
    async with sessions() as session:
        result = await session.stream(scoped(kind, scope).execution_options(yield_per=BATCH))
        count = 0
        async for record in result.tuples():
            writer.write(EXPORTS[kind].row(*record))
            count += 1
            if count % BATCH == 0:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


@page
async def exports(request: Request, desk: Desk, session) -> Response:
    return show(request, desk, "exports.html", active="exports", kinds=KINDS)


@page
async def download(request: Request, desk: Desk, session) -> Response:
    kind = request.path_params["kind"]
    if kind not in KINDS:
        raise Refused(404, "console.error.not_found")
    now = clock.now()
    async with request.app.state.turn():
        audit.record(session, desk.staff, "export", kind, {"format": "csv"}, at=now)
        await session.commit()
    day = clock.local_today(request.app.state.settings.timezone).strftime("%Y%m%d")
    name = f"gongyou-{kind}-{day}.csv"
    return StreamingResponse(
        _csv(request.app.state.sessions, kind, desk.scope),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
