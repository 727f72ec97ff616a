"""The training a worker is shown: their trades or every trade, their province, city first."""

from __future__ import annotations

from schedule_world import NOW, desk, seekers

from bot.schedule import enrolment as seats
from bot.schedule import events
from bot.schedule.upcoming import trainings_for

BASE = {"start": "2026-05-01 09:00", "end": "17:00", "capacity": "2"}


async def add(session, title: str, place: str, trade: str = "-", start: str | None = None):
    values = BASE | {"title": title, "place": place, "trade": trade}
    return await events.add(
        session, "training", values | ({"start": start} if start else {}), desk()
    )


async def test_a_welder_from_huining_sees_what_fits(session, world):
    in_lanzhou = await add(session, "兰州焊工", "兰州市七里河区", "电焊", "2026-04-20 09:00")
    at_home = await add(session, "会宁焊工", "会宁县", "电焊", "2026-04-25 09:00")
    for_all = await add(session, "安全培训", "白银市", "-", "2026-04-22 09:00")
    await add(session, "叉车", "会宁县", "叉车")  # another trade
    await add(session, "深圳焊工", "深圳市宝安区", "电焊")  # another province
    cancelled = await add(session, "取消的", "会宁县", "电焊")
    await events.cancel(session, cancelled, desk())
    [worker, other] = await seekers(session, 2)
    await seats.enrol(session, at_home, other, NOW, source="staff")
    await seats.enrol(session, at_home, worker, NOW, source="seeker")
    offers = await trainings_for(session, worker, NOW)
    shown = [(o.training.id, o.places_left, o.mine) for o in offers]
    # Same city first (白银: 会宁 and 白银市), soonest first; then the rest of the province.
    assert shown == [
        (for_all.id, 2, None),
        (at_home.id, 0, "confirmed"),
        (in_lanzhou.id, 2, None),
    ]


async def test_begun_training_is_not_offered(session, world):
    training = await add(session, "会宁焊工", "会宁县", "电焊")
    [worker] = await seekers(session, 1)
    assert await trainings_for(session, worker, training.starts_at) == []
