"""The audit log: who did what, written in the same transaction as the action itself.

Shared by every way staff act: the console, the Telegram staff commands, and later broadcasts
and schedules (each adds its action name to ACTIONS and a label to the catalogs).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Agency, AuditEntry, Staff

# Every action the console (and later broadcasts and schedules) records; labels live in messages.
ACTIONS = (
    "sign_in",
    "sign_out",
    "import",
    "application_status",
    "export",
    "broadcast",
    "training_add",
    "training_edit",
    "training_cancel",
    "departure_add",
    "departure_edit",
    "departure_cancel",
    "enrol",
    "enrolment_remove",
    "enrolment_decline",
    "attendance",
    "vacancy_approve",
)
PAGE = 100


def record(
    session: AsyncSession,
    staff: Staff | None,
    action: str,
    target: str | None = None,
    detail: Mapping[str, Any] | None = None,
    *,
    at: datetime,
) -> None:
    """Add an entry to the session's transaction; the action's own commit writes it."""
    session.add(
        AuditEntry(
            at=at,
            staff_id=staff.id if staff else None,
            agency_id=staff.agency_id if staff else None,
            action=action,
            target=target,
            detail=dict(detail or {}),
        )
    )


async def entries(session: AsyncSession, page: int) -> tuple[list[tuple], int]:
    """One page of the log, newest first: (entry, staff, agency name) rows, and the total."""
    agency = aliased(Agency)
    query = (
        select(AuditEntry, Staff, agency.name)
        .outerjoin(Staff, Staff.id == AuditEntry.staff_id)
        .outerjoin(agency, agency.id == AuditEntry.agency_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(PAGE)
        .offset(PAGE * (page - 1))
    )
    total = await session.scalar(select(func.count(AuditEntry.id))) or 0
    return [tuple(row) for row in await session.execute(query)], total
