"""Starting a broadcast and following it: preview (dry run), queue, status.

A broadcast enqueues and returns; the running server's dispatcher sends. Queuing happens in one
transaction that first takes the broadcast lock (storage.broadcasts.take_turn), checks again who
may still hear, then writes the broadcast row, one alert row per (seeker, vacancy) and one outbox
message per seeker: a crash leaves all of it or none, and two broadcasts at once cannot give a
seeker more than the day's cap. The targets are found before the lock (seconds, for a million
seekers), so the lock is held only for the writes.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import clock
from bot.broadcasts import delivery
from bot.broadcasts.alert import PER_MESSAGE
from bot.broadcasts.targets import Targets, exclusions, find, still_allowed
from bot.config import Settings
from bot.staff import audit
from storage import broadcasts as store
from storage.models import Broadcast, Meeting, Staff, Vacancy
from storage.staff import meeting_by_name

Turn = Callable[[], AbstractAsyncContextManager[object]]
# How long a staff member's /broadcast preview can be confirmed: counts older than this are stale.
PREVIEW_LIFETIME = timedelta(minutes=10)


class NotFound(LookupError):
    """No such vacancy, meeting or broadcast; `key` and `params` say which, for the catalogs."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


@dataclass(frozen=True, slots=True)
class Subject:
    """What to broadcast: one vacancy, or a meeting's vacancies (all open ones, or those listed)."""

    vacancy_id: int | None = None
    meeting: str | None = None
    vacancy_ids: tuple[int, ...] | None = None


@dataclass
class Status:
    """The contract's figures: targeted, by channel, and how far the sending has got."""

    broadcast_id: int | None
    targeted: int
    sms: int
    telegram: int
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    pending: int = 0
    # Per channel ("sms", "telegram"), for the status table; not part of the JSON.
    channels: dict[str, Status] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "broadcast_id": self.broadcast_id,
            "targeted": self.targeted,
            "by_channel": {"sms": self.sms, "telegram": self.telegram},
            "sent": self.sent,
            "delivered": self.delivered,
            "failed": self.failed,
            "pending": self.pending,
        }


@dataclass(frozen=True, slots=True)
class Resolved:
    """A subject found in the database."""

    vacancy_id: int | None
    meeting_id: int | None
    vacancies: list[Vacancy]

    @property
    def per_seeker(self) -> int:
        return 1 if self.vacancy_id is not None else PER_MESSAGE

    @property
    def target(self) -> str:
        """The audit log's name for it."""
        if self.vacancy_id is not None:
            return f"vacancy:{self.vacancy_id}"
        return f"meeting:{self.meeting_id}"


async def resolve(session: AsyncSession, subject: Subject) -> Resolved:
    if subject.vacancy_id is not None:
        vacancy = await session.get(Vacancy, subject.vacancy_id)
        if vacancy is None:
            raise NotFound("broadcast.no_vacancy", id=subject.vacancy_id)
        return Resolved(vacancy.id, None, [vacancy])
    meeting: Meeting | None = await meeting_by_name(session, subject.meeting or "")
    if meeting is None:
        raise NotFound("broadcast.no_meeting", name=subject.meeting or "")
    ids = subject.vacancy_ids
    if ids is None:
        ids = tuple(await store.meeting_vacancy_ids(session, meeting.id))
    return Resolved(None, meeting.id, await store.vacancies(session, ids))


async def _targets(
    session: AsyncSession, resolved: Resolved, settings: Settings, channel: str, now: datetime
) -> Targets:
    return await find(
        session,
        resolved.vacancies,
        channel=channel,
        today=clock.local_today(settings.timezone, now),
        cap=settings.alerts_per_day,
        per_seeker=resolved.per_seeker,
        sms_codes=settings.sms_calling_codes,
    )


def _counts(targets: Targets, broadcast_id: int | None = None) -> Status:
    return Status(broadcast_id, len(targets), targets.count("sms"), targets.count("telegram"))


async def preview(
    session: AsyncSession,
    subject: Subject,
    settings: Settings,
    *,
    channel: str = "all",
    now: datetime | None = None,
) -> Status:
    """The dry run: who would be alerted now; nothing is written."""
    now = now or clock.now()
    resolved = await resolve(session, subject)
    return _counts(await _targets(session, resolved, settings, channel, now))


async def draft(
    sessions: async_sessionmaker,
    subject: Subject,
    settings: Settings,
    staff: Staff,
    *,
    channel: str = "all",
    now: datetime | None = None,
    turn: Turn = contextlib.nullcontext,
) -> Status:
    """A staff member's preview, kept as a broadcast in state "preview" until they confirm it.

    Kept in the database, not in one process's memory: the confirm button may reach another
    server process, or this one after a restart.
    """
    now = now or clock.now()
    async with sessions() as session:
        resolved = await resolve(session, subject)
        status = _counts(await _targets(session, resolved, settings, channel, now))
    if status.targeted == 0:
        return status  # nothing to confirm: no row, and broadcast_id stays None
    async with turn(), sessions() as session:
        row = _row(resolved, channel, staff, "telegram", "preview", status, now)
        session.add(row)
        await session.commit()
        status.broadcast_id = row.id
    return status


