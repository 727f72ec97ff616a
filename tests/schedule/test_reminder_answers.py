"""A sent reminder waits for 1 确认 / 2 不能去: answers are recorded with their time, a decline
frees the place for the waiting list, and 取消 in this wait declines without opting out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from schedule_world import NOW, desk, seekers
from sqlalchemy import select

from bot.broadcasts import sending
from bot.dialog import converse
from bot.render import plain_text
from bot.replies import Inbound
from bot.schedule import enrolment as seats
from bot.schedule import events
from bot.search import VacancySearch
from bot.states import State
from storage import outbox
from storage.models import Enrolment, OutboxMessage, Seeker

TRAINING = {
    "title": "电焊培训",
    "trade": "电焊",
    "place": "会宁县职教中心",
    "start": "2026-05-01 09:00",
    "end": "17:00",
    "capacity": "1",
}


async def enrolled_and_reminded(sessions):
    """One worker seated, one waiting; the seated one's enrolment notice sent as the dispatcher
    sends it (claimed, then recorded sent)."""
    async with sessions() as session:
        event = await events.add(session, "training", TRAINING, desk())
        people = await seekers(session, 2)
        for person in people:
            await seats.enrol(session, event, person, NOW, source="staff")
        await session.commit()
        [held] = [
            c for c in await outbox.claim(session, now=NOW, limit=10) if c.seeker_id == people[0].id
        ]
        await session.commit()
        assert not await sending.hold_back(session, held, NOW)
        await sending.sent(session, held, NOW)
        await session.commit()
        return event, [p.id for p in people], [p.phone for p in people], held.enrolment_id


async def say(sessions, phone: str, text: str, at) -> str:
    async with sessions() as session, session.begin():
        reply = await converse(
            session,
            Inbound("sms", phone, text, at),
            VacancySearch(),
            default_locale="zh_CN",
            today=at.date(),
        )
    return plain_text(reply) if reply else ""


async def test_a_sent_reminder_opens_its_wait_and_is_counted(sessions, world):
    _, ids, _, enrolment_id = await enrolled_and_reminded(sessions)
    async with sessions() as session:
        seeker = await session.get(Seeker, ids[0])
        assert (seeker.dialog_state, seeker.dialog_data) == (
            State.REMINDER.value,
            {"enrolment": enrolment_id},
        )
        assert (await session.get(Enrolment, enrolment_id)).reminders_sent == 1


@pytest.mark.parametrize("answer", ["1", "确认", "好"])
async def test_one_confirms(sessions, world, answer):
    _, _, phones, enrolment_id = await enrolled_and_reminded(sessions)
    at = NOW + timedelta(minutes=5)
    assert "已确认" in await say(sessions, phones[0], answer, at)
    async with sessions() as session:
        enrolment = await session.get(Enrolment, enrolment_id)
        assert enrolment.state == "confirmed"
        assert enrolment.answered_at.replace(tzinfo=None) == at.replace(tzinfo=None)
        assert enrolment.confirmed_at is not None


@pytest.mark.parametrize("answer", ["2", "不能去", "取消"])
async def test_two_declines_and_the_waiting_list_moves_up(sessions, world, answer):
    _, ids, phones, enrolment_id = await enrolled_and_reminded(sessions)
    at = NOW + timedelta(minutes=5)
    assert "取消" in await say(sessions, phones[0], answer, at)
    async with sessions() as session:
        enrolment = await session.get(Enrolment, enrolment_id)
        assert (enrolment.state, enrolment.confirmed_at) == ("declined", None)
        assert enrolment.answered_at is not None
        seeker = await session.get(Seeker, ids[0])
        assert not seeker.opted_out  # 取消 in this wait never opts out
        [other] = await session.scalars(select(Enrolment).where(Enrolment.seeker_id == ids[1]))
        assert other.state == "invited"
        pending = select(OutboxMessage).where(
            OutboxMessage.enrolment_id == enrolment_id, OutboxMessage.status == "pending"
        )
        assert (await session.scalars(pending)).all() == []


async def test_a_reminder_is_dropped_once_its_event_has_begun(sessions, world):
    async with sessions() as session:
        event = await events.add(session, "training", TRAINING, desk())
        [worker] = await seekers(session, 1)
        await seats.enrol(session, event, worker, NOW, source="staff")
        await session.commit()
        late = event.starts_at + timedelta(minutes=1)
        claims = await outbox.claim(session, now=late, limit=10)
        await session.commit()
        assert claims
        for held in claims:
            assert await sending.hold_back(session, held, late)
        await session.commit()
        statuses = set(await session.scalars(select(OutboxMessage.status)))
        assert statuses == {"cancelled"}
