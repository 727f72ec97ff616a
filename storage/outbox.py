"""The outbox: queue a message once, hand each due row to exactly one sender, lane by lane.

What a row says is named, not written: a messages catalog key with its parameters, choices and a
footer, rendered when the row is sent, in the seeker's language of that moment and within the
channel's budget (SMS at most 2 segments, Telegram with a button per choice). A row may instead
carry finished `text` (a reply the dialog rendered before the database came back).

The API other features call (the caller commits; nothing here sends):

    from storage import outbox
    from storage.outbox import Outgoing

    await outbox.enqueue(session, Outgoing(
        "telegram", "4242",                      # channel ("sms" | "telegram") and address
        template="alert.vacancy",                # a messages/ catalog key ...
        params={"title": "电焊工", "employer": Elastic("宝安精密电子", 1)},
        choices=(Choice(Line("alert.apply"), "1"), Choice(Line("alert.details"), "2")),
        footer=(Line("alert.how_to_answer"),),
        purpose="alert",                         # reply | reminder | notice | alert (the lane)
        seeker_id=7, campaign_id=3,              # or enrolment_id=... for a reminder
        due_at=when, not_before=after_quiet_hours,
        dedupe_key="broadcast:3:seeker:7",
    ))                                           # -> row id, or None if the key was queued before
    await outbox.enqueue_many(session, rows)     # -> how many were new; one statement per 1,000
    await outbox.cancel(session, campaign_id=3)  # or enrolment_id=...; -> rows cancelled

Parameters are JSON values; a `bot.replies.Line` (a nested catalog line) and an `Elastic` (a value
a channel may shorten) are kept as such, and so is a `Choice`. Rows for one seeker should carry
`seeker_id`: opted-out and unreachable seekers are then never sent to, and the language is theirs.

Lanes: a claim takes replies first, then reminders and notices, then alerts, so a reminder queued
behind 50,000 alerts goes out with the next claim. Within a lane, the oldest `not_before` first.

Times: `due_at` is when the message is meant to go and never moves; `not_before` is when a sender
may next claim it (a backoff, a deferral for quiet hours or a rate pause, or while `sending` the
end of the sender's lease). Each claim increments `claims`, and (id, claims) names that claim, so
only the sender still holding a row records its outcome (storage/outcomes.py). `attempts` counts
sends started; a deferral is none. A row whose send started (`started_at`) and whose outcome was
never recorded is in doubt when it is claimed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OPEN_STATUSES, PURPOSES, InboundMessage, OutboxMessage, Seeker, utcnow

# The order claims take rows in; each inner tuple is one lane.
LANES: tuple[tuple[str, ...], ...] = (("reply",), ("reminder", "notice"), ("alert",))
# How long a claim holds its rows. A sender starts its claimed rows within a second or two (it
# claims only what its share of the channel's rate lets it send), and a send times out in 15 s.
LEASE = timedelta(minutes=2)
_CHUNK = 500  # rows per INSERT: well inside SQLite's bound-parameter limit


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message to queue: for whom (channel, address, seeker) and what to say (template or text)."""

    channel: str
    address: str
    _: KW_ONLY
    template: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    choices: Sequence[Any] = ()
    footer: Sequence[Any] = ()
    text: str | None = None
    purpose: str = "alert"
    seeker_id: int | None = None
    campaign_id: int | None = None
    enrolment_id: int | None = None
    due_at: datetime | None = None
    not_before: datetime | None = None
    dedupe_key: str | None = None

    def __post_init__(self) -> None:
        if (self.template is None) == (self.text is None):
            raise ValueError("an outbox row names a template or carries text, not both")
        if self.purpose not in PURPOSES:
            raise ValueError(f"purpose must be one of {PURPOSES}, not {self.purpose!r}")


