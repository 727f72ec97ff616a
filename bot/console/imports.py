"""Import by upload: the sheet goes through the bounded worker, a dry run shows every bad row
beside its reason, and only a confirmation writes. Forms post, then redirect."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import PurePath

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from bot import clock
from bot.console.auth import Desk
from bot.console.filters import id_value
from bot.console.preview import preview_of, reason, run_import
from bot.console.vacancies import meetings_in_scope
from bot.console.web import (
    UPLOAD_LIMIT,
    UPLOAD_SECONDS,
    Refused,
    action,
    page,
    path,
    see_other,
    show,
)
from bot.importing.fields import BadValue, parse_date
from bot.importing.service import MEETING_WIDTH
from bot.staff.commands import foreign_meeting
from storage.models import ConsoleUpload
from storage.staff import meeting_by_name

SUFFIXES = (".csv", ".xlsx")
RECENT = 10
KEEP = timedelta(days=7)  # an upload nobody confirmed is forgotten after a week


async def _recent(session: AsyncSession, desk: Desk) -> list[ConsoleUpload]:
    query = (
        select(ConsoleUpload)
        .where(ConsoleUpload.staff_id == desk.staff.id)
        .order_by(ConsoleUpload.created_at.desc(), ConsoleUpload.id.desc())
        .limit(RECENT)
    )
    return list(await session.scalars(query.execution_options(populate_existing=True)))


@page
async def import_form(request: Request, desk: Desk, session) -> Response:
    return show(
        request,
        desk,
        "import.html",
        active="import",
        meetings=await meetings_in_scope(session, desk.scope),
        recent=await _recent(session, desk),
        values={"meeting": request.query_params.get("meeting", "")[:MEETING_WIDTH]},
        limit_mb=UPLOAD_LIMIT // 1024 // 1024,
    )


def _upload_fields(form: FormData) -> tuple[UploadFile, str, date | None, str | None]:
    """The file and the meeting it belongs to; a missing or wrong one is refused with a reason."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise Refused(400, "console.import.no_file")
    if PurePath(upload.filename.lower()).suffix not in SUFFIXES:
        raise Refused(400, "console.import.bad_type")
    meeting = " ".join(str(form.get("meeting", "")).split())
    if not meeting or len(meeting) > MEETING_WIDTH:
        raise Refused(400, "console.import.no_meeting")
    try:
        held_on = parse_date(str(form.get("held_on", "")))
    except BadValue:
        raise Refused(400, "console.import.bad_date") from None
    place = " ".join(str(form.get("place", "")).split())[:200] or None
    return upload, meeting, held_on, place


@action(limit=UPLOAD_LIMIT + 64 * 1024, seconds=UPLOAD_SECONDS)
async def upload(request: Request, desk: Desk, session, form: FormData) -> Response:
    """Keep the file, run the dry run, and show its preview."""
    sheet, meeting, held_on, place = _upload_fields(form)
    if foreign_meeting(await meeting_by_name(session, meeting), desk.scope):
        raise Refused(403, "console.import.not_yours")
    await session.commit()  # the dry run reads and writes in its own sessions
    data = await sheet.read()
    now = clock.now()
    record = ConsoleUpload(
        staff_id=desk.staff.id,
        meeting=meeting,
        held_on=held_on,
        place=place,
        file_name=(sheet.filename or "upload")[-300:],
        data=data,
        created_at=now,
    )
    record.preview = await preview_of(request.app.state, record, dry_run=True)
    async with request.app.state.turn():
        cutoff = now - KEEP
        await session.execute(delete(ConsoleUpload).where(ConsoleUpload.created_at < cutoff))
        session.add(record)
        await session.commit()
    return see_other(path("import", record.id))


async def _mine(session: AsyncSession, desk: Desk, raw: object) -> ConsoleUpload:
    """The desk's own upload; anyone else's reads as not existing."""
    found = id_value(raw)
    query = select(ConsoleUpload).where(
        ConsoleUpload.id == found, ConsoleUpload.staff_id == desk.staff.id
    )
    record = await session.scalar(query) if found else None
    if record is None:
        raise Refused(404, "console.error.not_found")
    return record


@page
async def preview(request: Request, desk: Desk, session) -> Response:
    record = await _mine(session, desk, request.path_params["id"])
    meeting = await meeting_by_name(session, record.meeting)
    return show(
        request,
        desk,
        "import_preview.html",
        active="import",
        upload=record,
        report=record.preview or {},
        reason=lambda problem: reason(problem, desk.locale),
        meeting_id=meeting.id if meeting else "",
    )


@action()
async def confirm(request: Request, desk: Desk, session, form: FormData) -> Response:
    """Import for real what the preview showed; a sheet that now fails shows its errors again."""
    record = await _mine(session, desk, request.path_params["id"])
    if record.imported_at is None:
        if foreign_meeting(await meeting_by_name(session, record.meeting), desk.scope):
            raise Refused(403, "console.import.not_yours")
        await session.commit()  # the import writes in its own sessions, in the write turn
        report = await run_import(request.app.state, record, desk.staff)
        async with request.app.state.turn():
            record.preview = report
            record.imported_at = clock.now() if report.get("ok") else None
            session.add(record)
            await session.commit()
    return see_other(path("import", record.id))
