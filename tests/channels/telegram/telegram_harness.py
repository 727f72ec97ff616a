"""The Telegram harness: the real app and real python-telegram-bot against a fake Bot API server."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from typing import Any

import httpx
import pytest
from fake_bot_api import TOKEN, Call, FakeBotApi
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.app import create_app
from bot.cli import main as cli
from bot.config import Settings
from messages import CATALOGS, normalise_locale, t
from storage.models import Seeker

SECRET = "harness-webhook-secret"
PUBLIC_URL = "https://bot.gongyou.test"
ANSWERS = ("sendMessage", "editMessageText")
STICKER = {
    "file_id": "s1",
    "file_unique_id": "us1",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
    "type": "regular",
}


def user(user_id: int, first_name: str = "工友") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "zh-hans"}


def said(key: str, locale: str = "zh_CN") -> str:
    """The fixed part of a catalog text (up to its first placeholder), to look for in answers."""
    text = t(key, locale, **_blank_params(key, locale))
    return text.split("\x00")[0]


def _blank_params(key: str, locale: str) -> dict[str, str]:
    template = CATALOGS[normalise_locale(locale)][key]
    names = [part.split("}")[0] for part in template.split("{")[1:]]
    return {name: "\x00" for name in names}


def settings_for(url: str, api: FakeBotApi, *, webhook: bool = True, **extra: object) -> Settings:
    values: dict[str, object] = {
        "database_url": url,
        "telegram_bot_token": SecretStr(TOKEN),
        "telegram_api_base_url": api.url,
        "telegram_webhook_secret": SecretStr(SECRET) if webhook else None,
        "public_url": PUBLIC_URL if webhook else None,
        "twilio_auth_token": None,
        "demo": False,
    }
    return Settings().model_copy(update=values | extra)


def button_data(markup: dict[str, Any] | None) -> list[str]:
    rows = (markup or {}).get("inline_keyboard") or []
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


def asks_contact(markup: dict[str, Any] | None) -> bool:
    rows = (markup or {}).get("keyboard") or []
    return any(b.get("request_contact") for row in rows for b in row)


@dataclass(frozen=True)
class Step:
    """One thing the user does, and the one answer expected from the bot (a table row)."""

    do: str  # "say" (text or /command) | "press" (a button by its data) | "contact" | "sticker"
    value: str = ""
    answer: str | None = "sendMessage"  # the Bot API method answering it; None: silence
    says: tuple[str, ...] = ()  # text fragments the answer must contain
    buttons: tuple[str, ...] = ()  # exactly these callback_data, in order
    contact_button: bool = False
    owner: int | None = None  # "contact": whose number it is (default: the sender's own)


class TelegramHarness:
    """Drives the app over ASGI with its lifespan (so PTB starts and stops), on one event loop."""

    def __init__(self, settings: Settings, api: FakeBotApi) -> None:
        self.settings = settings
        self.api = api
        self.app = create_app(settings)
        self._updates = count(10_000)
        self._messages = count(1)
        self._runner = asyncio.Runner()

    def __enter__(self) -> TelegramHarness:
        self._lifespan = self.app.router.lifespan_context(self.app)
        self._runner.run(self._lifespan.__aenter__())
        transport = httpx.ASGITransport(app=self.app)
        self.client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self._runner.run(self.client.aclose())
        self._runner.run(self._lifespan.__aexit__(None, None, None))
        self._runner.close()
        if exc_type is None:
            check_limits(self.api.calls())

    def run(self, coroutine):
        return self._runner.run(coroutine)

    def wait_for(self, method: str, count: int = 1) -> list[Call]:
        """Wait for Bot API calls while the app's event loop keeps running (polling needs it)."""
        return self.run(asyncio.to_thread(self.api.wait_for, method, count))

    # -- updates as Telegram would send them -----------------------------------------------

    def next_update_id(self) -> int:
        return next(self._updates)

    def post(self, update: dict[str, Any], secret: str | None = SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return self.run(self.client.post("/telegram/webhook", json=update, headers=headers))

    def message(self, sender: dict[str, Any], chat_type: str = "private", **fields: Any) -> dict:
        chat_id = sender["id"] if chat_type == "private" else -100_000_000 - sender["id"]
        return {
            "update_id": self.next_update_id(),
            "message": {
                "message_id": next(self._messages),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": chat_type},
                "from": sender,
                **fields,
            },
        }

    def text(self, sender: dict[str, Any], text: str, chat_type: str = "private") -> dict:
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.message(sender, chat_type, **fields)

    def contact(self, sender: dict[str, Any], phone: str, owner: int | None = None) -> dict:
        contact = {"phone_number": phone, "first_name": sender["first_name"]}
        contact["user_id"] = sender["id"] if owner is None else owner
        return self.message(sender, contact=contact)

    def press(self, sender: dict[str, Any], data: str) -> tuple[dict, int]:
        """A callback query from the newest message in the chat showing a button with `data`."""
        screens = [
            s
            for s in self.api.state.screens.values()
            if s.chat_id == sender["id"] and data in button_data(s.reply_markup)
        ]
        assert screens, f"no message shows a {data!r} button"
        screen = max(screens, key=lambda s: s.message_id)
        message = {
            "message_id": screen.message_id,
            "date": int(time.time()),
            "chat": {"id": screen.chat_id, "type": "private"},
            "from": {"id": 123456, "is_bot": True, "first_name": "Gongyou"},
            "text": screen.text,
            "reply_markup": screen.reply_markup,
        }
        query = {
            "id": f"q{next(self._updates)}",
            "from": sender,
            "chat_instance": "ci",
            "message": message,
            "data": data,
        }
        return {"update_id": next(self._updates), "callback_query": query}, screen.message_id

    # -- the table runner ------------------------------------------------------------------

    def play(self, sender: dict[str, Any], steps: list[Step]) -> list[Call]:
        """Run each step through the webhook and check the one answer it got; returns them."""
        answers: list[Call] = []
        for number, step in enumerate(steps, start=1):
            where = f"step {number} {step.do} {step.value!r}"
            before = len(self.api.calls(*ANSWERS))
            pressed = None
            if step.do == "say":
                update = self.text(sender, step.value)
            elif step.do == "press":
                update, pressed = self.press(sender, step.value)
            elif step.do == "contact":
                update = self.contact(sender, step.value, step.owner)
            else:
                update = self.message(sender, sticker=STICKER)
            response = self.post(update)
            assert response.status_code == 200, where
            new = self.api.calls(*ANSWERS)[before:]
            if step.answer is None:
                assert new == [], where
                continue
            assert [c.method for c in new] == [step.answer], f"{where}: {new}"
            call = new[0]
            answers.append(call)
            assert int(call.params["chat_id"]) == sender["id"], where
            if pressed is not None and step.answer == "editMessageText":
                assert int(call.params["message_id"]) == pressed, where
            for fragment in step.says:
                assert fragment in call.params["text"], f"{where}: {call.params['text']!r}"
            markup = call.params.get("reply_markup")
            assert button_data(markup) == list(step.buttons), f"{where}: {markup}"
            assert asks_contact(markup) == step.contact_button, f"{where}: {markup}"
        return answers

    # -- the database, as staff would see it -----------------------------------------------

    def count(self, model, *where) -> int:
        async def go() -> int:
            async with self.app.state.sessions() as session:
                query = select(func.count()).select_from(model).where(*where)
                return await session.scalar(query) or 0

        return self.run(go())

    def seeker(self, telegram_id: int) -> Seeker | None:
        async def go() -> Seeker | None:
            async with self.app.state.sessions() as session:
                query = select(Seeker).where(Seeker.telegram_id == telegram_id)
                return await session.scalar(query)

        return self.run(go())


def check_limits(calls: list[Call]) -> None:
    """Every text within 4,096 characters and every callback_data within 64 bytes."""
    for call in calls:
        text = call.params.get("text")
        if isinstance(text, str):
            assert len(text.encode("utf-16-le")) // 2 <= 4096, call
        for data in button_data(call.params.get("reply_markup")):
            assert len(data.encode("utf-8")) <= 64, call


def export(kind: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    """Rows of `gongyou export KIND --format json`, run as staff would run it."""
    capsys.readouterr()
    assert cli(["export", kind, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(name="bot_api")
def bot_api_fixture() -> Iterator[FakeBotApi]:
    """The fake Bot API server for one test."""
    with FakeBotApi() as api:
        yield api


@pytest.fixture(name="telegram_demo_url")
def telegram_demo_url_fixture(demo_url: str) -> str:
    """A migrated database holding the demo labour-cooperation meeting."""
    return demo_url


@pytest.fixture(name="telegram")
def telegram_fixture(telegram_demo_url: str, bot_api: FakeBotApi) -> Iterator[TelegramHarness]:
    with TelegramHarness(settings_for(telegram_demo_url, bot_api), bot_api) as h:
        yield h


# Test modules import these to get the fixtures (pytest finds them by their `name`).
FIXTURES = (bot_api_fixture, telegram_demo_url_fixture, telegram_fixture)
