"""One person, one record: sharing one's own contact links Telegram to the SMS-registered seeker."""

from __future__ import annotations

from datetime import date

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

from bot import clock
from bot.dialog import converse
from bot.render import plain_text
from bot.replies import Inbound
from storage.models import Seeker

PHONE = "+8613800001111"
WORKER = user(700_601, "王强")  # the same person who registered by SMS
STRANGER = user(700_602, "路人")
NEWCOMER = user(700_603, "新人")

# What the worker does by SMS first: register, list, pick the first, apply.
SMS_JOURNEY = ["注册 王强 会宁 电焊 全国", "找工作", "1", "报名"]

LINKING = [
    Step("say", "/start", says=(said("register.welcome"),), contact_button=True),
    # Telegram sends the number without "+"; linking shows the SMS profile, contact keyboard gone.
    Step(
        "contact",
        PHONE.removeprefix("+"),
        says=(said("account.linked"), "我的资料：王强"),
        buttons=("不要推送",),
    ),
    Step("say", "/me", says=("我的资料：王强", "已报名1个岗位"), buttons=("不要推送",)),
]
# Someone else's contact card: refused, nothing linked, for a known and for a new user.
FORWARDED = [
    Step("say", "/start", contact_button=True),
    Step("contact", PHONE.removeprefix("+"), says=(said("telegram.contact_not_own"),), owner=1),
    Step("contact", "not a number", says=(said("telegram.contact_unreadable"),)),
]
FORWARDED_FIRST = [
    Step(
        "contact",
        PHONE.removeprefix("+"),
        says=(said("telegram.contact_not_own"),),
        owner=WORKER["id"],
    ),
]


def sms(telegram: TelegramHarness, text: str) -> str:
    """One SMS-channel message through the dialog core, committed as the SMS channel would."""

    async def go() -> str:
        async with telegram.app.state.sessions() as session:
            inbound = Inbound("sms", PHONE, text, clock.now(), provider_id=None)
            reply = await converse(
                session,
                inbound,
                telegram.app.state.search,
                default_locale="zh_CN",
                today=date(2026, 11, 20),
            )
            await session.commit()
            return plain_text(reply) if reply else ""

    return telegram.run(go())


def test_sharing_ones_own_contact_links_the_sms_record(telegram: TelegramHarness, capsys):
    answers = [sms(telegram, text) for text in SMS_JOURNEY]
    assert said("apply.done") in answers[-1]

    telegram.play(WORKER, LINKING)

    seekers = export("seekers", capsys)
    assert [(s["phone"], s["telegram_id"], s["name"]) for s in seekers] == [
        (PHONE, WORKER["id"], "王强")
    ]
    applications = export("applications", capsys)
    assert [(a["seeker_phone"], a["seeker_name"]) for a in applications] == [(PHONE, "王强")]
    # Back on SMS, the same profile and the application made before linking.
    profile = sms(telegram, "我的")
    assert "我的资料：王强" in profile and "已报名1个岗位" in profile


def test_a_forwarded_contact_links_nothing(telegram: TelegramHarness, capsys):
    sms(telegram, SMS_JOURNEY[0])
    telegram.play(STRANGER, FORWARDED)
    telegram.play(NEWCOMER, FORWARDED_FIRST)

    seekers = {s["telegram_id"]: s for s in export("seekers", capsys)}
    assert seekers[None]["phone"] == PHONE  # the SMS record is untouched
    assert seekers[STRANGER["id"]]["phone"] is None
    assert NEWCOMER["id"] not in seekers  # a refused contact does not even create a record
    assert telegram.seeker(NEWCOMER["id"]) is None
    assert telegram.count(Seeker) == 2
