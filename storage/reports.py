"""Workers' reports (举报) of vacancies: one per worker and vacancy, its words added as they come."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import VacancyReport

NOTE_CHARS = 2000  # what a report keeps of the worker's words: far more than any SMS thread


def _joined(before: str | None, note: str | None) -> str | None:
    if not note:
        return before
    text = f"{before}\n{note}" if before else note
    return text[:NOTE_CHARS]


async def report_vacancy(
    session: AsyncSession, vacancy_id: int, seeker_id: int, note: str | None, now: datetime
) -> tuple[VacancyReport, bool]:
    """The worker's report of the vacancy (made now, or the one they made before) and whether it
    is new; `note` (what happened, as they wrote it) is added to it."""
    report = await session.scalar(
        select(VacancyReport).where(
            VacancyReport.vacancy_id == vacancy_id, VacancyReport.seeker_id == seeker_id
        )
    )
    if report is not None:
        report.text = _joined(report.text, note)
        return report, False
    report = VacancyReport(
        vacancy_id=vacancy_id, seeker_id=seeker_id, text=_joined(None, note), at=now
    )
    session.add(report)
    await session.flush()
    return report, True


async def add_note(session: AsyncSession, report_id: int, note: str) -> bool:
    """What the worker wrote after reporting, added to the report; False if it is gone."""
    report = await session.get(VacancyReport, report_id)
    if report is None:
        return False
    report.text = _joined(report.text, note.strip())
    return True
