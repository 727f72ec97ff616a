"""Rosters: statuses as the contract names them, attendance, no-shows, CSV for Excel."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from schedule_world import NOW, ZONE, desk, seekers
from sqlalchemy import select

from bot.schedule import enrolment as seats
from bot.schedule import events
from bot.schedule.kinds import ScheduleError
from bot.schedule.roster import ROSTER_STATUSES, counts, mark_attended, roster, write_csv
from storage.models import AuditEntry

TRAINING = {
    "title": "电焊培训",
    "place": "会宁县职教中心",
    "start": "2026-05-01 09:00",
    "end": "17:00",
    "capacity": "3",
}


async def filled(session):
    """Five welders on a three-place training: one confirmed, one declined, one invited, two
    waiting (the decline moved the first of three up)."""
    event = await events.add(session, "training", TRAINING, desk())
    people = await seekers(session, 6)
    await seats.enrol(session, event, people[0], NOW, source="seeker")
    for person in people[1:]:
        await seats.enrol(session, event, person, NOW, source="staff")
    await seats.decline(
        session, await seats.find_enrolment(session, event, people[1].id), event, NOW, zone=ZONE
    )
    await seats.remove(
        session, await seats.find_enrolment(session, event, people[5].id), event, NOW, zone=ZONE
    )
    await session.commit()
    return event, people


async def test_the_roster_in_contract_statuses(session, world):
    event, people = await filled(session)
    rows = await roster(session, event, NOW)
    assert [(r.seeker_id, r.status, r.waiting_position) for r in rows] == [
        (people[0].id, "confirmed", None),
        (people[2].id, "invited", None),
        (people[3].id, "invited", None),  # moved up when people[1] declined
        (people[4].id, "waiting", 1),
        (people[1].id, "declined", None),
    ]
    assert set(r.status for r in rows) <= set(ROSTER_STATUSES)
    assert rows[0].contract() == {
        "seeker_id": people[0].id,
        "name": "工友0",
        "channel": "sms",
        "status": "confirmed",
        "reminders_sent": 0,
    }
    assert counts(rows) == {
        "invited": 2,
        "confirmed": 1,
        "declined": 1,
        "waiting": 1,
        "attended": 0,
        "no_show": 0,
    }


async def test_attendance_makes_the_rest_no_shows_once_it_is_over(session, world):
    event, people = await filled(session)
    with pytest.raises(ScheduleError) as refused:
        await mark_attended(session, event, [people[0].id], NOW, staff=None, via="test")
    assert refused.value.key == "schedule.error.not_yet"
    during = event.starts_at + timedelta(hours=1)
    assert await mark_attended(session, event, [people[0].id], during, staff=None, via="test") == 1
    assert [r.status for r in await roster(session, event, during)][:3] == [
        "attended",
        "invited",
        "invited",
    ]
    after = event.ends_at + timedelta(minutes=1)
    assert [r.status for r in await roster(session, event, after)] == [
        "attended",
        "no_show",
        "no_show",
        "waiting",
        "declined",
    ]
    entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "attendance"))
    assert entry.detail == {"seekers": [people[0].id], "via": "test"}


async def test_attendance_is_all_or_nothing(session, world):
    event, people = await filled(session)
    during = event.starts_at + timedelta(hours=1)
    with pytest.raises(ScheduleError) as refused:
        await mark_attended(
            session, event, [people[0].id, people[5].id, 99999], during, staff=None, via="t"
        )
    assert refused.value.params == {"seekers": f"{people[5].id}, 99999"}  # removed, unknown
    assert [r.status for r in await roster(session, event, during)][0] == "confirmed"


async def test_csv_opens_in_excel(session, world):
    event, people = await filled(session)
    people[0].name = "=HYPERLINK(1)"
    out = io.StringIO()
    write_csv(await roster(session, event, NOW), out, ZONE, "zh_CN")
    text = out.getvalue()
    assert text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert table[0]["name"] == "'=HYPERLINK(1)"
    assert (table[0]["status"], table[0]["answered_at"]) == ("已确认", "2026-04-01 10:00")
    assert table[3]["waiting_position"] == "1"
