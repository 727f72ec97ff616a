"""Scheduling: what staff type becomes a training or departure, checked, stored in UTC, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from schedule_world import NOW, desk
from sqlalchemy import select
from staff_world import HUINING

from bot.schedule import events
from bot.schedule.kinds import ScheduleError
from storage.models import AuditEntry, TrainingSession

TRAINING = {
    "title": "电焊培训",
    "trade": "电焊",
    "place": "会宁县职教中心",
    "start": "2026-05-01 09:00",
    "end": "17:00",
    "capacity": "30",
}


async def test_a_training_is_read_from_what_staff_type(session, world):
    staff = world.staff[HUINING]
    training = await events.add(
        session, "training", TRAINING, desk(staff=staff, agency_id=staff.agency_id)
    )
    await session.commit()
    assert training.id is not None
    assert (training.occupation, training.region_code) == ("construction.welder", "620422")
    assert training.starts_at == datetime(2026, 5, 1, 1, 0, tzinfo=UTC)
    assert training.ends_at == datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    assert (training.capacity, training.staff_id) == (30, staff.id)
    entry = await session.scalar(select(AuditEntry))
    assert (entry.action, entry.target, entry.staff_id) == (
        "training_add",
        f"training:{training.id}",
        staff.id,
    )
    assert entry.detail["via"] == "test" and entry.detail["title"] == "电焊培训"


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"capacity": None}, "schedule.error.missing"),
        ({"start": "明天上午"}, "schedule.error.bad_time"),
        ({"start": "2026-03-01 09:00", "end": "2026-03-01 17:00"}, "schedule.error.past"),
        ({"end": "08:00"}, "schedule.error.end_before_start"),
        ({"trade": "火箭驾驶"}, "schedule.error.bad_trade"),
        ({"place": "县职教中心"}, "schedule.error.no_region"),
        ({"place": "朝阳区培训中心"}, "schedule.error.place_ambiguous"),
        ({"capacity": "0"}, "schedule.error.bad_capacity"),
        ({"capacity": "三十"}, "schedule.error.bad_capacity"),
    ],
)
async def test_what_cannot_be_scheduled_is_refused_and_nothing_is_stored(
    session, world, change, key
):
    values = {k: v for k, v in (TRAINING | change).items() if v is not None}
    with pytest.raises(ScheduleError) as refused:
        await events.add(session, "training", values, desk())
    assert refused.value.key == key
    await session.rollback()
    assert await session.scalar(select(TrainingSession.id)) is None


async def test_a_namesake_place_is_the_one_near_the_office(session, world):
    values = TRAINING | {"place": "朝阳区培训中心"}
    training = await events.add(session, "training", values, desk(near="220100"))  # 长春
    assert training.region_code == "220104"


async def test_a_region_names_where_a_place_without_one_is(session, world):
    values = TRAINING | {"place": "县职教中心", "region": "会宁"}
    training = await events.add(session, "training", values, desk())
    assert training.region_code == "620422"


async def test_moving_the_start_keeps_the_length(session, world):
    training = await events.add(session, "training", TRAINING, desk())
    await events.edit(session, training, {"start": "2026-05-02 08:00"}, desk())
    assert training.ends_at - training.starts_at == timedelta(hours=8)
    assert training.starts_at == datetime(2026, 5, 2, 0, 0, tzinfo=UTC)


async def test_a_cancelled_event_cannot_be_edited_and_cancels_once(session, world):
    training = await events.add(session, "training", TRAINING, desk())
    assert await events.cancel(session, training, desk()) is True
    assert await events.cancel(session, training, desk()) is False
    with pytest.raises(ScheduleError) as refused:
        await events.edit(session, training, {"title": "新"}, desk())
    assert refused.value.key == "schedule.error.cancelled"
    actions = list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["training_add", "training_cancel"]


async def test_a_departure_is_for_a_vacancy_staff_may_see(session, world):
    job = world.vacancies["白银焊工"]
    values = {"vacancy": str(job.id), "at": "2026-05-03 07:30", "meeting_point": "会宁县汽车站"}
    departure = await events.add(session, "departure", values | {"bring": "身份证"}, desk())
    assert (departure.vacancy_id, departure.destination) == (job.id, "白银区")
    assert departure.departs_at == datetime(2026, 5, 2, 23, 30, tzinfo=UTC)
    assert departure.bring == "身份证"
    hidden = desk(vacancies=job.__class__.id != job.id)
    with pytest.raises(ScheduleError) as refused:
        await events.add(session, "departure", values, hidden)
    assert refused.value.key == "schedule.error.no_vacancy"
    with pytest.raises(ScheduleError):
        await events.add(session, "departure", values | {"vacancy": "99999"}, desk())


async def test_now_moves_with_the_desk(session, world):
    later = desk(NOW + timedelta(days=60))
    with pytest.raises(ScheduleError) as refused:
        await events.add(session, "training", TRAINING, later)
    assert refused.value.key == "schedule.error.past"
