"""Greetings and questions are marked, get a topic, and are never a name or a trade."""

from __future__ import annotations

import pytest

from bot.matching.questions import wants
from bot.matching.understand import understand


@pytest.mark.parametrize(
    "text", ["你好", "您好！", "在吗", "你好，在吗？", "hello", "Hi", "ni hao"]
)
def test_greetings(text):
    reading = understand(text)
    assert reading.greeting and reading.question is None
    assert reading.name is None and reading.skills == () and reading.intent is None


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("你们是干啥的", "about"),
        ("怎么报名", "apply"),
        ("咋报名", "apply"),
        ("多少钱", "wage"),
        ("工资多少", "wage"),
        ("一个月多少钱", "wage"),
        ("给多少", "wage"),
        ("包吃住吗", "board"),
        ("管饭吗", "board"),
        ("住哪", "board"),
        ("多大年龄能干", "age"),
        ("50岁要不要", "age"),
        ("在哪里上班", "place"),
        ("哪个地方", "place"),
        ("什么时候走", "date"),
        ("什么时候出发", "date"),
        ("要什么证", "requirements"),
        ("有啥要求", "requirements"),
        ("招几个人", "headcount"),
        ("电话多少", "contact"),
        ("找谁", "contact"),
        ("要交钱吗", "fee"),
        ("gongzi duoshao", "wage"),
        ("how much is the pay?", "wage"),
        ("where is the job?", "place"),
        ("你好，请问工资多少", "wage"),
        ("电焊工资多少", "wage"),
        ("有工作吗", "other"),
        ("真的假的", "about"),
    ],
)
def test_questions_and_their_topic(text, topic):
    reading = understand(text)
    assert (reading.question, reading.greeting) == (topic, False)
    assert reading.name is None


@pytest.mark.parametrize("text", ["你们是干啥的", "怎么报名", "真的假的", "是不是骗人的"])
def test_a_question_is_never_a_name(text):
    assert understand(text).name is None
    assert understand(text).question is not None


@pytest.mark.parametrize(
    "text",
    ["哪里都行", "去哪都可以", "什么都能干", "会宁 电焊", "刘德明", "包吃住", "省内省外都行"],
)
def test_answers_are_no_questions(text):
    reading = understand(text)
    assert reading.question is None and not reading.greeting


def test_a_greeting_before_facts_leaves_the_facts():
    reading = understand("你好 张三 会宁 电焊")
    assert reading.question is None and not reading.greeting and reading.name == "张三"
    assert reading.region is not None and reading.region.code == "620422"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("你们这有啥活", "jobs"),
        ("有没有电焊的活", "jobs"),
        ("兰州有活吗", "jobs"),
        ("还有没有别的活", "jobs"),
        ("我注册上了吗", "me"),
        ("我报的那个咋样了", "me"),
        ("报名成功了没", "me"),
        # A requirement, a statement, a wage: nothing to show.
        ("有没有工作经验要求", None),
        ("我有工作了", None),
        ("工资多少", None),
    ],
)
def test_what_a_question_asks_to_be_shown(text, shown):
    assert wants(text) == shown
