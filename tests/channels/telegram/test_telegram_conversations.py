"""Conversations over Telegram: tables of steps played through the webhook by one harness."""

from __future__ import annotations

import pytest
from telegram_harness import (  # noqa: F401 - the fixtures are used by name
    Step,
    TelegramHarness,
    bot_api_fixture,
    export,
    said,
    telegram_demo_url_fixture,
    telegram_fixture,
    user,
)

from storage.models import Application, InboundMessage, Seeker

ALICE = user(700_001, "小芳")
PAGE_BUTTONS = ("1", "2", "3")

REGISTER_AND_BROWSE = [
    Step("say", "/start", says=(said("register.welcome"),), contact_button=True),
    Step("say", "张三", says=(said("register.ask_region"),)),
    Step("say", "会宁", says=(said("register.ask_skills"),)),
    Step("say", "普工", says=(said("register.ask_scope"),), buttons=("1", "2", "3", "4")),
    # A picked number replaces the question it answered.
    Step("press", "3", answer="editMessageText", says=("已登记：张三",)),
    Step("say", "找工作", says=(said("jobs.header"),), buttons=(*PAGE_BUTTONS, "更多")),
    Step(
        "press",
        "更多",
        answer="editMessageText",
        says=(said("jobs.header"),),
        buttons=(*PAGE_BUTTONS, "上一页", "更多"),
    ),
    Step(
        "press",
        "更多",
        answer="editMessageText",
        says=(said("jobs.header"),),
        buttons=(*PAGE_BUTTONS, "上一页", "更多"),
    ),
    Step("press", "1", answer="editMessageText", buttons=("报名", "返回")),
    Step("press", "报名", says=(said("apply.done"),)),
    Step("say", "/me", says=("我的资料：张三", "新岗位推送：开"), buttons=("不要推送",)),
    Step("say", "/foo", says=(said("hint.unknown"),)),
    Step("sticker", says=(said("telegram.text_only"),)),
    Step("say", "/help", says=(said("help.keywords"),)),
    Step("say", "/stop", says=(said("stop.done"),)),
    Step("say", "找工作", answer=None),
    Step("say", "/start", says=(said("start.resumed"),)),
]

# Smaller journeys, each from a fresh user: (name, steps).
JOURNEYS = [
    (
        "one message registers, paging back and forth",
        [
            Step("say", "注册 李四 会宁 普工 全国", says=("已登记：李四",)),
            Step("say", "/jobs", buttons=(*PAGE_BUTTONS, "更多")),
            Step(
                "press", "更多", answer="editMessageText", buttons=(*PAGE_BUTTONS, "上一页", "更多")
            ),
            Step("press", "上一页", answer="editMessageText", buttons=(*PAGE_BUTTONS, "更多")),
            Step("press", "2", answer="editMessageText", buttons=("报名", "返回")),
            Step("press", "返回", answer="editMessageText", buttons=(*PAGE_BUTTONS, "更多")),
        ],
    ),
    (
        "unknown command before registering starts registration",
        [Step("say", "/foo", says=(said("register.welcome"),), contact_button=True)],
    ),
    (
        "language by command, in English from then on",
        [
            Step("say", "注册 王五 会宁 电焊 全国", says=("已登记：王五",)),
            Step("say", "/lang", says=(said("language.pick"),), buttons=("1", "2")),
            Step("press", "2", answer="editMessageText", says=(said("language.set", "en"),)),
            Step(
                "say", "/jobs", says=(said("jobs.header", "en"),), buttons=(*PAGE_BUTTONS, "更多")
            ),
        ],
    ),
]


def test_new_user_registers_browses_three_pages_and_applies(telegram: TelegramHarness, capsys):
    answers = telegram.play(ALICE, REGISTER_AND_BROWSE)

    # The list was one message, edited for each page and for the details, never sent again.
    listing = answers[5].result["message_id"]
    edits = telegram.api.calls("editMessageText")
    assert [int(c.params["message_id"]) for c in edits[1:4]] == [listing] * 3
    applications = export("applications", capsys)
    assert len(applications) == 1
    assert applications[0]["seeker_name"] == "张三"
    seekers = export("seekers", capsys)
    assert [(s["telegram_id"], s["phone"]) for s in seekers] == [(ALICE["id"], None)]
    # Every update is logged once with the answer that was given.
    assert telegram.count(InboundMessage) == len(REGISTER_AND_BROWSE)
    # Callback queries were answered, so the buttons' spinners stop.
    presses = sum(1 for s in REGISTER_AND_BROWSE if s.do == "press")
    assert len(telegram.api.calls("answerCallbackQuery")) == presses


@pytest.mark.parametrize(("name", "steps"), JOURNEYS, ids=[j[0] for j in JOURNEYS])
def test_journeys(telegram: TelegramHarness, name: str, steps: list[Step]):
    telegram.play(user(700_100 + JOURNEYS.index((name, steps))), steps)


def test_group_chats_are_ignored(telegram: TelegramHarness):
    response = telegram.post(telegram.text(ALICE, "找工作", chat_type="group"))
    assert response.status_code == 200
    assert telegram.api.calls("sendMessage") == []
    assert telegram.count(Seeker) == 0
    assert telegram.count(Application) == 0
