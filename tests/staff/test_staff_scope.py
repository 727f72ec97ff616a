"""Who sees what: own agency and every office below it; admins everything; nobody else anything."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from staff_world import ADMIN, BAIYIN, HUINING, LANZHOU, NOBODY, PROVINCE

from bot.staff import run_staff_command, staff_for_telegram
from messages import t
from storage.models import Seeker, Vacancy
from storage.staff import ensure_agency, region_prefix, scope_of, subtree_ids

TODAY = date(2026, 3, 4)


@pytest.mark.parametrize(
    ("telegram_id", "titles"),
    [
        (ADMIN, {"电焊工", "电子厂普工", "保安", "司机"}),
        (PROVINCE, {"电焊工", "电子厂普工", "保安"}),
        (BAIYIN, {"电焊工", "电子厂普工"}),
        (HUINING, {"电子厂普工"}),
        (LANZHOU, {"保安"}),
    ],
)
async def test_vacancy_scope(session, world, telegram_id, titles):
    staff = await staff_for_telegram(session, telegram_id)
    scope = await scope_of(session, staff)
    seen = set(await session.scalars(select(Vacancy.title).where(scope.vacancies())))
    assert seen == titles
    reply = await run_staff_command(
        session, staff, "vacancies", "", document=None, today=TODAY, locale="zh_CN"
    )
    assert reply.text.startswith(t("staff.vacancies.header", "zh_CN", count=len(titles)))
    assert {title for title in {"电焊工", "电子厂普工", "保安", "司机"} if title in reply.text} == (
        titles
    )


@pytest.mark.parametrize(
    ("telegram_id", "names"),
    [
        (ADMIN, {"张三", "李四", "王五", None}),
        (PROVINCE, {"张三", "李四", "王五"}),  # by home region: 62xxxx is the province's area
        (BAIYIN, {"张三", "李四"}),  # 张三 by home region 会宁, 李四 registered at 会宁
        (HUINING, {"张三", "李四"}),
        (LANZHOU, {"王五"}),
    ],
)
async def test_seeker_scope(session, world, telegram_id, names):
    staff = await staff_for_telegram(session, telegram_id)
    scope = await scope_of(session, staff)
    assert set(await session.scalars(select(Seeker.name).where(scope.seekers()))) == names


async def test_seeker_with_an_agency_is_not_taken_by_region(session, world):
    # Registered with 兰州 although from 会宁: 兰州's, not 会宁's, despite the home region.
    seeker = world.seekers["会宁张三"]
    seeker.agency_id = world.agencies["兰州市就业局"].id
    await session.commit()
    for telegram_id, sees in ((HUINING, False), (LANZHOU, True)):
        scope = await scope_of(session, await staff_for_telegram(session, telegram_id))
        found = await session.scalar(
            select(Seeker.id).where(scope.seekers(), Seeker.name == "张三")
        )
        assert (found is not None) is sees


@pytest.mark.parametrize("telegram_id", [NOBODY, 0, -5])
async def test_not_staff(session, world, telegram_id):
    assert await staff_for_telegram(session, telegram_id) is None


async def test_staff_for_telegram_loads_agency(session, world):
    staff = await staff_for_telegram(session, HUINING)
    assert staff is not None and staff.agency.name == "会宁社区服务站"


async def test_subtree_is_recursive(session, world):
    ids = await subtree_ids(session, world.agencies["甘肃省中心"].id)
    assert ids == {a.id for a in world.agencies.values()}
    # A new office two levels down joins the city's tree at once.
    street, _ = await ensure_agency(session, "会宁东街", parent=world.agencies["会宁社区服务站"])
    assert street.level == "community"
    assert street.id in await subtree_ids(session, world.agencies["白银市就业局"].id)
    assert street.id not in await subtree_ids(session, world.agencies["兰州市就业局"].id)


async def test_hand_written_cycle_terminates(session, world):
    province = world.agencies["甘肃省中心"]
    province.parent_id = world.agencies["会宁社区服务站"].id
    await session.flush()
    assert await subtree_ids(session, province.id) == {a.id for a in world.agencies.values()}


@pytest.mark.parametrize(
    ("code", "prefix"), [("620000", "62"), ("620400", "6204"), ("620422", "620422")]
)
def test_region_prefix(code, prefix):
    assert region_prefix(code) == prefix


@pytest.mark.parametrize("telegram_id", [LANZHOU, HUINING])
async def test_applicants_out_of_scope_reads_as_missing(session, world, telegram_id):
    staff = await staff_for_telegram(session, telegram_id)
    hidden = world.vacancies["白银焊工"]  # hosted by 白银: above 会宁, beside 兰州
    missing = hidden.id + 1000

    async def ask(vacancy_id: int) -> str:
        reply = await run_staff_command(
            session, staff, "applicants", str(vacancy_id), document=None, today=TODAY
        )
        return reply.text

    assert await ask(hidden.id) == t("staff.applicants.not_found", "zh_CN", id=hidden.id)
    assert await ask(missing) == t("staff.applicants.not_found", "zh_CN", id=missing)
