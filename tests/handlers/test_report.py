"""举报 (report): a worker reports the vacancy on screen; staff get a record, the worker is told
what happens next, and what they add is kept with the report. Every reply fits 2 SMS segments."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.channels.sms.render import render_sms
from bot.channels.sms.segments import segments
from bot.render import plain_text
from storage.models import Seeker, VacancyReport
from tests.test_dialog import Conversation


@pytest.fixture
def sessions(demo_sessions):
    return demo_sessions


async def said(worker: Conversation, text: str) -> str:
    reply = await worker.reply(text)
    assert reply is not None, text
    assert segments(render_sms(reply)) <= 2, text
    return plain_text(reply)


async def reports(sessions) -> list[VacancyReport]:
    async with sessions() as session:
        return list(await session.scalars(select(VacancyReport).order_by(VacancyReport.id)))


async def shown_vacancy(sessions) -> int:
    async with sessions() as session:
        seeker = await session.scalar(select(Seeker))
        return seeker.dialog_data["vacancy"]


async def test_report_the_open_vacancy_then_say_what_happened(sessions):
    worker = Conversation(sessions, channel="sms")
    await said(worker, "注册 张三 会宁 电焊 全国")
    await said(worker, "找工作")
    details = await said(worker, "1")
    assert "劳务站已核实。正规招工不收费，要钱回“举报”" in details
    opened = await shown_vacancy(sessions)
    answer = await said(worker, "举报")
    assert "已收到您对" in answer and "的举报" in answer and "请不要交任何钱" in answer
    assert "可以直接回复发生了什么" in answer
    assert "您已举报过" in await said(worker, "举报")  # said twice: still one report
    assert "已记下" in await said(worker, "他们说要先交押金300元")
    [report] = await reports(sessions)
    assert report.vacancy_id == opened and report.text == "他们说要先交押金300元"
    # The list is back on screen: a number opens a vacancy again.
    assert "地点：" in await said(worker, "2")


async def test_report_with_words_and_by_number(sessions):
    worker = Conversation(sessions)
    await said(worker, "注册 李四 会宁 电焊 全国")
    await said(worker, "找工作")
    assert "举报哪一个" in await said(worker, "举报")
    assert "已收到您对" in await said(worker, "举报 2")
    await said(worker, "不用了")
    assert "已记下" in await said(worker, "举报 3 收服装费200元")
    first, second = await reports(sessions)
    assert first.vacancy_id != second.vacancy_id
    assert (first.text, second.text) == (None, "收服装费200元")


async def test_report_again_is_one_report(sessions):
    worker = Conversation(sessions)
    await said(worker, "注册 王五 会宁 电焊 全国")
    await said(worker, "找工作")
    await said(worker, "1")
    await said(worker, "举报 要收体检费")
    await said(worker, "取消")
    await said(worker, "找工作")
    await said(worker, "1")
    assert "您已举报过" in await said(worker, "jubao")
    [report] = await reports(sessions)
    assert report.text == "要收体检费"


async def test_english_report(sessions):
    worker = Conversation(sessions, channel="sms", address="+8613900000002")
    await said(worker, "register Zhang Wei Huining welder anywhere")
    await said(worker, "JOBS")
    assert "Pay no fee: REPORT" in await said(worker, "1")
    assert "Report received" in await said(worker, "REPORT")
    assert "Noted" in await said(worker, "they want a deposit")
    assert len(await reports(sessions)) == 1


async def test_nothing_open_to_report(sessions):
    worker = Conversation(sessions)
    await said(worker, "注册 赵六 会宁 电焊 全国")
    assert "请先回复序号打开要举报的岗位" in await said(worker, "举报")
    assert await reports(sessions) == []


async def test_report_during_registration_keeps_the_question_open(sessions):
    worker = Conversation(sessions)
    await said(worker, "注册")
    assert "请先回复序号打开要举报的岗位" in await said(worker, "举报")
    assert "哪里人" in await said(worker, "张三")
