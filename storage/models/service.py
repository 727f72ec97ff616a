"""What several server processes share to behave as one service: the send pace of each channel,
leases (one poller), and staff dialog state that spans two messages (the two-step /import)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class ChannelPace(Base):
    """One row per channel: when the next send may start, for every process together.

    Each sender reserves slots by moving `next_at` forward (storage/pace.py); a provider's "too
    many requests" moves `paused_until`, which stops every process, not one send slot.
    """

    __tablename__ = "channel_pace"

    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    next_at: Mapped[datetime] = mapped_column(default=utcnow)
    paused_until: Mapped[datetime | None]


class Lease(Base):
    """Something only one process may do at a time (Telegram long polling), held until it expires
    unless renewed."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime]


class StaffPending(Base):
    """A staff step waiting for its second message (`/import NAME`, then the file), so that the
    file may arrive at any server process."""

    __tablename__ = "staff_pending"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    argument: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]
