"""Enrolment: places up to the capacity, a waiting list in order, and who moves up is told."""

from __future__ import annotations

import asyncio

import pytest
from schedule_world import NOW, ZONE, desk, seekers
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from bot.outgoing import preview
from bot.schedule import enrolment as seats
from bot.schedule import events
from bot.schedule.kinds import ScheduleError
from messages import t
from storage.models import Application, Enrolment, OutboxMessage, TrainingSession

# Move-up notices; the reminders enrolment also queues are in the reminder lane (test_reminders).
NOTICE = OutboxMessage.purpose == "notice"
TRAINING = {
    "title": "电焊培训",
    "trade": "电焊",
    "place": "会宁县职教中心",
    "start": "2026-05-01 09:00",
    "end": "17:00",
    "capacity": "2",
}


async def training(session, capacity: str = "2") -> TrainingSession:
    made = await events.add(session, "training", TRAINING | {"capacity": capacity}, desk())
    await session.commit()
    return made


async def states(session, event) -> list[tuple[str | None, str, int | None]]:
    rows = await session.execute(
        select(Enrolment.seeker_id, Enrolment.state, Enrolment.waiting_position)
        .where(Enrolment.training_session_id == event.id)
        .order_by(Enrolment.id)
    )
    return [tuple(row) for row in rows]


async def test_places_then_the_waiting_list_in_order(session, world):
    event = await training(session)
    people = await seekers(session, 4)
    outcomes = [(await seats.enrol(session, event, p, NOW, source="staff")).outcome for p in people]
    assert outcomes == ["seated", "seated", "waiting", "waiting"]
    assert await states(session, event) == [
        (people[0].id, "invited", None),
        (people[1].id, "invited", None),
        (people[2].id, "waiting", 1),
        (people[3].id, "waiting", 2),
    ]


async def test_a_worker_who_signs_up_has_confirmed(session, world):
    event = await training(session)
    [worker] = await seekers(session, 1)
    done = await seats.enrol(session, event, worker, NOW, source="seeker")
    assert (done.enrolment.state, done.enrolment.answered_at) == ("confirmed", NOW)


async def test_one_enrolment_per_seeker_and_event(session, world):
    event = await training(session)
    [worker] = await seekers(session, 1)
    await seats.enrol(session, event, worker, NOW, source="staff")
    again = await seats.enrol(session, event, worker, NOW, source="seeker")
    assert again.outcome == "already"
    await session.commit()
    session.add(Enrolment(seeker_id=worker.id, training_session_id=event.id))
    with pytest.raises(IntegrityError):
        await session.commit()


@pytest.mark.parametrize("leave", [seats.decline, seats.remove], ids=["declines", "removed"])
async def test_a_freed_place_goes_to_the_first_waiting_who_is_told(session, world, leave):
    event = await training(session)
    people = await seekers(session, 4)
    for person in people:
        await seats.enrol(session, event, person, NOW, source="staff")
    first = await seats.find_enrolment(session, event, people[0].id)
    moved = await leave(session, first, event, NOW, zone=ZONE)
    await session.commit()
    assert [(m.enrolment.seeker_id, m.told) for m in moved] == [(people[2].id, True)]
    assert (await states(session, event))[2:] == [
        (people[2].id, "invited", None),
        (people[3].id, "waiting", 2),
    ]
    text = t(
        "schedule.notice.moved_up.training",
        "zh_CN",
        what="电焊培训",
        when="5月1日 09:00",
        where="会宁县职教中心",
    )
    queued = (await session.scalars(select(OutboxMessage).where(NOTICE))).all()
    assert [(row.address, preview(row, "zh_CN")) for row in queued] == [(people[2].phone, text)]


async def test_leaving_the_waiting_list_moves_nobody_up(session, world):
    event = await training(session)
    people = await seekers(session, 3)
    for person in people:
        await seats.enrol(session, event, person, NOW, source="staff")
    waiting = await seats.find_enrolment(session, event, people[2].id)
    assert await seats.decline(session, waiting, event, NOW, zone=ZONE) == []
    assert await session.scalar(select(OutboxMessage.id).where(NOTICE)) is None


async def test_who_declined_may_sign_up_again_at_the_end_of_the_list(session, world):
    event = await training(session, capacity="1")
    people = await seekers(session, 3)
    for person in people:
        await seats.enrol(session, event, person, NOW, source="staff")
    first = await seats.find_enrolment(session, event, people[0].id)
    await seats.decline(session, first, event, NOW, zone=ZONE)  # people[1] moves up
    behind = await seats.enrol(session, event, people[2], NOW, source="seeker")
    assert (behind.outcome, behind.rank) == ("already", 1)
    back = await seats.enrol(session, event, people[0], NOW, source="seeker")
    assert (back.outcome, back.rank) == ("waiting", 2)