@dataclass(frozen=True, slots=True)
class Claim:
    """A row this sender holds until its lease ends, with what the sender must know first."""

    id: int
    claims: int
    attempts: int
    channel: str
    address: str
    purpose: str
    template: str | None
    params: dict[str, Any]
    choices: list[Any] | None
    footer: list[Any] | None
    text: str | None
    seeker_id: int | None
    campaign_id: int | None = None
    enrolment_id: int | None = None
    # When an earlier claim started sending this row and never recorded what happened.
    in_doubt_since: datetime | None = None
    locale: str | None = None  # the seeker's language now; None without a seeker
    opted_out: bool = False
    unreachable: bool = False  # on this row's channel


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; SQLite stores the wall time without its offset, so every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def encode(value: Any) -> Any:
    """A parameter as JSON: catalog lines, elastic values and choices keep what they are.

    Recognised by shape, so storage needs no import from the dialog: a str with a `rank` is an
    Elastic, an object with `key` and `params` a Line, one with `command` and `label` a Choice.
    """
    if isinstance(value, str):
        rank = getattr(value, "rank", None)
        return value if rank is None else {"$elastic": str(value), "rank": rank}
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if hasattr(value, "command") and hasattr(value, "label"):
        return {"command": value.command, "label": encode(value.label)}
    if hasattr(value, "key") and hasattr(value, "params"):
        line = {"$line": value.key, "params": encode(value.params)}
        return line | ({"optional": value.optional} if getattr(value, "optional", 0) else {})
    raise TypeError(f"cannot keep {type(value).__name__} in an outbox row")


def _insert(session: AsyncSession):
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _values(message: Outgoing, now: datetime) -> dict[str, object]:
    due = as_utc(message.due_at or now)
    return {
        "channel": message.channel,
        "address": message.address,
        "purpose": message.purpose,
        "template": message.template,
        "params": encode(message.params),
        "choices": encode(list(message.choices)) or None,
        "footer": encode(list(message.footer)) or None,
        "text": message.text,
        "seeker_id": message.seeker_id,
        "campaign_id": message.campaign_id,
        "enrolment_id": message.enrolment_id,
        "due_at": due,
        "not_before": max(due, as_utc(message.not_before or due)),
        "dedupe_key": message.dedupe_key,
        "status": "pending",
        "claims": 0,
        "attempts": 0,
        "created_at": now,
    }


async def enqueue(
    session: AsyncSession, message: Outgoing, *, now: datetime | None = None
) -> int | None:
    """Queue one message (the caller commits); None when its dedupe key was queued before."""
    now = as_utc(now or utcnow())
    statement = (
        _insert(session)(OutboxMessage)
        .values(_values(message, now))
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)
    )
    return await session.scalar(statement)


async def enqueue_many(
    session: AsyncSession, messages: Iterable[Outgoing], *, now: datetime | None = None
) -> int:
    """Queue many messages in few statements (the caller commits); returns how many were new."""
    now = as_utc(now or utcnow())
    rows = [_values(m, now) for m in messages]
    queued = 0
    for start in range(0, len(rows), _CHUNK):
        statement = (
            _insert(session)(OutboxMessage)
            .values(rows[start : start + _CHUNK])
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(OutboxMessage.id)
        )
        queued += len((await session.scalars(statement)).all())
    return queued


