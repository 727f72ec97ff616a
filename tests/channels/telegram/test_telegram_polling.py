"""Long polling: with a token but no public URL and secret, updates come from getUpdates."""

from __future__ import annotations

from fake_bot_api import FakeBotApi
from telegram_harness import (  # noqa: F401 - the fixtures are used by name
    TelegramHarness,
    bot_api_fixture,
    said,
    settings_for,
    telegram_demo_url_fixture,
    user,
)

from storage.models import InboundMessage

CAROL = user(700_501, "秀兰")


def test_polling_answers_updates_from_get_updates(telegram_demo_url, bot_api: FakeBotApi):
    settings = settings_for(telegram_demo_url, bot_api, webhook=False)
    with TelegramHarness(settings, bot_api) as h:
        # A webhook left over from an earlier deployment would stop getUpdates from working.
        assert bot_api.calls("deleteWebhook")
        assert bot_api.calls("setWebhook") == []
        bot_api.push_update(h.text(CAROL, "/start"))
        bot_api.push_update(h.text(CAROL, "注册 李四 会宁 普工 全国"))
        first, second = h.wait_for("sendMessage", 2)
        assert said("register.welcome") in first.params["text"]
        assert "已登记：李四" in second.params["text"]
        # The second update is answered only after the first: one at a time, in order.
        assert h.count(InboundMessage) == 2


def test_a_second_process_does_not_poll_while_the_first_does(
    telegram_demo_url, bot_api: FakeBotApi
):
    """Telegram answers a second getUpdates caller 409: only the lease holder polls, and the
    next process to start takes over once the first has stopped."""
    settings = settings_for(telegram_demo_url, bot_api, webhook=False)

    def polling(h: TelegramHarness) -> bool:
        return h.app.state.telegram.application.updater.running

    with TelegramHarness(settings, bot_api) as first:
        assert polling(first)
        with TelegramHarness(settings, bot_api) as second:
            assert not polling(second)
            assert len(bot_api.calls("deleteWebhook")) == 1  # the second never began to poll
    with TelegramHarness(settings, bot_api) as third:
        assert polling(third)
