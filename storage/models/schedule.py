"""Vocational training sessions, group departures, and who is enrolled and has confirmed.

Times are stored in UTC; staff type and workers read them in GONGYOU_TIMEZONE (bot/schedule).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, Id, Timestamps
from storage.models.seekers import Seeker

# What an enrolment's `state` holds. `waiting` has no seat yet (waiting_position says where in
# the queue); `removed` is staff taking someone off, kept so the row's history (and the reminder
# rows that will name it) stays; `no_show` is also worked out on the roster for those enrolled
# who were not marked attended once attendance is taken and the event is over.
ENROLMENT_STATES = (
    "invited",
    "confirmed",
    "declined",
    "waiting",
    "attended",
    "no_show",
    "removed",
)
# States that hold one of the event's places.
SEATED_STATES = ("invited", "confirmed", "attended", "no_show")


class TrainingSession(Timestamps, Base):
    __tablename__ = "training_sessions"
    __table_args__ = (Index("ix_training_sessions_starts_at", "starts_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    # Who scheduled it: the evening-before summary goes to them.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    title: Mapped[str] = mapped_column(String(200))
    # An occupation code from bot.matching's taxonomy; None: open to every trade.
    occupation: Mapped[str | None] = mapped_column(String(60))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    place: Mapped[str | None] = mapped_column(String(200))
    # Where the place is (GB/T 2260), so that workers nearby are shown it.
    region_code: Mapped[str | None] = mapped_column(String(6))
    capacity: Mapped[int | None]
    bring: Mapped[str | None] = mapped_column(Text)
    # Whom to call: "王老师 13800001111".
    contact: Mapped[str | None] = mapped_column(String(200))
    cancelled_at: Mapped[datetime | None]
    # Set when staff first mark attendance: from then on, after the event, the others are no-shows.
    attendance_taken_at: Mapped[datetime | None]


class Departure(Timestamps, Base):
    """An organised group trip from an assembly point to an employer's site."""

    __tablename__ = "departures"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id"), index=True)
    departs_at: Mapped[datetime]
    # The meeting point.
    assembly_point: Mapped[str] = mapped_column(String(200))
    destination: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int | None]
    bring: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    cancelled_at: Mapped[datetime | None]
    attendance_taken_at: Mapped[datetime | None]


class Enrolment(Timestamps, Base):
    __tablename__ = "enrolments"
    __table_args__ = (
        CheckConstraint(
            "(training_session_id IS NULL) <> (departure_id IS NULL)", name="one_target"
        ),
        # One enrolment per seeker and event (NULLs are distinct, so each pair only binds its kind).
        UniqueConstraint("seeker_id", "training_session_id", name="uq_enrolments_seeker_training"),
        UniqueConstraint("seeker_id", "departure_id", name="uq_enrolments_seeker_departure"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id"), index=True)
    training_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id"), index=True
    )
    departure_id: Mapped[int | None] = mapped_column(ForeignKey("departures.id"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="invited")
    # Where in the event's waiting list (lowest first); None unless waiting.
    waiting_position: Mapped[int | None]
    # "staff" (enrolled by staff), "seeker" (signed up themselves) or "hired" (enrol --hired).
    source: Mapped[str] = mapped_column(String(10), default="staff")
    confirmed_at: Mapped[datetime | None]
    # When the worker last answered (confirmed or declined).
    answered_at: Mapped[datetime | None]
    reminders_sent: Mapped[int] = mapped_column(default=0)
    attended_at: Mapped[datetime | None]

    seeker: Mapped[Seeker] = relationship()
