"""Vocational training sessions, group departures, and who is enrolled and has confirmed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Id, Timestamps

ENROLMENT_STATES = ("invited", "confirmed", "declined", "attended", "no_show")


class TrainingSession(Timestamps, Base):
    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    title: Mapped[str] = mapped_column(String(200))
    occupation: Mapped[str | None] = mapped_column(String(60))
    starts_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[int | None]


class Departure(Timestamps, Base):
    """An organised group trip from an assembly point to an employer's site."""

    __tablename__ = "departures"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id"), index=True)
    departs_at: Mapped[datetime]
    assembly_point: Mapped[str] = mapped_column(String(200))
    destination: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class Enrolment(Timestamps, Base):
    __tablename__ = "enrolments"
    __table_args__ = (
        CheckConstraint(
            "(training_session_id IS NULL) <> (departure_id IS NULL)", name="one_target"
        ),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id"), index=True)
    training_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id"), index=True
    )
    departure_id: Mapped[int | None] = mapped_column(ForeignKey("departures.id"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="invited")
    confirmed_at: Mapped[datetime | None]
