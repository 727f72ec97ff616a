"""The agency network (provincial centre > city office > community office) and its staff."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, Id, Timestamps

AGENCY_LEVELS = ("province", "city", "community")
STAFF_ROLES = ("staff", "admin")


class Agency(Timestamps, Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str] = mapped_column(String(20), default="city")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    region_code: Mapped[str | None] = mapped_column(String(6))

    parent: Mapped[Agency | None] = relationship(remote_side=[id])


class Staff(Timestamps, Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(100))
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(10), default="staff")

    agency: Mapped[Agency] = relationship()
