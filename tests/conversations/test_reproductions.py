"""Issue 8's reproductions, word for word, through the dialog on the demo meeting.

Each transcript is what a new user typed when the dialog broke; the expected parts are what a
worker needs to see, and `absent` what must not appear (English for pinyin, a raw sentence read
back as a value). Other parts of the issue have their own tests: places in
tests/matching/test_place_typos.py, wages in tests/importing/test_wages.py, list lines in
tests/test_dialog.py.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from test_dialog import Conversation

from storage.models import Seeker

# (message, parts the reply must contain, parts it must not contain)
REPRODUCTIONS = {
    "pinyin is Chinese, never English; spaced pinyin keywords and scopes": [
        ("huining dianhan", ["欢迎", "姓名"], ["Welcome"]),
        ("王五", ["去哪里"], []),
        ("sheng wai", ["已登记：王五，甘肃省白银市会宁县，电焊工，全国"], []),
        ("zhao gongzuo", ["适合您的岗位", "1. "], []),
        ("geng duo", ["适合您的岗位", "1. "], []),
    ],
    "corrections during registration are kept, and read back as understood": [
        ("注册 刘德明 靖远 瓦工", ["去哪里"], []),
        ("技能 木工", ["已改技能：木工"], []),
        ("不对 我是会宁的", ["已改地区：甘肃省白银市会宁县"], ["我是会宁的"]),
        ("3", ["已登记：刘德明，甘肃省白银市会宁县，木工，全国"], ["瓦工", "靖远"]),
    ],
    "greetings and questions are never names": [
        ("你好", ["姓名"], []),
        ("你们是干啥的", ["找工作服务", "姓名"], []),
        ("怎么报名", ["报名", "姓名"], []),
        ("王五", ["哪里人"], []),
    ],
    "homophone typos of keywords": [
        ("注册 李四 会宁 电焊 省外", ["已登记"], []),
        ("找工做", ["适合您的岗位"], ["没看懂"]),
        ("跟多", ["适合您的岗位"], ["没看懂"]),
        ("1", ["地点：", "要求：", "年龄："], []),
        ("报民", ["已报名"], ["没看懂"]),
    ],
    "questions about the vacancy on screen": [
        ("注册 李四 会宁 电焊 省外", ["已登记"], []),
        ("找工作", ["1. "], []),
        ("1", ["地点："], []),
        ("工资多少", ["工资", "元"], ["没看懂"]),
        ("包吃住吗", ["吃住"], ["没看懂"]),
        ("多大年龄能干", ["岁"], ["没看懂"]),
        ("在哪里上班", ["工作地点"], ["没看懂"]),
    ],
    "overseas-minded workers see overseas vacancies first; intent is no skill": [
        ("想出国打工 会开挖掘机 我是临夏的", ["姓名"], []),
        ("王五", ["挖掘机司机，可出国"], ["出国劳务"]),
        ("找工作", ["1. ", "沙特阿拉伯"], ["鄂尔多斯"]),
    ],
    "a stated destination is kept and shown": [
        ("注册 李四 会宁 电焊 省外", ["已登记"], []),
        ("想去新疆", ["新疆"], []),
        ("我的", ["想去新疆"], []),
    ],
}


@pytest.mark.parametrize("name", REPRODUCTIONS)
async def test_reproduction(demo_sessions, name):
    worker = Conversation(demo_sessions)
    for text, present, absent in REPRODUCTIONS[name]:
        reply = await worker.say(text)
        assert reply is not None, text
        assert [part for part in present if part not in reply] == [], (text, reply)
        assert [part for part in absent if part in reply] == [], (text, reply)


async def test_a_destination_and_an_overseas_wish_are_stored_not_taken_for_skills(demo_sessions):
    worker = Conversation(demo_sessions)
    await worker.say("想出国打工 会开挖掘机 我是临夏的")
    await worker.say("王五")
    async with demo_sessions() as session:
        seeker = await session.scalar(select(Seeker))
    assert (seeker.scope, seeker.occupations) == ("overseas", "construction.excavator")
