"""培训 / training in the dialog: the list near the worker, signing up by number within the
places, the waiting list when full, and the list as a wait (取消 closes it, never opts out)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.channels.sms.render import render_sms
from bot.channels.sms.segments import segments
from bot.dialog import converse
from bot.render import plain_text
from bot.replies import Inbound
from bot.schedule import events
from bot.schedule.events import Desk
from bot.search import VacancySearch
from bot.states import LIST
from messages import t
from storage.models import Enrolment, Seeker

NOW = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
ZONE = "Asia/Shanghai"
WELDING = {
    "title": "电焊培训",
    "trade": "电焊",
    "place": "会宁县职教中心",
    "start": "2026-05-01 09:00",
    "end": "17:00",
    "capacity": "1",
}


async def schedule(sessions, **change: str) -> int:
    async with sessions() as session:
        desk = Desk(None, None, ZONE, NOW, "test")
        training = await events.add(session, "training", WELDING | change, desk)
        await session.commit()
        return training.id


class Worker:
    def __init__(self, sessions, phone: str) -> None:
        self.sessions, self.phone, self.now = sessions, phone, NOW
        self.search = VacancySearch()

    async def reply(self, text: str):
        async with self.sessions() as session, session.begin():
            inbound = Inbound("sms", self.phone, text, self.now)
            reply = await converse(
                session,
                inbound,
                self.search,
                default_locale="zh_CN",
                today=self.now.date(),
                timezone=ZONE,
            )
        self.now += timedelta(minutes=1)
        return reply

    async def say(self, text: str) -> str:
        reply = await self.reply(text)
        assert reply is not None
        return plain_text(reply)


async def registered(sessions, phone: str, text: str = "注册 张三 会宁 电焊 省外") -> Worker:
    worker = Worker(sessions, phone)
    assert (await worker.say(text)).startswith(("已登记", "Registered"))
    return worker


async def enrolments(sessions) -> list[tuple[str, str]]:
    async with sessions() as session:
        rows = await session.execute(
            select(Seeker.phone, Enrolment.state)
            .join(Seeker, Seeker.id == Enrolment.seeker_id)
            .order_by(Enrolment.id)
        )
        return [tuple(row) for row in rows]


async def test_a_worker_signs_up_then_the_next_waits(sessions):
    await schedule(sessions)
    first = await registered(sessions, "+8613800000001")
    shown = await first.say("培训")
    assert "1. 电焊培训 5月1日 09:00 会宁县职教中心 余1位" in shown
    assert "已报名培训：电焊培训，5月1日 09:00，会宁县职教中心" in await first.say("1")
    assert "已报名" in await first.say("培训")
    assert "您已报名“电焊培训”" in await first.say("1")
    second = await registered(sessions, "+8613800000002", "注册 李四 会宁 电焊 省外")
    assert "已满可候补" in await second.say("peixun")
    assert "您在候补第1位" in await second.say("1")
    assert await enrolments(sessions) == [
        ("+8613800000001", "confirmed"),
        ("+8613800000002", "waiting"),
    ]


async def test_cancel_closes_the_list_and_opts_nobody_out(sessions):
    await schedule(sessions)
    worker = await registered(sessions, "+8613800000001")
    await worker.say("培训")
    assert await worker.say("取消") == t("training.closed", "zh_CN")
    async with sessions() as session:
        assert await session.scalar(select(Seeker.opted_out)) is False
    assert await enrolments(sessions) == []


async def test_a_number_out_of_the_list_is_asked_again(sessions):
    await schedule(sessions)
    worker = await registered(sessions, "+8613800000001")
    await worker.say("有培训吗")
    assert await worker.say("3") == t("jobs.bad_number", "zh_CN", count=1)


async def test_an_expired_list_takes_no_number(sessions):
    await schedule(sessions)
    worker = await registered(sessions, "+8613800000001")
    await worker.say("培训")
    worker.now += LIST
    await worker.say("1")
    assert await enrolments(sessions) == []


async def test_nothing_near_or_in_the_trade(sessions):
    await schedule(sessions, trade="叉车")
    await schedule(sessions, place="深圳市宝安区")
    worker = await registered(sessions, "+8613800000001")
    assert await worker.say("培训") == t("training.none", "zh_CN")


async def test_someone_not_registered_registers_first(sessions):
    await schedule(sessions)
    worker = Worker(sessions, "+8613800000009")
    assert "姓名" in await worker.say("培训")


async def test_english_and_the_sms_budget(sessions):
    long = "高级焊工（二保焊、氩弧焊）职业技能提升培训暨上岗证考前辅导班第三期"
    await schedule(sessions, title=long, place="会宁县会师镇西关职业技术教育中心三楼实训车间")
    worker = await registered(sessions, "+8613800000001")
    assert segments(render_sms(await worker.reply("培训"))) <= 2
    assert segments(render_sms(await worker.reply("1"))) <= 2
    english = await registered(sessions, "+8613800000002", "register Li Si Huining welder anywhere")
    assert "Training coming up" in await english.say("training")
    assert segments(render_sms(await english.reply("1"))) <= 2