async def cancel(
    session: AsyncSession,
    *,
    campaign_id: int | None = None,
    enrolment_id: int | None = None,
    reason: str = "cancelled",
) -> int:
    """Cancel every row of a campaign or an enrolment not yet sent (the caller commits).

    A row a sender holds but has not started is cancelled too: its sender's start is fenced on
    the status and finds the row gone. A row whose send has started is left to its outcome.
    """
    if (campaign_id is None) == (enrolment_id is None):
        raise ValueError("cancel by campaign_id or by enrolment_id")
    which = (
        OutboxMessage.campaign_id == campaign_id
        if campaign_id is not None
        else OutboxMessage.enrolment_id == enrolment_id
    )
    not_started = (OutboxMessage.status == "pending") | (
        (OutboxMessage.status == "sending") & OutboxMessage.started_at.is_(None)
    )
    result = await session.execute(
        update(OutboxMessage)
        .where(which, not_started)
        .values(status="cancelled", last_error=reason)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


_RETURNED = (
    OutboxMessage.id,
    OutboxMessage.claims,
    OutboxMessage.attempts,
    OutboxMessage.channel,
    OutboxMessage.address,
    OutboxMessage.purpose,
    OutboxMessage.template,
    OutboxMessage.params,
    OutboxMessage.choices,
    OutboxMessage.footer,
    OutboxMessage.text,
    OutboxMessage.seeker_id,
    OutboxMessage.campaign_id,
    OutboxMessage.enrolment_id,
    OutboxMessage.started_at,
)


async def _claim_lane(
    session: AsyncSession,
    lane: tuple[str, ...],
    now: datetime,
    limit: int,
    channel: str | None,
    lease: timedelta,
) -> list[Any]:
    """One UPDATE ... RETURNING over the lane's due rows.

    On PostgreSQL, SELECT ... FOR UPDATE SKIP LOCKED lets concurrent claimers take different rows
    without waiting; on SQLite the UPDATE holds the one write lock for the whole statement. The
    outer WHERE repeats the due test, so a row another claimer took meanwhile is left alone.
    """
    due = (
        OutboxMessage.purpose.in_(lane)
        & OutboxMessage.status.in_(OPEN_STATUSES)
        & (OutboxMessage.not_before <= now)
    )
    if channel is not None:
        due = due & (OutboxMessage.channel == channel)
    pick = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.not_before, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Materialised, so the locking SELECT runs once: PostgreSQL may re-run a plain IN
        # subquery per outer row, and each run skips the rows the last one locked.
        locked = pick.with_for_update(skip_locked=True).cte("due").prefix_with("MATERIALIZED")
        chosen = OutboxMessage.id.in_(select(locked.c.id))
    else:
        chosen = OutboxMessage.id.in_(pick.scalar_subquery())
    statement = (
        update(OutboxMessage)
        .where(chosen, due)
        .values(status="sending", not_before=now + lease, claims=OutboxMessage.claims + 1)
        .returning(*_RETURNED)
        .execution_options(synchronize_session=False)
    )
    # RETURNING gives the rows in no particular order (PostgreSQL follows its own plan): the
    # claimed set is the oldest, and within it the queue's order is the ids'.
    return sorted((await session.execute(statement)).all(), key=lambda row: row.id)


async def claim(
    session: AsyncSession,
    *,
    now: datetime,
    limit: int,
    channel: str | None = None,
    lease: timedelta = LEASE,
) -> list[Claim]:
    """Take up to `limit` due rows, lane by lane (the caller commits at once)."""
    now = as_utc(now)
    rows: list[Any] = []
    for lane in LANES:
        if len(rows) >= limit:
            break
        rows += await _claim_lane(session, lane, now, limit - len(rows), channel, lease)
    seekers = await _seekers(session, {r.seeker_id for r in rows if r.seeker_id is not None})
    claims = []
    for r in rows:
        seeker = seekers.get(r.seeker_id)
        unreachable = False
        if seeker is not None:
            unreachable = (
                seeker.telegram_unreachable if r.channel == "telegram" else seeker.sms_unreachable
            )
        claims.append(
            Claim(
                id=r.id,
                claims=r.claims,
                attempts=r.attempts,
                channel=r.channel,
                address=r.address,
                purpose=r.purpose,
                template=r.template,
                params=r.params or {},
                choices=r.choices,
                footer=r.footer,
                text=r.text,
                seeker_id=r.seeker_id,
                campaign_id=r.campaign_id,
                enrolment_id=r.enrolment_id,
                in_doubt_since=as_utc(r.started_at) if r.started_at is not None else None,
                locale=seeker.locale if seeker is not None else None,
                opted_out=seeker.opted_out if seeker is not None else False,
                unreachable=unreachable,
            )
        )
    return claims


async def _seekers(session: AsyncSession, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    query = select(
        Seeker.id,
        Seeker.locale,
        Seeker.opted_out,
        Seeker.telegram_unreachable,
        Seeker.sms_unreachable,
    ).where(Seeker.id.in_(ids))
    return {r.id: r for r in await session.execute(query)}


async def forget_inbound(session: AsyncSession, before: datetime) -> int:
    """Delete inbound messages received before `before` (the caller commits); returns how many."""
    result = await session.execute(
        delete(InboundMessage).where(InboundMessage.received_at < as_utc(before))
    )
    return result.rowcount or 0
