"""Seekers choose: 不要推送 / 推送 turn alerts off and on without opting out; 我的 shows it."""

from __future__ import annotations

import pytest
from broadcast_world import NOW
from test_alert_wait import Worker

from bot.broadcasts.service import Subject, preview
from bot.channels.sms.render import render_sms
from bot.channels.sms.segments import segments
from bot.channels.telegram.render import render_telegram
from bot.dialog import converse
from bot.replies import Inbound
from bot.search import VacancySearch
from messages import t


@pytest.fixture
def worker(sessions, world) -> Worker:
    return Worker(sessions, world)


@pytest.mark.parametrize(
    ("off", "on"),
    [("不要推送", "推送"), ("buyao tuisong", "tuisong"), ("no alerts", "alerts on")],
)
async def test_alerts_off_and_on(worker, sessions, world, settings, off, on):
    huining = Subject(vacancy_id=world.vacancies["huining"].id)
    assert await worker.say(off) == t("alerts.off", "zh_CN")
    seeker = await worker.fresh()
    assert not seeker.alerts and not seeker.opted_out
    async with sessions() as session:  # the two others reached by SMS, not this seeker
        assert (await preview(session, huining, settings, now=NOW)).sms == 2
    assert t("me.alerts_off", "zh_CN") in await worker.say("我的")
    assert await worker.say(on) == t("alerts.on", "zh_CN")
    assert (await worker.fresh()).alerts
    assert t("me.alerts_on", "zh_CN") in await worker.say("我的")
    async with sessions() as session:
        assert (await preview(session, huining, settings, now=NOW)).sms == 3


async def test_other_messages_still_come_after_alerts_off(worker):
    await worker.say("不要推送")
    assert "适合您的岗位" in await worker.say("找工作")


async def test_alerts_off_in_the_middle_of_registration_keeps_the_question(worker):
    assert "姓名" in await worker.say("注册")
    assert await worker.say("不要推送") == t("alerts.off", "zh_CN")
    assert (await worker.fresh()).dialog_state == "register:name"


async def test_the_profile_on_sms_stays_within_two_segments(sessions, world):
    async with sessions() as session, session.begin():
        seeker = world.seekers["sms"]
        inbound = Inbound("sms", seeker.phone, "我的", NOW)
        reply = await converse(
            session, inbound, VacancySearch(), default_locale="zh_CN", today=NOW.date()
        )
    text = render_sms(reply)
    assert segments(text) <= 2 and "推送" in text


async def test_telegram_offers_the_switch_as_a_button(sessions, world):
    async def buttons(text: str) -> list[str]:
        async with sessions() as session, session.begin():
            inbound = Inbound("telegram", "7001", text, NOW)
            reply = await converse(
                session, inbound, VacancySearch(), default_locale="zh_CN", today=NOW.date()
            )
        markup = render_telegram(reply).inline
        return [b.callback_data for row in markup.inline_keyboard for b in row]

    assert "不要推送" in await buttons("我的")
    assert await buttons("不要推送") == ["推送"]
    assert "推送" in await buttons("我的")
    assert await buttons("推送") == ["不要推送"]
