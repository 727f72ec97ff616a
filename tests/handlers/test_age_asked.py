"""Age-aware lists: a 55-year-old welder sees no vacancy limited to 18–45, is told so, and is
offered the trades whose vacancies take his age; a list that leaves some out says so."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.channels.sms.render import render_sms
from bot.channels.sms.segments import segments
from bot.cli import main
from bot.importing.reader import read_table
from bot.importing.service import import_table
from bot.render import plain_text
from storage.engine import create_engine, session_factory
from storage.models import Seeker
from tests.test_dialog import START, Conversation

MEETING = (
    "编号,用人单位,岗位名称,工作地点,招聘人数,月薪,年龄要求,联系电话\n"
    "A-1,陇原建工集团,电焊工,甘肃省兰州市城关区,10,8000-9000,18-45,0931-1234567\n"
    "A-2,金城重工集团,电焊工,甘肃省兰州市七里河区,10,7000-9000,18-45周岁,0931-1234568\n"
    "A-3,白银物业服务公司,保安,甘肃省白银市白银区,10,3000-3500,18-60,0943-1234567\n"
    "A-4,白银保洁服务公司,保洁员,甘肃省白银市白银区,10,2800-3200,,0943-1234568\n"
    "A-5,兰州电子厂,普工,甘肃省兰州市城关区,10,4000-5000,18-40,0931-1234569\n"
)
OLDER_WELDER = "A-6,会宁钢构厂,电焊工,甘肃省白银市会宁县,5,6000-7000,18-58,0943-1234569\n"


async def _meeting(database_url: str, text: str):
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    table = read_table(text.encode(), "age.csv")
    assert (await import_table(sessions, table, "年龄洽谈会", today=START.date())).ok
    return engine, sessions


@pytest.fixture
async def sessions(database_url):
    engine, sessions = await _meeting(database_url, MEETING)
    yield sessions
    await engine.dispose()


@pytest.fixture
async def with_older_welder(database_url):
    engine, sessions = await _meeting(database_url, MEETING + OLDER_WELDER)
    yield sessions
    await engine.dispose()


async def said(worker: Conversation, text: str) -> str:
    reply = await worker.reply(text)
    assert reply is not None, text
    assert segments(render_sms(reply)) <= 2, text
    return plain_text(reply)


async def test_a_55_year_old_welder_is_told_and_offered_what_fits(sessions):
    worker = Conversation(sessions, channel="sms")
    await said(worker, "注册 王大山 会宁 电焊 全国 55岁")
    answer = await said(worker, "找工作")
    assert "电焊工的岗位都不收55岁的，已略去" in answer
    assert "收您这个年龄的有：" in answer and "保安" in answer and "保洁员" in answer
    assert "普工" not in answer  # 18-40 does not take him either
    other = await said(worker, "其他岗位")
    assert "已略去年龄不符的岗位" in other
    assert "保安" in other and "保洁" in other and "电子厂" not in other


async def test_a_younger_welder_sees_them(sessions):
    worker = Conversation(sessions, channel="sms")
    await said(worker, "注册 王小川 会宁 电焊 全国")
    await said(worker, "我今年30岁")
    answer = await said(worker, "找工作")
    assert answer.startswith("适合您的岗位：") and "陇原建工" in answer and "略去" not in answer


async def test_a_list_that_leaves_some_out_says_so(with_older_welder):
    worker = Conversation(with_older_welder, channel="sms")
    await said(worker, "注册 李大海 会宁 电焊 全国")
    assert "已记下：55岁" in await said(worker, "我是71年的")
    answer = await said(worker, "找工作")
    assert answer.startswith("适合您的岗位（已略去年龄不符的岗位）：")
    assert "会宁钢构" in answer and "陇原建工" not in answer and "金城重工" not in answer


async def test_age_said_during_registration_is_kept_and_the_question_repeated(sessions):
    worker = Conversation(sessions)
    await said(worker, "注册")
    answer = await said(worker, "五十多")
    assert "已记下：53岁" in answer and "姓名" in answer
    async with sessions() as session:
        assert (await session.scalar(select(Seeker))).birth_year == START.year - 53


async def test_english_age(sessions):
    worker = Conversation(sessions, channel="sms", address="+8613900000003")
    await said(worker, "register Wang Wei Huining welder anywhere")
    assert "Noted: aged 55" in await said(worker, "I am 55")
    answer = await said(worker, "JOBS")
    assert "No Welder job takes workers aged 55" in answer and "Security guard" in answer


def test_match_cli_leaves_out_what_the_age_excludes(database_url, capsys):
    import asyncio

    engine, _ = asyncio.run(_meeting(database_url, MEETING))
    asyncio.run(engine.dispose())

    def found(*extra: str) -> list[str]:
        capsys.readouterr()
        args = ["match", "--skills", "电焊", "--region", "会宁", "--json", *extra]
        assert main(args) == 0
        return [m["title"] for m in json.loads(capsys.readouterr().out)]

    assert found().count("电焊工") == 2
    assert "电焊工" not in found("--age", "55") and "保安" in found("--age", "55")
    capsys.readouterr()
    assert main(["match", "--skills", "电焊", "--region", "会宁", "--age", "55"]) == 0
    assert "55岁" in capsys.readouterr().out
