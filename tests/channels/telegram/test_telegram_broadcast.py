"""/broadcast for staff in Telegram: a preview with counts and a confirm button, kept in the
database, so the press works after a restart and queues the broadcast exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from broadcast_world import BY_CHANNEL, ELIGIBLE, World, build
from telegram_harness import (  # noqa: F401 - the fixtures are used by name
    TelegramHarness,
    bot_api_fixture,
    button_data,
    settings_for,
    user,
)

from bot.cli import main as cli
from storage.engine import create_engine, session_factory
from storage.models import AuditEntry, Broadcast, OutboxMessage

STAFF = user(800_101, "推送专员")
OUTSIDER = user(800_102, "路人")


@pytest.fixture(name="world")
def world_fixture(database_url: str, monkeypatch) -> World:
    monkeypatch.delenv("GONGYOU_ALERTS_PER_DAY", raising=False)

    async def go() -> World:
        engine = create_engine(database_url)
        async with session_factory(engine)() as session:
            built = await build(session)
        await engine.dispose()
        return built

    built = asyncio.run(go())
    add = ["staff", "add", "--telegram-id", str(STAFF["id"]), "--agency", "省就业中心"]
    assert cli([*add, "--role", "admin"]) == 0
    return built


@pytest.fixture(name="staff_bot")
def staff_bot_fixture(database_url: str, world: World, bot_api) -> Iterator[TelegramHarness]:
    with TelegramHarness(settings_for(database_url, bot_api), bot_api) as h:
        yield h


def answers(bot: TelegramHarness, update: dict[str, Any], chat: int) -> list[dict]:
    """The messages sent into `chat` for one update (alerts to seekers may go out meanwhile)."""
    before = len(bot.api.calls("sendMessage"))
    assert bot.post(update).status_code == 200
    sent = bot.api.calls("sendMessage")[before:]
    return [c.params for c in sent if int(c.params["chat_id"]) == chat]


def campaign(bot: TelegramHarness, broadcast_id: int) -> list[OutboxMessage]:
    async def go():
        from sqlalchemy import select

        async with bot.app.state.sessions() as session:
            query = select(OutboxMessage).where(OutboxMessage.campaign_id == broadcast_id)
            return list(await session.scalars(query))

    return bot.run(go())


def test_preview_then_confirm_queues_once(staff_bot: TelegramHarness, world: World):
    vacancy = world.vacancies["huining"].id
    (preview,) = answers(staff_bot, staff_bot.text(STAFF, f"/broadcast {vacancy}"), STAFF["id"])
    assert "推送预览" in preview["text"] and f"岗位#{vacancy}" in preview["text"]
    assert f"将发给{len(ELIGIBLE)}人" in preview["text"]
    assert f"短信{len(BY_CHANNEL['sms'])}" in preview["text"]
    (data,) = button_data(preview.get("reply_markup"))
    broadcast_id = int(data.rsplit(" ", 1)[1])
    assert data == f"/broadcast confirm {broadcast_id}"
    assert campaign(staff_bot, broadcast_id) == []  # a preview queues nothing

    press, _ = staff_bot.press(STAFF, data)
    (queued,) = answers(staff_bot, press, STAFF["id"])
    assert f"推送#{broadcast_id}已开始" in queued["text"]
    messages = campaign(staff_bot, broadcast_id)
    assert world.names(m.seeker_id for m in messages) == ELIGIBLE

    again, _ = staff_bot.press(STAFF, data)
    (refused,) = answers(staff_bot, again, STAFF["id"])
    assert "已过期或已确认" in refused["text"]
    assert len(campaign(staff_bot, broadcast_id)) == len(ELIGIBLE)

    status = staff_bot.text(STAFF, f"/broadcast status {broadcast_id}")
    (shown,) = answers(staff_bot, status, STAFF["id"])
    assert f"推送#{broadcast_id}：目标{len(ELIGIBLE)}人" in shown["text"]
    assert staff_bot.count(AuditEntry) >= 1


def test_the_confirm_button_survives_a_restart(database_url, world: World, bot_api):
    vacancy = world.vacancies["huining"].id
    with TelegramHarness(settings_for(database_url, bot_api), bot_api) as first:
        (preview,) = answers(first, first.text(STAFF, f"/broadcast {vacancy}"), STAFF["id"])
    (data,) = button_data(preview.get("reply_markup"))
    with TelegramHarness(settings_for(database_url, bot_api), bot_api) as second:
        press, _ = second.press(STAFF, data)
        (queued,) = answers(second, press, STAFF["id"])
        assert "已开始" in queued["text"]
        assert second.count(Broadcast) == 1


def test_a_meeting_preview_names_its_vacancies(staff_bot: TelegramHarness, world: World):
    update = staff_bot.text(STAFF, f"/broadcast {world.meeting.name}")
    (preview,) = answers(staff_bot, update, STAFF["id"])
    assert world.meeting.name in preview["text"] and "4个岗位" in preview["text"]


@pytest.mark.parametrize(
    ("argument", "says"),
    [("", "用法"), ("99999", "没有编号为99999的岗位"), ("没有这个会", "没有名为“没有这个会”")],
)
def test_usage_and_unknown_subjects(staff_bot: TelegramHarness, world, argument, says):
    (reply,) = answers(staff_bot, staff_bot.text(STAFF, f"/broadcast {argument}"), STAFF["id"])
    assert says in reply["text"] and not button_data(reply.get("reply_markup"))


def test_a_closed_vacancy_offers_no_button(staff_bot: TelegramHarness, world: World):
    closed = world.vacancies["closed"].id
    (reply,) = answers(staff_bot, staff_bot.text(STAFF, f"/broadcast {closed}"), STAFF["id"])
    assert "没有可推送的人" in reply["text"] and not button_data(reply.get("reply_markup"))
    assert staff_bot.count(Broadcast) == 0


def test_outsiders_cannot_preview_or_confirm(staff_bot: TelegramHarness, world: World):
    vacancy = world.vacancies["huining"].id
    (preview,) = answers(staff_bot, staff_bot.text(STAFF, f"/broadcast {vacancy}"), STAFF["id"])
    (data,) = button_data(preview.get("reply_markup"))
    (hint,) = answers(staff_bot, staff_bot.text(OUTSIDER, f"/broadcast {vacancy}"), OUTSIDER["id"])
    assert "推送" not in hint["text"]
    # A crafted press of the staff member's button, from someone else's chat: nothing queued.
    forged, _ = staff_bot.press(STAFF, data)
    forged["callback_query"]["from"] = OUTSIDER
    forged["callback_query"]["message"]["chat"]["id"] = OUTSIDER["id"]
    assert staff_bot.post(forged).status_code == 200
    broadcast_id = int(data.rsplit(" ", 1)[1])
    assert campaign(staff_bot, broadcast_id) == []
