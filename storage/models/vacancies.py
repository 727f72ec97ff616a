"""Labour cooperation meetings, the employers who came to them, and the vacancies they posted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, Id, Timestamps, utcnow

VACANCY_STATUSES = ("open", "closed", "filled")
# The import checks' verdict (bot/importing/checks.py): "held" is never listed nor broadcast until
# staff approve it; "approved" was held and a staff member let it through.
REVIEW_STATES = ("ok", "held", "approved")


class Meeting(Timestamps, Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    held_on: Mapped[date | None]
    place: Mapped[str | None] = mapped_column(String(200))
    host_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))


class Employer(Timestamps, Base):
    __tablename__ = "employers"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Vacancy(Timestamps, Base):
    __tablename__ = "vacancies"
    __table_args__ = (
        # The import key: a row's ref, or a digest of its content when the file has no refs.
        UniqueConstraint("meeting_id", "source_key", name="uq_vacancies_meeting_source_key"),
        Index("ix_vacancies_status_region", "status", "region_code"),
        # The dialog's index checks max(updated_at) per search to notice imports; keep it O(log n).
        Index("ix_vacancies_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # Space-separated occupation codes from bot.matching's taxonomy; the in-memory index reads them.
    occupations: Mapped[str] = mapped_column(String(500), default="")
    skills_text: Mapped[str | None] = mapped_column(Text)
    location_text: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(String(6))
    country: Mapped[str | None] = mapped_column(String(2))
    headcount: Mapped[int]
    filled: Mapped[int] = mapped_column(default=0)
    wage_min: Mapped[int | None]
    wage_max: Mapped[int | None]
    wage_text: Mapped[str | None] = mapped_column(String(100))
    # What wage_min/wage_max count: month, day, hour, piece, year; None when negotiable or unknown.
    wage_unit: Mapped[str | None] = mapped_column(String(10))
    age_min: Mapped[int | None]
    age_max: Mapped[int | None]
    deadline: Mapped[date | None]
    departure_on: Mapped[date | None]
    benefits: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="open")
    ref: Mapped[str | None] = mapped_column(String(100))
    source_key: Mapped[str] = mapped_column(String(100))
    source_file: Mapped[str | None] = mapped_column(String(300))
    source_row: Mapped[int | None]
    content_hash: Mapped[str] = mapped_column(String(64))
    # 日结 / 周结 / 月结 as written, what comes with the job's board, hours, who signs the contract.
    pay_schedule: Mapped[str | None] = mapped_column(String(50))
    board: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[str | None] = mapped_column(String(100))
    contractor: Mapped[str | None] = mapped_column(String(200))
    review: Mapped[str] = mapped_column(String(10), default="ok", server_default="ok")
    # [{"code": "fee", "detail": "押金200元"}, ...] when held; kept after approval, for the record.
    review_flags: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    reviewed_at: Mapped[datetime | None]
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    meeting: Mapped[Meeting] = relationship()
    employer: Mapped[Employer] = relationship()

    @property
    def open_places(self) -> int:
        return max(self.headcount - self.filled, 0)


class VacancyReport(Base):
    """A worker's 举报 of a vacancy (a fee asked, a fake job): staff follow each one up."""

    __tablename__ = "vacancy_reports"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"), index=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id"), index=True)
    # What the worker wrote with it (举报 收押金), as written.
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="new")
    at: Mapped[datetime] = mapped_column(default=utcnow)
