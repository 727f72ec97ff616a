"""The alert's wait: 1 applies, 2 shows the vacancy, 取消 closes it, T still opts out; a
registration under way holds the alert back rather than have its "1" misread."""

from __future__ import annotations

from datetime import timedelta

import pytest
from broadcast_world import NOW, World
from sqlalchemy import select

from bot.broadcasts.wait import alert_sent, hold_until
from bot.dialog import converse
from bot.render import plain_text
from bot.replies import Inbound
from bot.search import VacancySearch
from messages import t
from storage.models import Application, Seeker


class Worker:
    """One seeker of the world answering by SMS; the clock moves a minute a message."""

    def __init__(self, sessions, world: World, name: str = "sms") -> None:
        self.sessions, self.world = sessions, world
        self.seeker = world.seekers[name]
        self.search = VacancySearch()
        self.now = NOW

    async def say(self, text: str) -> str | None:
        async with self.sessions() as session, session.begin():
            inbound = Inbound("sms", self.seeker.phone, text, self.now)
            reply = await converse(
                session, inbound, self.search, default_locale="zh_CN", today=self.now.date()
            )
        self.now += timedelta(minutes=1)
        return plain_text(reply) if reply else None

    async def alerted(self, *vacancies: str) -> bool:
        ids = [self.world.vacancies[v].id for v in vacancies]
        async with self.sessions() as session, session.begin():
            return await alert_sent(session, self.seeker.id, ids, self.now)

    async def fresh(self) -> Seeker:
        async with self.sessions() as session:
            return await session.get(Seeker, self.seeker.id)

    async def applications(self) -> list[int]:
        async with self.sessions() as session:
            query = select(Application.vacancy_id).where(Application.seeker_id == self.seeker.id)
            return list(await session.scalars(query))


@pytest.fixture
def worker(sessions, world) -> Worker:
    return Worker(sessions, world)


@pytest.mark.parametrize("answer", ["1", "报名", "我去", "１"])
async def test_one_applies(worker, world, answer):
    assert await worker.alerted("huining")
    assert "已报名" in await worker.say(answer)
    assert await worker.applications() == [world.vacancies["huining"].id]


@pytest.mark.parametrize("answer", ["2", "详情", "看详情", "details"])
async def test_two_shows_the_vacancy(worker, world, answer):
    assert await worker.alerted("huining")
    shown = await worker.say(answer)
    assert "地点：甘肃省白银市会宁县" in shown and "6000-8000元" in shown
    # From the details, 报名 takes it.
    assert "已报名" in await worker.say("报名")
    assert await worker.applications() == [world.vacancies["huining"].id]


async def test_cancel_closes_the_alert_without_opting_out(worker):
    assert await worker.alerted("huining")
    assert await worker.say("取消") == t("alert.closed", "zh_CN")
    seeker = await worker.fresh()
    assert not seeker.opted_out and seeker.alerts and seeker.dialog_state is None
    assert await worker.applications() == []


async def test_t_still_opts_out(worker):
    assert await worker.alerted("huining")
    assert await worker.say("T") == t("stop.done", "zh_CN")
    seeker = await worker.fresh()
    assert seeker.opted_out
    assert await worker.applications() == []


async def test_three_turns_alerts_off_and_nothing_else(worker):
    assert await worker.alerted("huining")
    assert await worker.say("3") == t("alerts.off", "zh_CN")
    seeker = await worker.fresh()
    assert not seeker.alerts and not seeker.opted_out and seeker.dialog_state is None


async def test_another_number_repeats_how_to_answer(worker):
    assert await worker.alerted("huining")
    assert await worker.say("5") == t("alert.answer", "zh_CN")
    assert "已报名" in await worker.say("1")


async def test_anything_else_is_read_as_usual(worker):
    assert await worker.alerted("huining")
    assert "我的资料" in await worker.say("我的")


async def test_the_wait_expires(worker):
    assert await worker.alerted("huining")
    worker.now += timedelta(days=3, minutes=1)
    assert "已报名" not in (await worker.say("1") or "")
    assert await worker.applications() == []


async def test_a_meeting_alert_waits_as_a_job_list(worker, world):
    assert await worker.alerted("baiyin", "huining", "lanzhou")
    shown = await worker.say("2")
    assert "地点：甘肃省白银市会宁县" in shown
    assert "已报名" in await worker.say("报名")
    assert await worker.applications() == [world.vacancies["huining"].id]


async def test_a_registration_under_way_holds_the_alert_back(worker, sessions):
    assert "姓名" in await worker.say("注册")
    async with sessions() as session:
        held = await hold_until(session, worker.seeker.id, worker.now)
    assert held is not None and worker.now < held <= worker.now + timedelta(minutes=15)
    assert not await worker.alerted("huining")  # and its wait is not opened over it
    assert (await worker.fresh()).dialog_state == "register:name"
    # The next message still answers the registration.
    await worker.say("王五")
    assert (await worker.fresh()).dialog_state == "register:region"
    assert await worker.applications() == []


async def test_a_list_being_read_holds_the_alert_until_left_alone(worker, sessions):
    assert "适合您的岗位" in await worker.say("找工作")
    async with sessions() as session:
        held = await hold_until(session, worker.seeker.id, worker.now)
    assert held is not None and held <= worker.now + timedelta(minutes=30)
    assert not await worker.alerted("huining")
    assert "地点：" in await worker.say("1")  # the list still answers its own number
    worker.now += timedelta(minutes=31)  # left alone: the alert may take its place
    async with sessions() as session:
        assert await hold_until(session, worker.seeker.id, worker.now) is None
    assert await worker.alerted("huining")
    assert "已报名" in await worker.say("1")
    assert await worker.applications() == [worker.world.vacancies["huining"].id]


async def test_an_expired_registration_holds_nothing(worker, sessions):
    await worker.say("注册")
    worker.now += timedelta(hours=25)
    async with sessions() as session:
        assert await hold_until(session, worker.seeker.id, worker.now) is None
    assert await worker.alerted("huining")
