"""The fake Bot API answers the real python-telegram-bot Bot the way Telegram does (files, photos)."""

from __future__ import annotations

import asyncio

from fake_bot_api import TOKEN, FakeBotApi
from telegram import Bot
from telegram.error import Forbidden


def bot_for(api: FakeBotApi) -> Bot:
    return Bot(TOKEN, base_url=f"{api.url}/bot", base_file_url=f"{api.url}/file/bot")


def test_files_photos_and_errors_round_trip_through_ptb():
    async def go(api: FakeBotApi) -> None:
        async with bot_for(api) as bot:
            api.add_file("doc1", "编号,岗位\n1,普工\n".encode())
            file = await bot.get_file("doc1")
            assert bytes(await file.download_as_bytearray()) == "编号,岗位\n1,普工\n".encode()
            photo = await bot.send_photo(42, b"\x89PNG fake", caption="图表")
            assert photo.photo and photo.caption == "图表"
            (sent,) = api.calls("sendPhoto")
            assert sent.params["caption"] == "图表" and isinstance(sent.params["photo"], bytes)
            api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
            try:
                await bot.send_message(42, "hi")
            except Forbidden:
                pass
            else:
                raise AssertionError("403 did not raise Forbidden")

    with FakeBotApi() as api:
        asyncio.run(go(api))
        assert [c.method for c in api.calls()] == ["getMe", "getFile", "sendPhoto", "sendMessage"]