async def test_more_places_move_the_waiting_list_up(session, world):
    event = await training(session, capacity="1")
    people = await seekers(session, 3)
    for person in people:
        await seats.enrol(session, event, person, NOW, source="staff")
    await events.edit(session, event, {"capacity": "2"}, desk())
    assert [s for _, s, _ in await states(session, event)] == ["invited", "invited", "waiting"]
    with pytest.raises(ScheduleError) as refused:
        await events.edit(session, event, {"capacity": "1"}, desk())
    assert refused.value.params == {"capacity": 1, "taken": 2}


async def test_an_opted_out_worker_moves_up_untold(session, world):
    event = await training(session, capacity="1")
    people = await seekers(session, 2)
    people[1].opted_out = True
    for person in people:
        await seats.enrol(session, event, person, NOW, source="staff")
    first = await seats.find_enrolment(session, event, people[0].id)
    [moved] = await seats.remove(session, first, event, NOW, zone=ZONE)
    assert (moved.enrolment.state, moved.told) == ("invited", False)
    query = select(OutboxMessage.id).where(OutboxMessage.seeker_id == people[1].id)
    assert await session.scalar(query) is None


async def test_a_cancelled_or_begun_event_takes_nobody(session, world):
    event = await training(session)
    [worker] = await seekers(session, 1)
    with pytest.raises(ScheduleError):
        await seats.enrol(session, event, worker, event.starts_at, source="staff")
    await events.cancel(session, event, desk())
    with pytest.raises(ScheduleError) as refused:
        await seats.enrol(session, event, worker, NOW, source="staff")
    assert refused.value.key == "schedule.error.closed"


async def test_everyone_hired_for_the_vacancy(session, world):
    job = world.vacancies["白银焊工"]
    values = {"vacancy": str(job.id), "at": "2026-05-03 07:30", "meeting_point": "会宁县汽车站"}
    departure = await events.add(session, "departure", values, desk())
    people = await seekers(session, 3)
    for person, status in zip(people, ["hired", "interested", "hired"], strict=True):
        session.add(Application(seeker_id=person.id, vacancy_id=job.id, status=status))
    await session.flush()
    hired = await seats.hired_seekers(session, departure)
    assert [s.id for s in hired] == [people[0].id, people[2].id]


async def test_two_processes_never_give_the_last_place_twice(sessions, world):
    async with sessions() as session:
        event = await training(session, capacity="1")
        people = await seekers(session, 2)
        await session.commit()

    async def sign_up(person) -> str:
        async with sessions() as session:
            found = await session.get(TrainingSession, event.id)
            done = await seats.enrol(session, found, person, NOW, source="seeker")
            await session.commit()
            return done.outcome

    outcomes = await asyncio.gather(*(sign_up(p) for p in people))
    assert sorted(outcomes) == ["seated", "waiting"]


async def test_a_second_sign_up_waits_for_the_first_to_commit(sessions, world, database_url):
    """Deterministic on PostgreSQL: B is seen waiting on A's lock (pg_stat_activity) before A
    commits, and then counts A's place. Without the lock B would count none and take one too."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer; the lock wait is visible on PostgreSQL only")
    async with sessions() as session:
        event = await training(session, capacity="1")
        people = await seekers(session, 2)
        await session.commit()

    async def sign_up(session, person) -> str:
        found = await session.get(TrainingSession, event.id)
        return (await seats.enrol(session, found, person, NOW, source="seeker")).outcome

    async with sessions() as first, sessions() as second, sessions() as watcher:
        assert await sign_up(first, people[0]) == "seated"
        late = asyncio.create_task(sign_up(second, people[1]))
        waiting = text(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        while not late.done() and not await watcher.scalar(waiting):
            await asyncio.sleep(0.01)  # polls a condition; nothing is timed
        assert not late.done()
        await first.commit()
        assert await late == "waiting"


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
async def test_the_move_up_notice_fits_two_sms_segments(session, world, locale):
    from bot.channels.sms.segments import segments

    long = {
        "title": "高级焊工（二保焊、氩弧焊）职业技能提升培训暨上岗证考前辅导班第三期",
        "place": "会宁县会师镇西关职业技术教育中心三楼实训车间东侧第二教室",
    }
    event = await events.add(session, "training", TRAINING | long | {"capacity": "1"}, desk())
    people = await seekers(session, 2)
    people[1].locale = locale
    for person in people:
        await seats.enrol(session, event, person, NOW, source="staff")
    first = await seats.find_enrolment(session, event, people[0].id)
    await seats.remove(session, first, event, NOW, zone=ZONE)
    row = await session.scalar(select(OutboxMessage).where(NOTICE))
    text = preview(row, locale)
    assert segments(text) <= 2 and "…" in text
