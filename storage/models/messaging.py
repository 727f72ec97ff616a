"""The outbox of messages not tied to an inbound one, and the log of inbound messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Id, utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "delivered", "failed", "cancelled")
# What a row is for; it sets the row's lane (storage.outbox.LANES): replies first, then reminders
# and notices, then alerts, so a broadcast never holds up a reminder.
PURPOSES = ("reply", "reminder", "notice", "alert")
# Rows a sender may still claim: waiting, or held by a sender whose lease may run out.
OPEN_STATUSES = ("pending", "sending")


class OutboxMessage(Base):
    """One message to one address, named by what to say (a catalog key and its parameters) and
    rendered when it is sent, in the seeker's language then. See storage/outbox.py for the rules.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        # The claim: per lane, the open rows whose time has come, oldest first. Partial, so the
        # millions of settled rows never enter it.
        Index(
            "ix_outbox_queue",
            "purpose",
            "not_before",
            postgresql_where=sql("status IN ('pending', 'sending')"),
            sqlite_where=sql("status IN ('pending', 'sending')"),
        ),
        # Telegram's 1/s per chat: was anything sent to this chat in the last second?
        Index("ix_outbox_chat_sent", "channel", "address", "sent_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    seeker_id: Mapped[int | None] = mapped_column(ForeignKey("seekers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(20), default="alert")
    # What to say: a messages catalog key and its parameters (JSON; nested lines and elastic
    # values encoded by storage.outbox), with choices (buttons on Telegram, numbered on SMS) and a
    # footer. NULL for a row queued as finished text.
    template: Mapped[str | None] = mapped_column(String(80))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    choices: Mapped[list[Any] | None] = mapped_column(JSON)
    footer: Mapped[list[Any] | None] = mapped_column(JSON)
    # Finished text: queued as such (a reply the dialog already rendered), or what the last
    # attempt sent (written when the send starts, so an SMS in doubt can be found by its body).
    text: Mapped[str | None] = mapped_column(Text)
    # A broadcast (no foreign key: the broadcasts table belongs to that feature) or an enrolment
    # (a training or departure reminder); bulk cancel goes by either.
    campaign_id: Mapped[int | None] = mapped_column(Id, index=True)
    enrolment_id: Mapped[int | None] = mapped_column(ForeignKey("enrolments.id"), index=True)
    # When the message is meant to go; never moved.
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When a sender may next claim the row: due_at at first, later a backoff, a deferral (quiet
    # hours, a rate pause) or, while `sending`, the end of the sender's lease.
    not_before: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # Incremented by every claim: (id, claims) names one claim, so only its holder settles it.
    claims: Mapped[int] = mapped_column(default=0)
    # Sends started; a deferral is no attempt.
    attempts: Mapped[int] = mapped_column(default=0)
    # When the current claim began talking to the provider. A row whose lease ran out with this
    # set is in doubt: the provider may have taken it.
    started_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    provider_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # Unique so that a broadcast or reminder re-run never queues the same message twice.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class EarlyStatus(Base):
    """A delivery status that arrived before its message's provider id was recorded (a crash, or
    a callback faster than our commit); applied when the id is recorded."""

    __tablename__ = "early_statuses"

    provider_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    error_code: Mapped[int | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


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
