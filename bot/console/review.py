"""Approving a vacancy the import checks held, from its page: listed from then on, audited."""

from __future__ import annotations

from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from bot import clock
from bot.console.auth import Desk
from bot.console.filters import id_value
from bot.console.web import Refused, action, path, see_other
from bot.staff import audit
from storage.models import Vacancy
from storage.vacancies import approve as approve_vacancy


@action()
async def approve(request: Request, desk: Desk, session, form: FormData) -> Response:
    found = id_value(request.path_params["id"])
    if found is None:
        raise Refused(404, "console.error.not_found")
    async with request.app.state.turn():
        # Only a vacancy of the desk's own meetings: another office's held vacancy is not theirs.
        mine = await session.scalar(
            select(Vacancy.id).where(Vacancy.id == found, desk.scope.vacancies())
        )
        if mine is None:
            raise Refused(404, "console.error.not_found")
        now = clock.now()
        done = await approve_vacancy(session, found, desk.staff, now)
        if done is not None and done.changed:
            detail = {"via": "console", "flags": list(done.vacancy.review_flags or [])}
            audit.record(session, desk.staff, "vacancy_approve", f"vacancy:{found}", detail, at=now)
        await session.commit()
    return see_other(path("vacancies", found) + "?approved=1")
