"""Broadcasts of new openings, and the alerts they sent: who heard of which vacancy, on which day.

An alert row is written when a broadcast queues its message, one per (seeker, vacancy) offered:
unique, so that nobody hears of one vacancy twice, and dated in the agency's local day, so the
daily cap (GONGYOU_ALERTS_PER_DAY) counts the broadcasts a seeker got today.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Id, utcnow

BROADCAST_CHANNELS = ("all", "sms", "telegram")
# "preview": a staff member's /broadcast shown with its counts, waiting for the confirm button;
# "queued": its messages are in the outbox.
BROADCAST_STATES = ("preview", "queued")


class Broadcast(Base):
    __tablename__ = "broadcasts"
    __table_args__ = (
        CheckConstraint("(vacancy_id IS NULL) <> (meeting_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    # Who started it: a staff member (Telegram), or nobody known (the CLI, an import).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    via: Mapped[str] = mapped_column(String(10), default="cli")  # cli, telegram, import
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    # The vacancies it may offer: the one, or the meeting's (an import: only those it added).
    vacancy_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    channel: Mapped[str] = mapped_column(String(10), default="all")
    state: Mapped[str] = mapped_column(String(10), default="queued")
    targeted: Mapped[int] = mapped_column(default=0)
    targeted_sms: Mapped[int] = mapped_column(default=0)
    targeted_telegram: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime | None]


class Alert(Base):
    """One seeker told of one vacancy by one broadcast, on the agency's local day."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("seeker_id", "vacancy_id"),
        # The daily cap counts today's broadcasts per seeker from this index alone.
        Index("ix_alerts_day_seeker", "local_day", "seeker_id", "broadcast_id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id"), index=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id"))
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"), index=True)
    local_day: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
