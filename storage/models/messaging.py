"""The outbox of messages not tied to an inbound one, and the log of inbound messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Id, utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "delivered", "failed", "cancelled")


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    seeker_id: Mapped[int | None] = mapped_column(ForeignKey("seekers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20), default="alert")
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    provider_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # Unique so that a broadcast or reminder re-run never queues the same message twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class InboundMessage(Base):
    """Keyed by the provider's id so a provider retry is answered, not processed, again."""

    __tablename__ = "inbound_messages"
    __table_args__ = (
        UniqueConstraint("channel", "provider_id"),
        # The hourly SMS limit counts one number's recent messages on every inbound SMS.
        Index("ix_inbound_messages_address_recent", "channel", "address", "received_at"),
        # The daily clean-up deletes by age.
        Index("ix_inbound_messages_received_at", "received_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    provider_id: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(40))
    seeker_id: Mapped[int | None] = mapped_column(ForeignKey("seekers.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    reply: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
