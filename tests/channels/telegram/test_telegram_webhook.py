"""The webhook's contract: start-up calls, the secret, dedupe, and Bot API errors while answering."""

from __future__ import annotations

import asyncio

import pytest
from fake_bot_api import FakeBotApi
from telegram_harness import (  # noqa: F401 - the fixtures are used by name
    PUBLIC_URL,
    SECRET,
    Step,
    TelegramHarness,
    bot_api_fixture,
    said,
    settings_for,
    telegram_demo_url_fixture,
    telegram_fixture,
    user,
)

from storage.models import InboundMessage, Seeker

BOB = user(700_201, "阿强")


def test_start_up_publishes_commands_and_the_webhook(telegram: TelegramHarness):
    api = telegram.api
    menus = {
        c.params.get("language_code"): c.params["commands"] for c in api.calls("setMyCommands")
    }
    assert set(menus) == {"zh", "en", None}
    names = ["start", "jobs", "me", "help", "lang", "stop"]
    for language, menu in menus.items():
        assert [c["command"] for c in menu] == names, language
    assert menus["zh"][1]["description"] == said("telegram.command.jobs")
    assert menus["en"][1]["description"] == said("telegram.command.jobs", "en")
    assert menus[None] == menus["zh"]  # the default menu follows GONGYOU_LOCALE
    (hook,) = api.calls("setWebhook")
    assert hook.params["url"] == f"{PUBLIC_URL}/telegram/webhook"
    assert hook.params["secret_token"] == SECRET
    assert api.calls("getUpdates") == []  # webhook mode never polls


# (name, secret header sent, expected status)
SECRETS = [
    ("no header", None, 403),
    ("empty", "", 403),
    ("wrong", "not-the-secret", 403),
    ("prefix of the right one", SECRET[:-1], 403),
    ("right", SECRET, 200),
]


def test_the_secret_guards_the_webhook(telegram: TelegramHarness):
    processed = 0
    for name, secret, status in SECRETS:
        sender = user(700_300 + processed)
        response = telegram.post(telegram.text(sender, "找工作"), secret=secret)
        assert response.status_code == status, name
        processed += status == 200
        # A refused update leaves no trace: no seeker, no logged message, no answer.
        assert telegram.count(Seeker) == processed, name
        assert telegram.count(InboundMessage) == processed, name
        assert len(telegram.api.calls("sendMessage")) == processed, name


# (name, body) that are not updates at all
MALFORMED = [("not json", b"{nope"), ("a list", b"[1, 2]"), ("no update_id", b'{"message": {}}')]


def test_malformed_bodies_are_refused(telegram: TelegramHarness):
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    for name, body in MALFORMED:
        post = telegram.client.post("/telegram/webhook", content=body, headers=headers)
        assert telegram.run(post).status_code == 400, name
    assert telegram.count(Seeker) == 0


def test_a_repeated_update_is_processed_once(telegram: TelegramHarness):
    update = telegram.text(BOB, "注册 阿强 会宁 电焊 全国")
    for _ in range(3):
        assert telegram.post(update).status_code == 200
    assert len(telegram.api.calls("sendMessage")) == 1
    assert telegram.count(InboundMessage) == 1
    assert telegram.count(Seeker) == 1


def test_concurrent_retries_of_one_update_answer_once(telegram: TelegramHarness):
    update = telegram.text(BOB, "注册 阿强 会宁 电焊 全国")

    async def both():
        return await asyncio.gather(
            *(
                telegram.client.post(
                    "/telegram/webhook",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )
                for _ in range(2)
            )
        )

    assert [r.status_code for r in telegram.run(both())] == [200, 200]
    assert len(telegram.api.calls("sendMessage")) == 1
    assert telegram.count(InboundMessage) == 1
    assert telegram.count(Seeker) == 1


def test_a_failing_update_is_apologised_for_and_the_bot_goes_on(telegram: TelegramHarness):
    # An id no database integer column can hold makes the dialog's storage fail.
    broken = user(2**64)
    assert telegram.post(telegram.text(broken, "找工作")).status_code == 200
    (apology,) = telegram.api.calls("sendMessage")
    assert apology.params["text"] == said("sms.sorry")
    assert telegram.count(InboundMessage) == 0
    telegram.play(BOB, [Step("say", "/start", contact_button=True)])


# (name, failures queued on sendMessage, statuses sendMessage got, unreachable afterwards)
FAILURES = [
    ("blocked", [(403, "Forbidden: bot was blocked by the user", None)], [403], True),
    ("flood wait once", [(429, "Too Many Requests: retry after 1", 1)], [429, 200], False),
    ("bad gateway", [(502, "Bad Gateway", None)], [502, 200], False),
    (
        "network errors back off",
        [(502, "Bad Gateway", None), (502, "Bad Gateway", None)],
        [502, 502, 200],
        False,
    ),
]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_send_errors(telegram: TelegramHarness):
    for number, (name, failures, statuses, unreachable) in enumerate(FAILURES):
        sender = user(700_400 + number)
        telegram.play(sender, [Step("say", "/start", contact_button=True)])
        before = len(telegram.api.calls("sendMessage"))
        for status, description, retry_after in failures:
            telegram.api.fail("sendMessage", status, description, retry_after=retry_after)
        assert telegram.post(telegram.text(sender, "张三")).status_code == 200, name
        sent = telegram.api.calls("sendMessage")[before:]
        assert [c.status for c in sent] == statuses, name
        assert telegram.seeker(sender["id"]).telegram_unreachable is unreachable, name
        # Writing again shows the user can be reached: the flag clears and the answer goes out.
        telegram.play(sender, [Step("say", "会宁", says=(said("register.ask_skills"),))])
        assert telegram.seeker(sender["id"]).telegram_unreachable is False, name