def _row(
    resolved: Resolved,
    channel: str,
    staff: Staff | None,
    via: str,
    state: str,
    counts: Status,
    now: datetime,
) -> Broadcast:
    return Broadcast(
        staff_id=staff.id if staff else None,
        via=via,
        vacancy_id=resolved.vacancy_id,
        meeting_id=resolved.meeting_id,
        vacancy_ids=[v.id for v in resolved.vacancies],
        channel=channel,
        state=state,
        targeted=counts.targeted,
        targeted_sms=counts.sms,
        targeted_telegram=counts.telegram,
        created_at=now,
        queued_at=now if state == "queued" else None,
    )


async def launch(
    sessions: async_sessionmaker,
    subject: Subject,
    settings: Settings,
    *,
    channel: str = "all",
    staff: Staff | None = None,
    via: str = "cli",
    now: datetime | None = None,
    turn: Turn = contextlib.nullcontext,
) -> Status:
    """Queue the broadcast: one message per target, in the outbox for the server to send."""
    now = now or clock.now()
    async with sessions() as session:
        resolved = await resolve(session, subject)
        targets = await _targets(session, resolved, settings, channel, now)
    async with turn(), sessions() as session:
        row = _row(resolved, channel, staff, via, "queued", _counts(targets), now)
        session.add(row)
        await session.flush()  # on SQLite this write takes the writer lock for what follows
        return await _queue(session, row, resolved, targets, settings, staff, now)


async def confirm(
    sessions: async_sessionmaker,
    broadcast_id: int,
    settings: Settings,
    staff: Staff,
    *,
    now: datetime | None = None,
    turn: Turn = contextlib.nullcontext,
) -> Status | None:
    """Queue a staff member's previewed broadcast; None when it is not theirs to confirm any more
    (already confirmed, expired, or someone else's)."""
    now = now or clock.now()
    async with sessions() as session:
        row = await store.broadcast(session, broadcast_id)
        if row is None or row.state != "preview" or row.staff_id != staff.id:
            return None
        if now - row.created_at > PREVIEW_LIFETIME:
            return None
        subject = (
            Subject(vacancy_id=row.vacancy_id)
            if row.vacancy_id is not None
            else Subject(
                meeting=await _meeting_name(session, row.meeting_id),
                vacancy_ids=tuple(row.vacancy_ids),
            )
        )
        resolved = await resolve(session, subject)
        targets = await _targets(session, resolved, settings, row.channel, now)
    async with turn(), sessions() as session:
        row = await store.broadcast(session, broadcast_id)
        if row is None or row.state != "preview":
            return None  # pressed twice, or confirmed by another process meanwhile
        row.state, row.queued_at = "queued", now
        await session.flush()
        return await _queue(session, row, resolved, targets, settings, staff, now)


async def _meeting_name(session: AsyncSession, meeting_id: int | None) -> str:
    meeting = await session.get(Meeting, meeting_id) if meeting_id is not None else None
    return meeting.name if meeting is not None else ""


async def _queue(
    session: AsyncSession,
    row: Broadcast,
    resolved: Resolved,
    targets: Targets,
    settings: Settings,
    staff: Staff | None,
    now: datetime,
) -> Status:
    """Under the broadcast lock: check again, write alerts and messages, commit."""
    await store.take_turn(session)
    today = clock.local_today(settings.timezone, now)
    ids = [v.id for v in resolved.vacancies]
    targets = still_allowed(targets, await exclusions(session, ids, today, settings.alerts_per_day))
    status = _counts(targets, row.id)
    row.targeted, row.targeted_sms, row.targeted_telegram = (
        status.targeted,
        status.sms,
        status.telegram,
    )
    pairs = ((r.seeker_id, v) for r in targets.recipients for v in r.vacancy_ids)
    await store.record_alerts(session, row.id, pairs, today, now)
    await delivery.enqueue(session, row.id, targets, now)
    detail = {"broadcast": row.id, "channel": row.channel, "via": row.via} | {
        "targeted": status.targeted,
        "sms": status.sms,
        "telegram": status.telegram,
    }
    audit.record(session, staff, "broadcast", resolved.target, detail, at=now)
    await session.commit()
    status.pending = status.targeted
    return status


SENT, DELIVERED, FAILED = ("sent", "delivered"), ("delivered",), ("failed", "cancelled")


def _outcomes(counts: Counter[str]) -> dict[str, int]:
    """Outbox statuses as the contract's figures: a delivered message was sent too; a cancelled
    one (opted out meanwhile) failed to reach anyone; the rest are still to go."""
    sent = sum(counts[s] for s in SENT)
    failed = sum(counts[s] for s in FAILED)
    pending = sum(counts.values()) - sent - failed
    return {"sent": sent, "delivered": counts["delivered"], "failed": failed, "pending": pending}


async def status(session: AsyncSession, broadcast_id: int) -> Status:
    """How far a queued broadcast has got, from its outbox rows (totals, and per channel)."""
    row = await store.broadcast(session, broadcast_id)
    if row is None or row.state != "queued":
        raise NotFound("broadcast.no_broadcast", id=broadcast_id)
    counts = await delivery.progress(session, broadcast_id)
    total: Counter[str] = Counter()
    for (_, outcome), count in counts.items():
        total[outcome] += count
    found = Status(
        row.id, row.targeted, row.targeted_sms, row.targeted_telegram, **_outcomes(total)
    )
    for channel, targeted in (("sms", row.targeted_sms), ("telegram", row.targeted_telegram)):
        mine = Counter({o: n for (c, o), n in counts.items() if c == channel})
        sms, telegram = (targeted, 0) if channel == "sms" else (0, targeted)
        found.channels[channel] = Status(row.id, targeted, sms, telegram, **_outcomes(mine))
    return found
