"""A job's details with the optional import fields: pay schedule and board shown (first to go on
an SMS short of room), board answered from its own column; the trust line always there."""

from __future__ import annotations

import pytest

from bot.channels.sms.render import render_sms
from bot.channels.sms.segments import segments
from bot.importing.reader import read_table
from bot.importing.service import import_table
from bot.render import plain_text
from storage.engine import create_engine, session_factory
from tests.test_dialog import START, Conversation

MEETING = (
    "编号,用人单位,岗位名称,工作地点,招聘人数,月薪,结算方式,吃住,福利,工作时间,联系电话\n"
    "D-1,会宁建工劳务,电焊工,甘肃省白银市会宁县,5,300元/天,日结,管午饭,工伤保险,早8点到晚6点,0943-1234567\n"
    "D-2,白银机械厂,电焊工,甘肃省白银市白银区,5,6000-9000,月结,,包吃住，五险一金,,0943-1234568\n"
)


@pytest.fixture
async def sessions(database_url):
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    table = read_table(MEETING.encode(), "d.csv")
    assert (await import_table(sessions, table, "细节洽谈会", today=START.date())).ok
    yield sessions
    await engine.dispose()


async def test_pay_schedule_and_board_in_details_and_answers(sessions):
    worker = Conversation(sessions, channel="sms")
    await worker.reply("注册 王大山 会宁 电焊 全国")
    listing = plain_text(await worker.reply("找工作"))
    number = next(row[0] for row in listing.splitlines() if "会宁建工" in row)
    reply = await worker.reply(number)
    sms = render_sms(reply)
    assert segments(sms) <= 2
    assert "结算：日结" in sms and "吃住：管午饭" in sms
    assert sms.endswith(
        "劳务站已核实。正规招工不收费，要钱回“举报”\n回复“报名”报名，“返回”看列表。"
    )
    assert "管午饭" in plain_text(await worker.reply("管吃住吗"))