def member_update(telegram: TelegramHarness, old: str, new: str) -> dict:
    """The my_chat_member update Telegram sends when a user blocks (kicked) or unblocks the bot."""

    def member(status: str) -> dict:
        bot = {"id": 123456, "is_bot": True, "first_name": "Gongyou"}
        return {"status": status, "user": bot} | ({"until_date": 0} if status == "kicked" else {})

    return {
        "update_id": telegram.next_update_id(),
        "my_chat_member": {
            "chat": {"id": BOB["id"], "type": "private"},
            "from": BOB,
            "date": 0,
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        },
    }


def test_blocking_and_unblocking_the_bot(telegram: TelegramHarness):
    telegram.play(BOB, [Step("say", "/start", contact_button=True)])
    assert telegram.post(member_update(telegram, "member", "kicked")).status_code == 200
    assert telegram.seeker(BOB["id"]).telegram_unreachable is True
    assert telegram.post(member_update(telegram, "kicked", "member")).status_code == 200
    assert telegram.seeker(BOB["id"]).telegram_unreachable is False


def test_without_a_secret_the_webhook_is_not_served(telegram_demo_url, bot_api: FakeBotApi):
    settings = settings_for(telegram_demo_url, bot_api, webhook=False)
    with TelegramHarness(settings, bot_api) as h:
        assert h.post(h.text(BOB, "找工作")).status_code == 404
        assert h.count(Seeker) == 0


def test_telegram_unreachable_at_start_up_connects_later(telegram_demo_url, bot_api: FakeBotApi):
    bot_api.fail("getMe", 401, "Unauthorized")
    with TelegramHarness(settings_for(telegram_demo_url, bot_api), bot_api) as harness:
        app = harness.app
        assert app.state.telegram is None
        assert harness.post(harness.text(BOB, "你好")).status_code == 404  # no channel yet
        assert app.state.scheduler.timers.get_job("telegram-connect") is not None
        # The retry the scheduler would run a minute later, run now.
        assert harness.run(app.state.connect_telegram()) is True
        assert app.state.telegram is not None
        assert "telegram" in app.state.scheduler.dispatcher.senders
        assert harness.post(harness.text(BOB, "你好")).status_code == 200
        assert said("register.welcome") in harness.wait_for("sendMessage")[-1].params["text"]


# --- hostile updates with the valid secret ------------------------------------------------------

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}


@pytest.mark.parametrize("depth", [401, 100_000])
def test_deeply_nested_json_is_refused_not_a_crash(depth: int, telegram: TelegramHarness):
    nested = b'{"update_id": 1, "message": ' + b"[" * depth + b"]" * depth + b"}"
    response = telegram.run(
        telegram.client.post("/telegram/webhook", content=nested, headers=HEADERS)
    )
    assert response.status_code == 400
    telegram.play(BOB, [Step("say", "/start", contact_button=True)])  # the bot goes on


def test_brackets_inside_strings_are_not_nesting(telegram: TelegramHarness):
    update = telegram.text(BOB, "[" * 1000 + "{" * 500)
    assert telegram.post(update).status_code == 200
    assert len(telegram.api.calls("sendMessage")) == 1


def _registered(telegram: TelegramHarness, sender: dict) -> None:
    telegram.post(telegram.text(sender, "注册 李四 会宁 电焊 全国"))
    assert telegram.seeker(sender["id"]).region_code is not None


@pytest.mark.parametrize("kind", ["edited_message", "channel_post", "edited_channel_post"])
def test_update_types_we_did_not_ask_for_are_ignored(kind: str, telegram: TelegramHarness):
    """An edited "T" once opted its sender out: edits were never subscribed to."""
    _registered(telegram, BOB)
    before = len(telegram.api.calls("sendMessage"))
    update = telegram.text(BOB, "T")
    update[kind] = update.pop("message") | {"edit_date": 1}
    assert telegram.post(update).status_code == 200
    assert telegram.seeker(BOB["id"]).opted_out is False
    assert len(telegram.api.calls("sendMessage")) == before
    assert telegram.count(InboundMessage) == 1


def test_a_button_on_someone_elses_message_does_nothing(telegram: TelegramHarness):
    """Eve presses a button on a message in Bob's chat: nothing is said to Bob, nothing done."""
    eve = user(700_666, "伊芙")
    _registered(telegram, BOB)
    _registered(telegram, eve)
    telegram.post(telegram.text(BOB, "找工作"))
    update, _ = telegram.press(BOB, "1")
    update["callback_query"]["from"] = eve
    sent_before = len(telegram.api.calls("sendMessage", "editMessageText"))
    bob_state = telegram.seeker(BOB["id"]).dialog_state
    eve_state = telegram.seeker(eve["id"]).dialog_state
    assert telegram.post(update).status_code == 200
    assert len(telegram.api.calls("sendMessage", "editMessageText")) == sent_before
    assert telegram.seeker(BOB["id"]).dialog_state == bob_state
    assert telegram.seeker(eve["id"]).dialog_state == eve_state
    assert telegram.api.calls("answerCallbackQuery")  # the spinner still stops


def test_a_button_in_the_pressers_own_chat_still_works(telegram: TelegramHarness):
    _registered(telegram, BOB)
    telegram.post(telegram.text(BOB, "找工作"))
    update, _ = telegram.press(BOB, "1")
    assert telegram.post(update).status_code == 200
    assert telegram.seeker(BOB["id"]).dialog_state == "details"
