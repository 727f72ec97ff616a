"""Changing an application's status from the console (bot/staff/applications.py does the move)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from bot import clock
from bot.console.auth import Desk
from bot.console.filters import id_value
from bot.console.notices import NOTICE_STATUSES
from bot.console.web import Refused, action, path, safe_next, see_other
from bot.staff.applications import application_to_move, change_status


@action()
async def set_status(request: Request, desk: Desk, session, form: FormData) -> Response:
    status = form.get("status")
    found = id_value(request.path_params["id"])
    if status not in NOTICE_STATUSES or found is None:
        raise Refused(400, "console.error.bad_form")
    async with request.app.state.turn():
        application = await application_to_move(session, found, desk.scope.applications())
        if application is None:
            raise Refused(404, "console.error.not_found")
        told = await change_status(
            session, desk.staff, application, str(status), clock.now(), via="console"
        )
        await session.commit()
    back = safe_next(form.get("next"), path("vacancies", application.vacancy_id))
    if told is not None:
        back = marked(back, "told" if told else "untold", application.id)
    return see_other(back.partition("#")[0] + f"#application-{application.id}")


def marked(url: str, key: str, value: int) -> str:
    """`url` with `key=value` in its query, replacing an earlier told/untold mark."""
    address, _, query = url.partition("#")[0].partition("?")
    items = [(k, v) for k, v in parse_qsl(query) if k not in ("told", "untold")]
    return f"{address}?{urlencode([*items, (key, str(value))])}"
