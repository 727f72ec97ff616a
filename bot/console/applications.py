"""Changing an application's status from the console: the worker is told, the change audited."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from bot import clock
from bot.console.auth import Desk
from bot.console.filters import id_value
from bot.console.notices import NOTICE_STATUSES, tell_worker
from bot.console.web import Refused, action, path, safe_next, see_other
from bot.staff import audit
from storage.models import Application, ApplicationEvent, Vacancy


async def _places(session: AsyncSession, vacancy_id: int, before: str, after: str) -> None:
    """A hire fills one of the vacancy's places; taking a hire back frees it again."""
    step = (after == "hired") - (before == "hired")
    if step:
        filled = Vacancy.filled + step
        await session.execute(
            update(Vacancy)
            .where(Vacancy.id == vacancy_id)
            .values(filled=case((filled < 0, 0), else_=filled))
        )


async def change_status(
    session: AsyncSession, desk: Desk, application: Application, status: str, now: datetime
) -> bool | None:
    """Set the status, log it, tell the worker; None when nothing changed, else whether told."""
    before = application.status
    if before == status:
        return None
    application.status = status
    event = ApplicationEvent(
        application_id=application.id, status=status, staff_id=desk.staff.id, at=now
    )
    session.add(event)
    await session.flush()
    await _places(session, application.vacancy_id, before, status)
    vacancy = application.vacancy
    told = await tell_worker(
        session, application.seeker, application, vacancy, status, event_id=event.id, now=now
    )
    audit.record(
        session,
        desk.staff,
        "application_status",
        f"application:{application.id}",
        {
            "from": before,
            "to": status,
            "seeker_id": application.seeker_id,
            "vacancy_id": application.vacancy_id,
            "told": told,
        },
        at=now,
    )
    return told


@action()
async def set_status(request: Request, desk: Desk, session, form: FormData) -> Response:
    status = form.get("status")
    found = id_value(request.path_params["id"])
    if status not in NOTICE_STATUSES or found is None:
        raise Refused(400, "console.error.bad_form")
    async with request.app.state.turn():
        application = await session.scalar(
            select(Application)
            .where(Application.id == found, desk.scope.applications())
            .options(
                selectinload(Application.seeker),
                selectinload(Application.vacancy).selectinload(Vacancy.employer),
            )
            .with_for_update()
        )
        if application is None:
            raise Refused(404, "console.error.not_found")
        told = await change_status(session, desk, application, str(status), clock.now())
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
