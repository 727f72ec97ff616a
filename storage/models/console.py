"""The staff console's own tables: sign-in links, sessions, its signing key, uploads, the audit log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Id, utcnow
from storage.models.seekers import ApplicationEvent, Seeker


class ConsoleSecret(Base):
    """A secret the console generates once and every server process shares (the signing key)."""

    __tablename__ = "console_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsoleLink(Base):
    """A one-time sign-in link; only a digest of its token is kept."""

    __tablename__ = "console_links"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ConsoleSession(Base):
    """A signed-in browser; the cookie carries the token, the table its digest."""

    __tablename__ = "console_sessions"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    locale: Mapped[str] = mapped_column(String(10), default="zh_CN")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]


class ConsoleUpload(Base):
    """A spreadsheet uploaded for import, kept between its preview and the confirmation."""

    __tablename__ = "console_uploads"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    meeting: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date | None]
    place: Mapped[str | None] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(300))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # The dry run's outcome: counts, and every bad row with its cells and reasons.
    preview: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    imported_at: Mapped[datetime | None]


class AuditEntry(Base):
    """One staff action (import, status change, sign-in, and later broadcasts and schedules)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# Indexes on other tables that the console's Today page (and /stats) count by. Declared here,
# beside the console's tables and in the console's migration, so the tables' own modules stay as
# their owners left them.
Index(
    "ix_seekers_region_group_created",
    Seeker.region_code,
    Seeker.group,
    Seeker.created_at,
    Seeker.agency_id,
)  # /stats groups seekers by home and group from this index alone, in its order: no table reads
Index(
    "ix_seekers_agency_region", Seeker.agency_id, Seeker.region_code
)  # a county's seekers (no agency, home in the county's code range): a seek, not a scan
Index(
    "ix_application_events_status_at", ApplicationEvent.status, ApplicationEvent.at
)  # this week's hires: a short range, not every status change ever made
