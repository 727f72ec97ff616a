"""Reminders: planned at the offsets in local time, due now when late, dropped when the event has
passed, moved out of SMS quiet hours, re-planned when the event moves, cancelled with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from schedule_world import NOW, desk, seekers
from sqlalchemy import select

from bot.channels.sms.render import render_sms
from bot.channels.sms.segments import segments
from bot.config import parse_offsets
from bot.outgoing import preview, reply_of
from bot.schedule import enrolment as seats
from bot.schedule import events, reminders
from bot.schedule.events import Desk
from storage.models import OutboxMessage

TRAINING = {
    "title": "电焊培训",
    "trade": "电焊",
    "place": "会宁县职教中心",
    "start": "2026-05-01 09:00",
    "end": "17:00",
    "capacity": "30",
    "bring": "身份证、安全帽",
    "contact": "王老师 13800001111",
}
START = datetime(2026, 5, 1, 1, 0, tzinfo=UTC)  # 09:00 in Asia/Shanghai


@pytest.fixture(autouse=True)
def shanghai():
    before = reminders.configure("Asia/Shanghai", parse_offsets("-1d@18:00,-2h"))
    yield
    reminders.configure(before.zone, before.offsets, before.quiet)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "start", "channel", "expected"),
    [
        # 18:00 the day before, 07:00 on the day (two hours before 09:00).
        ("Asia/Shanghai", START, "telegram", [utc(2026, 4, 30, 10), utc(2026, 4, 30, 23)]),
        # By SMS 07:00 is quiet: the evening before, 20:00.
        ("Asia/Shanghai", START, "sms", [utc(2026, 4, 30, 10), utc(2026, 4, 30, 12)]),
        # 09:00 in New York (EDT) is 13:00 UTC.
        (
            "America/New_York",
            utc(2026, 5, 1, 13),
            "telegram",
            [utc(2026, 4, 30, 22), utc(2026, 5, 1, 11)],
        ),
        ("America/New_York", utc(2026, 5, 1, 13), "sms", [utc(2026, 4, 30, 22), utc(2026, 5, 1)]),
    ],
)
def test_reminders_go_at_the_local_offsets(zone, start, channel, expected):
    chosen = reminders.Plan(zone, parse_offsets("-1d@18:00,-2h"))
    got = reminders.reminder_times(start, NOW, channel, chosen)
    assert [when for _, when in got] == expected


def test_a_reminder_whose_time_passed_is_due_now_while_the_event_is_ahead():
    now = START - timedelta(hours=3)  # 06:00 on the day: 18:00 the day before has passed
    got = reminders.reminder_times(START, now, "telegram")
    assert [(o.text, when) for o, when in got] == [
        ("-1d@18:00", now),
        ("-2h", START - timedelta(hours=2)),
    ]


def test_nothing_is_planned_once_the_event_has_begun():
    assert reminders.reminder_times(START, START, "telegram") == []
    assert reminders.reminder_times(START, START + timedelta(hours=1), "sms") == []


def test_quiet_hours_never_move_a_reminder_later():
    late = utc(2026, 4, 30, 14)  # 22:00 local: quiet, moved back to 20:00
    assert reminders.before_quiet(late, "Asia/Shanghai") == utc(2026, 4, 30, 12)
    day = utc(2026, 4, 30, 4)  # 12:00 local: not quiet
    assert reminders.before_quiet(day, "Asia/Shanghai") == day


async def rows(session, **where) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    for name, value in where.items():
        query = query.where(getattr(OutboxMessage, name) == value)
    return list(await session.scalars(query))


async def test_enrolling_queues_a_notice_now_and_the_reminders(session, world):
    event = await events.add(session, "training", TRAINING, desk())
    [worker] = await seekers(session, 1, telegram_from=4200)
    done = await seats.enrol(session, event, worker, NOW, source="staff")
    await session.commit()
    queued = await rows(session)
    assert [(r.template, r.purpose, r.due_at.replace(tzinfo=UTC)) for r in queued] == [
        ("reminder.enrolled.training", "reminder", NOW),
        ("reminder.remind.training", "reminder", utc(2026, 4, 30, 10)),
        ("reminder.remind.training", "reminder", utc(2026, 4, 30, 23)),
    ]
    assert {(r.enrolment_id, r.seeker_id, r.channel) for r in queued} == {
        (done.enrolment.id, worker.id, "telegram")
    }
    text = preview(queued[1], "zh_CN")
    for said in ("电焊培训", "5月1日 09:00", "会宁县职教中心", "身份证", "王老师", "1", "2"):
        assert said in text


async def test_enrolling_for_an_event_that_has_begun_plans_nothing(session, world):
    event = await events.add(session, "training", TRAINING, desk())
    [worker] = await seekers(session, 1)
    done = await seats.enrol(session, event, worker, NOW, source="staff")
    await session.commit()
    before = len(await rows(session))
    await reminders.seated(session, done.enrolment, event, START + timedelta(minutes=1))
    assert len(await rows(session)) == before


async def test_moving_the_event_cancels_old_reminders_and_tells_each_worker_once(session, world):
    event = await events.add(session, "training", TRAINING, desk())
    people = await seekers(session, 2, telegram_from=4300)
    for person in people:
        await seats.enrol(session, event, person, NOW, source="staff")
    await session.commit()
    old = {r.id for r in await rows(session)}
    await events.edit(session, event, {"start": "2026-05-02 09:00", "end": "17:00"}, desk())
    await session.commit()
    assert {r.status for r in await rows(session) if r.id in old} == {"cancelled"}
    new = [r for r in await rows(session) if r.id not in old]
    assert sorted((r.seeker_id, r.template) for r in new if r.purpose == "notice") == [
        (people[0].id, "reminder.moved.training"),
        (people[1].id, "reminder.moved.training"),
    ]
    reminded = {(r.seeker_id, r.due_at.replace(tzinfo=UTC)) for r in new if r.purpose == "reminder"}
    assert reminded == {
        (p.id, when) for p in people for when in (utc(2026, 5, 1, 10), utc(2026, 5, 1, 23))
    }
    assert "5月2日 09:00" in preview(new[0], "zh_CN")


async def test_cancelling_the_event_cancels_reminders_and_tells_each_worker_once(session, world):
    event = await events.add(session, "training", TRAINING | {"capacity": "1"}, desk())
    people = await seekers(session, 2)
    for person in people:
        await seats.enrol(session, event, person, NOW, source="staff")  # the second one waits
    await session.commit()
    old = {r.id for r in await rows(session)}
    await events.cancel(session, event, desk())
    await session.commit()
    assert {r.status for r in await rows(session) if r.id in old} == {"cancelled"}
    told = [r for r in await rows(session) if r.id not in old]
    assert sorted((r.seeker_id, r.template, r.status) for r in told) == [
        (p.id, "reminder.cancelled.training", "pending") for p in people
    ]


async def test_declining_cancels_the_workers_reminders(session, world):
    event = await events.add(session, "training", TRAINING, desk())
    [worker] = await seekers(session, 1)
    done = await seats.enrol(session, event, worker, NOW, source="staff")
    await seats.decline(session, done.enrolment, event, NOW, zone="Asia/Shanghai")
    await session.commit()
    assert {r.status for r in await rows(session)} == {"cancelled"}


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
async def test_every_reminder_fits_two_sms_segments(session, world, locale):
    long = {
        "title": "高级焊工（二保焊、氩弧焊）职业技能提升培训暨上岗证考前辅导班第三期",
        "place": "会宁县会师镇西关职业技术教育中心三楼实训车间东侧第二教室",
        "bring": "身份证原件及复印件两份、一寸照片四张、劳保鞋、安全帽、笔记本和笔",
        "contact": "会宁县人力资源和社会保障局职业培训科王老师 13800001111",
    }
    event = await events.add(session, "training", TRAINING | long, desk())
    [worker] = await seekers(session, 1)
    worker.locale = locale
    await seats.enrol(session, event, worker, NOW, source="staff")
    await events.edit(session, event, {"start": "2026-05-02 09:00", "end": "17:00"}, desk())
    await events.cancel(session, event, desk())
    await session.commit()
    templates = set()
    for row in await rows(session):
        text = render_sms(reply_of(row, locale))
        assert segments(text) <= 2, text
        assert "09:00" in text and "13800001111" in text
        templates.add(row.template)
    assert len(templates) == 4


async def test_any_zone_times_the_reminders(session, world):
    reminders.configure("America/New_York", parse_offsets("-1d@18:00,-2h"))
    new_york = Desk(None, None, "America/New_York", NOW, "test")
    event = await events.add(session, "training", TRAINING, new_york)
    [worker] = await seekers(session, 1, telegram_from=4400)
    await seats.enrol(session, event, worker, NOW, source="staff")
    await session.commit()
    assert event.starts_at.replace(tzinfo=UTC) == utc(2026, 5, 1, 13)  # 09:00 EDT
    due = [r.due_at.replace(tzinfo=UTC) for r in await rows(session)]
    assert due == [NOW, utc(2026, 4, 30, 22), utc(2026, 5, 1, 11)]
