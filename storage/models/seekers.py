"""Job seekers, their dialog state, and their applications with a status history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, Id, Timestamps, utcnow
from storage.models.vacancies import Vacancy

GROUPS = ("laid_off", "rural", "graduate", "4050", "other")
APPLICATION_STATUSES = (
    "interested",
    "contacted",
    "referred",
    "hired",
    "departed",
    "withdrawn",
    "rejected",
)


class Seeker(Timestamps, Base):
    __tablename__ = "seekers"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)  # E.164
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    telegram_unreachable: Mapped[bool] = mapped_column(default=False)
    # Twilio said the number cannot take SMS (21211 invalid, 30006 landline or unreachable).
    sms_unreachable: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(String(10), default="zh_CN")
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    skills_text: Mapped[str | None] = mapped_column(Text)
    occupations: Mapped[str] = mapped_column(String(500), default="")
    scope: Mapped[str | None] = mapped_column(String(10))
    # Where they would like to work: a GB/T 2260 code or an ISO country code; raises vacancies there.
    destination: Mapped[str | None] = mapped_column(String(6))
    birth_year: Mapped[int | None]
    # New-opening alerts (不要推送 / 推送) apart from opting out of everything.
    alerts: Mapped[bool] = mapped_column(default=True)
    group: Mapped[str] = mapped_column(String(10), default="other")
    opted_out: Mapped[bool] = mapped_column(default=False)
    opted_out_at: Mapped[datetime | None]
    channel: Mapped[str] = mapped_column(String(10), default="sms")
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    # Named dialog state ("register:region") so a conversation survives restarts and channels.
    dialog_state: Mapped[str | None] = mapped_column(String(50))
    dialog_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    dialog_updated_at: Mapped[datetime | None]
    # When the open question stops waiting for its answer (a list, an alert, a reminder).
    dialog_expires_at: Mapped[datetime | None]


class Application(Timestamps, Base):
    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("seeker_id", "vacancy_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id"), index=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="interested")

    seeker: Mapped[Seeker] = relationship()
    vacancy: Mapped[Vacancy] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", order_by="ApplicationEvent.at"
    )


class ApplicationEvent(Base):
    """One status change; the history of an application is the list of these."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")
