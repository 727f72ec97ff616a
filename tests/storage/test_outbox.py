"""The outbox table's rules on SQLite and PostgreSQL: dedupe, lanes, claims, leases, outcomes,
bulk cancel, cleanup."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from storage import outbox, outcomes
from storage.engine import create_engine, is_sqlite, session_factory
from storage.models import Enrolment, InboundMessage, OutboxMessage, Seeker, TrainingSession
from storage.outbox import LEASE, Outgoing
from storage.outcomes import MAX_ATTEMPTS

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def sms(n: int, **fields) -> Outgoing:
    return Outgoing("sms", f"+86138000{n:05d}", text=f"message {n}", **fields)


async def queue(sessions, *messages: Outgoing) -> list[int | None]:
    async with sessions() as session:
        ids = [await outbox.enqueue(session, m, now=NOW) for m in messages]
        await session.commit()
    return ids


async def rows(sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def claim(sessions, at: datetime, limit: int = 100, **options) -> list[outbox.Claim]:
    async with sessions() as session:
        claims = await outbox.claim(session, now=at, limit=limit, **options)
        await session.commit()
    return claims


def utc(moment: datetime) -> datetime:
    return outbox.as_utc(moment)


# (case, dedupe keys of the first batch, of the second batch, new in first, new in second)
DEDUPE = [
    ("same key twice", ["broadcast:7:seeker:1"], ["broadcast:7:seeker:1"], 1, 0),
    ("repeat within one batch", ["a", "a", "b"], ["b", "c"], 2, 1),
    ("no key never dedupes", [None, None], [None], 2, 1),
]


@pytest.mark.parametrize(
    ("first", "second", "new_first", "new_second"),
    [r[1:] for r in DEDUPE],
    ids=[r[0] for r in DEDUPE],
)
async def test_enqueue_many_dedupes(sessions, first, second, new_first, new_second):
    for keys, expected in ((first, new_first), (second, new_second)):
        async with sessions() as session:
            batch = [sms(i, dedupe_key=k) for i, k in enumerate(keys)]
            assert await outbox.enqueue_many(session, batch, now=NOW) == expected
            await session.commit()
    assert len(await rows(sessions)) == new_first + new_second


async def test_enqueue_twice_with_one_key_is_one_row(sessions):
    first, second = await queue(sessions, sms(1, dedupe_key="k"), sms(2, dedupe_key="k"))
    assert first is not None and second is None
    [row] = await rows(sessions)
    assert (row.id, row.address, row.status, row.attempts) == (
        first,
        "+8613800000001",
        "pending",
        0,
    )


async def test_claim_takes_due_rows_oldest_first(sessions):
    late, early, future, telegram = await queue(
        sessions,
        sms(1, due_at=NOW - timedelta(minutes=1)),
        sms(2, due_at=NOW - timedelta(hours=1)),
        sms(3, due_at=NOW + timedelta(seconds=1)),
        Outgoing("telegram", "1001", text="hi", due_at=NOW - timedelta(hours=2)),
    )
    claims = await claim(sessions, NOW, limit=2, channel="sms")
    assert [c.id for c in claims] == sorted([late, early])
    assert all((c.claims, c.attempts) == (1, 0) for c in claims)
    by_id = {r.id: r for r in await rows(sessions)}
    for held in (late, early):
        assert by_id[held].status == "sending"
        assert utc(by_id[held].not_before) == NOW + LEASE  # the lease
    assert by_id[future].status == by_id[telegram].status == "pending"
    assert [c.id for c in await claim(sessions, NOW, channel="telegram")] == [telegram]


async def test_claim_reports_opted_out_seekers(sessions):
    async with sessions() as session:
        stays = Seeker(phone="+8613800000001", dialog_data={})
        left = Seeker(phone="+8613800000002", dialog_data={}, opted_out=True)
        session.add_all([stays, left])
        await session.commit()
    await queue(sessions, sms(1, seeker_id=stays.id), sms(2, seeker_id=left.id), sms(3))
    claims = await claim(sessions, NOW)
    assert [c.opted_out for c in claims] == [False, True, False]


async def test_claim_skips_rows_held_by_an_open_claim(sessions, database_url):
    await queue(sessions, *(sms(i) for i in range(10)))
    async with sessions() as first, sessions() as second:
        held_first = await outbox.claim(first, now=NOW, limit=5)
        other = asyncio.create_task(outbox.claim(second, now=NOW, limit=10))
        if not is_sqlite(database_url):
            # SKIP LOCKED: the second claimer neither waits for the first nor takes its rows.
            held_second = await asyncio.wait_for(asyncio.shield(other), 10)
        await first.commit()
        # SQLite has one writer: the second claim runs once the first commits, and sees its rows
        # already leased.
        held_second = await other
        await second.commit()
    ids_first, ids_second = {c.id for c in held_first}, {c.id for c in held_second}
    assert len(ids_first) == 5 and len(ids_second) == 5
    assert not ids_first & ids_second


async def test_concurrent_claimers_share_the_rows(sessions, database_url):
    ids = set(await queue(sessions, *(sms(i) for i in range(40))))
    # A second engine, as a second server process would have.
    other_engine = create_engine(database_url)
    other = session_factory(other_engine)
    taken: list[list[int]] = []
    try:
        while True:
            batches = await asyncio.gather(claim(sessions, NOW, 7), claim(other, NOW, 7))
            if not any(batches):
                break
            taken += [[c.id for c in batch] for batch in batches]
    finally:
        await other_engine.dispose()
    every = [i for batch in taken for i in batch]
    assert sorted(every) == sorted(ids)  # each row claimed exactly once


async def test_expired_lease_is_claimed_again_and_fences_the_old_sender(sessions):
    [message] = await queue(sessions, sms(1))
    [crashed] = await claim(sessions, NOW)
    assert await claim(sessions, NOW + LEASE - timedelta(seconds=1)) == []
    [again] = await claim(sessions, NOW + LEASE)
    assert (again.id, again.claims) == (message, 2)
    assert again.in_doubt_since is None  # the first sender never started it
    async with sessions() as session:
        # The first sender comes back late: its outcome no longer counts.
        assert not await outcomes.mark_sent(session, crashed, "SMlate", NOW + LEASE)
        assert await outcomes.mark_sent(session, again, "SMnew", NOW + LEASE)
        await session.commit()
    [row] = await rows(sessions)
    assert (row.status, row.provider_id, utc(row.sent_at)) == ("sent", "SMnew", NOW + LEASE)


# (case, attempts before this one, provider's wait, status after, delay after NOW)
RETRIES = [
    ("first failure", 0, None, "pending", outcomes.BACKOFF[0]),
    ("third failure", 2, None, "pending", outcomes.BACKOFF[2]),
    ("provider asks for longer", 0, timedelta(minutes=30), "pending", timedelta(minutes=30)),
    ("longest backoff", len(outcomes.BACKOFF) - 1, None, "pending", outcomes.BACKOFF[-1]),
    ("last attempt", MAX_ATTEMPTS - 1, None, "failed", None),
]


@pytest.mark.parametrize(
    ("before", "wait", "status", "delay"),
    [r[1:] for r in RETRIES],
    ids=[r[0] for r in RETRIES],
)
async def test_retry_later(sessions, before, wait, status, delay):
    [message] = await queue(sessions, sms(1))
    async with sessions() as session:
        row = await session.get(OutboxMessage, message)
        row.attempts = before
        await session.commit()
    [held] = await claim(sessions, NOW)
    async with sessions() as session:
        assert await outcomes.mark_started(session, held, "message 1", NOW)
        assert await outcomes.retry_later(session, held, "twilio 429", NOW, wait=wait)
        await session.commit()
    [row] = await rows(sessions)
    assert (row.status, row.attempts) == (status, before + 1)
    assert "twilio 429" in row.last_error
    if status == "pending":
        assert utc(row.not_before) == NOW + delay
        assert row.started_at is None  # a known failure is not in doubt


# (case, channel, an opt-out, seeker column changed, value)
UNREACHABLE = [
    ("sms unsubscribe is an opt-out", "sms", True, "opted_out", True),
    ("sms number unreachable", "sms", False, "sms_unreachable", True),
    ("telegram block", "telegram", False, "telegram_unreachable", True),
]


@pytest.mark.parametrize(
    ("channel", "opted_out", "column", "value"),
    [r[1:] for r in UNREACHABLE],
    ids=[r[0] for r in UNREACHABLE],
)
async def test_mark_unreachable(sessions, channel, opted_out, column, value):
    async with sessions() as session:
        seeker = Seeker(phone="+8613800000001", telegram_id=1001, dialog_data={})
        bystander = Seeker(phone="+8613800000002", telegram_id=1002, dialog_data={})
        session.add_all([seeker, bystander])
        await session.commit()
        await outcomes.mark_unreachable(session, seeker.id, channel, NOW, opted_out=opted_out)
        await session.commit()
        await session.refresh(seeker)
        await session.refresh(bystander)
    assert getattr(seeker, column) is value
    assert getattr(bystander, column) is not value
    assert (seeker.opted_out_at is not None) is (column == "opted_out")


async def test_forget_inbound_keeps_recent_messages(sessions):
    async with sessions() as session:
        for days, sid in ((31, "old"), (29, "recent"), (0, "today")):
            session.add(
                InboundMessage(
                    channel="sms",
                    provider_id=sid,
                    address="+8613800000001",
                    body="jobs",
                    received_at=NOW - timedelta(days=days),
                )
            )
        await session.commit()
        assert await outbox.forget_inbound(session, NOW - timedelta(days=30)) == 1
        await session.commit()
        left = await session.scalars(select(InboundMessage.provider_id))
        assert sorted(left) == ["recent", "today"]
        assert await session.scalar(select(func.count()).select_from(InboundMessage)) == 2


def notice(n: int, **fields) -> Outgoing:
    """A row named by its catalog line, as features queue them."""
    params = {"employer": "宝安精密电子", "title": f"普工{n}"}
    fields = {"template": "console.notice.hired", "params": params} | fields
    return Outgoing("telegram", f"{1000 + n}", **fields)


async def test_a_template_row_keeps_lines_elastics_and_choices(sessions):
    from bot.outgoing import decode, reply_of
    from bot.replies import Choice, Elastic, Line

    wage = Line("wage.month", {"low": 4500, "high": 6500})
    message = notice(
        1,
        params={"employer": Elastic("宝安精密电子有限公司", 1), "title": "普工", "wage": wage},
        choices=(Choice(Line("action.apply"), "1"), Choice(Line("action.more"), "更多")),
        footer=(Line("action.back"),),
        purpose="alert",
        campaign_id=9,
    )
    await queue(sessions, message)
    [held] = await claim(sessions, NOW)
    assert (held.template, held.purpose, held.campaign_id, held.text) == (
        "console.notice.hired",
        "alert",
        9,
        None,
    )
    params = decode(held.params)
    assert params["employer"] == "宝安精密电子有限公司" and params["employer"].rank == 1
    assert params["wage"] == wage
    reply = reply_of(held, "en")
    assert reply.locale == "en"
    assert reply.choices == message.choices and reply.footer == message.footer


def test_a_row_names_a_template_or_carries_text():
    with pytest.raises(ValueError):
        Outgoing("sms", "+8613800000001")
    with pytest.raises(ValueError):
        Outgoing("sms", "+8613800000001", template="console.notice.hired", text="hi")
    with pytest.raises(ValueError):
        Outgoing("sms", "+8613800000001", text="hi", purpose="spam")


async def test_reminders_and_notices_go_before_alerts_queued_earlier(sessions):
    alerts = await queue(
        sessions, *(notice(i, purpose="alert", due_at=NOW - timedelta(hours=1)) for i in range(50))
    )
    reminder, reply, later_notice = await queue(
        sessions,
        notice(100, purpose="reminder"),
        Outgoing("telegram", "2000", text="您的回复", purpose="reply"),
        notice(101, purpose="notice"),
    )
    first = await claim(sessions, NOW, limit=4)
    assert [c.id for c in first] == [reply, reminder, later_notice, alerts[0]]


async def test_not_before_holds_a_row_back_without_an_attempt(sessions):
    [held_back] = await queue(sessions, notice(1, not_before=NOW + timedelta(hours=9)))
    assert await claim(sessions, NOW) == []
    [held] = await claim(sessions, NOW + timedelta(hours=9))
    assert (held.id, held.attempts) == (held_back, 0)
    async with sessions() as session:
        # Quiet hours again: back until morning, still no attempt.
        assert await outcomes.defer(session, held, NOW + timedelta(hours=20), "quiet hours")
        await session.commit()
    [row] = await rows(sessions)
    assert (row.status, row.attempts, utc(row.not_before)) == (
        "pending",
        0,
        NOW + timedelta(hours=20),
    )
    assert utc(row.due_at) == NOW  # when it was meant to go does not move


async def test_cancel_by_campaign_or_enrolment_leaves_the_rest(sessions):
    async with sessions() as session:
        seeker = Seeker(phone="+8613800000001", dialog_data={})
        training = TrainingSession(title="电焊培训", starts_at=NOW + timedelta(days=2))
        session.add_all([seeker, training])
        await session.flush()
        enrolment = Enrolment(seeker_id=seeker.id, training_session_id=training.id)
        session.add(enrolment)
        await session.commit()
    ids = await queue(
        sessions,
        notice(1, campaign_id=7),
        notice(2, campaign_id=7),
        notice(3, campaign_id=8),
        notice(4, purpose="reminder", enrolment_id=enrolment.id),
        notice(5, campaign_id=7),
    )
    # The reminder (first lane) is already out; an alert is held by a sender that has not
    # started it.
    [held] = await claim(sessions, NOW, limit=1)
    assert held.enrolment_id == enrolment.id
    async with sessions() as session:
        await outcomes.mark_started(session, held, "x", NOW)
        await outcomes.mark_sent(session, held, "SM1", NOW)
        await session.commit()
        [not_started] = await outbox.claim(session, now=NOW, limit=1)
        await session.commit()
        assert not_started.campaign_id == 7
        assert await outbox.cancel(session, campaign_id=7) == 3
        assert await outbox.cancel(session, enrolment_id=enrolment.id) == 0
        await session.commit()
        # The sender that held a cancelled row finds it gone and sends nothing.
        assert not await outcomes.mark_started(session, not_started, "x", NOW)
    statuses = {r.id: r.status for r in await rows(sessions)}
    assert [statuses[i] for i in ids] == ["cancelled", "cancelled", "pending", "sent", "cancelled"]
