"""Telegram while the database cannot answer: the webhook refuses the update, Telegram sends it again.

PTB catches a handler's exception, so without this the update would be answered 200 with an
apology and lost. A non-2xx answer leaves the update with Telegram, which delivers it again; the
update_id dedupes the redelivery.
"""

from __future__ import annotations

from db_outage import unreachable
from fake_bot_api import FakeBotApi
from telegram_harness import (  # noqa: F401 - the fixtures are used by name
    TelegramHarness,
    bot_api_fixture,
    said,
    settings_for,
    telegram_demo_url_fixture,
    user,
)

from storage.models import InboundMessage, Seeker

WORKER = user(700_901, "老李")


def test_an_update_the_database_cannot_take_is_refused_for_redelivery(
    telegram_demo_url: str, bot_api: FakeBotApi, tmp_path
) -> None:
    down_url = unreachable(telegram_demo_url, tmp_path)
    with TelegramHarness(settings_for(down_url, bot_api), bot_api) as down:
        update = down.text(WORKER, "找工作")
        response = down.post(update)
        assert response.status_code == 503
        # No apology: the answer comes with the redelivery.
        assert bot_api.calls("sendMessage") == []

    with TelegramHarness(settings_for(telegram_demo_url, bot_api), bot_api) as up:
        assert up.post(update).status_code == 200  # Telegram's redelivery
        (answer,) = bot_api.calls("sendMessage")
        assert int(answer.params["chat_id"]) == WORKER["id"]
        assert said("sms.sorry") not in answer.params["text"]
        assert up.count(InboundMessage) == up.count(Seeker) == 1
        assert up.post(update).status_code == 200  # once more: answered once, stored once
        assert len(bot_api.calls("sendMessage")) == 1
        assert up.count(InboundMessage) == 1
