"""The audit log, newest first, for admins only."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.console.auth import Desk
from bot.console.filters import Pages, page_param, with_page
from bot.console.web import Refused, page, show
from bot.staff.audit import PAGE, entries


@page
async def audit_log(request: Request, desk: Desk, session) -> Response:
    if not desk.admin:
        raise Refused(403, "console.error.admins_only")
    number = page_param(request.query_params)
    rows, total = await entries(session, number)
    return show(
        request,
        desk,
        "audit.html",
        active="audit",
        rows=rows,
        pages=Pages(number, total, PAGE),
        page_link=lambda n: with_page(request.query_params, n),
    )
