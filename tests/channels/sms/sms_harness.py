"""The SMS harness: the real Starlette app, its lifespan, and Twilio-signed webhooks."""

from __future__ import annotations

import asyncio
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import count

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from bot.app import create_app
from bot.config import Settings
from storage.models import Base

TOKEN = "harness-auth-token"
PUBLIC_URL = "https://sms.gongyou.test"
PHONE = "+8613800001234"
TO = "+8610690000"
ACCOUNT_SID = "AC" + "0" * 32


@dataclass(frozen=True)
class Answer:
    status: int
    message: str | None  # the <Message> text; None for an empty <Response/>
    body: str


def parse_twiml(text: str) -> str | None:
    """The one <Message> of a TwiML answer; raises if the XML is not well formed."""
    root = ET.fromstring(text)
    assert root.tag == "Response"
    messages = root.findall("Message")
    assert len(messages) <= 1
    return (messages[0].text or "") if messages else None


class SmsHarness:
    """Drives the app in-process over ASGI, with its lifespan, on one event loop kept across calls."""

    def __init__(self, settings: Settings, *, signing_url: str = PUBLIC_URL) -> None:
        self.settings = settings
        self.signing_url = signing_url.rstrip("/")
        self.validator = RequestValidator(TOKEN)
        self._sids = count(1)
        self._runner = asyncio.Runner()
        self.app = create_app(settings)

    def __enter__(self) -> SmsHarness:
        self._lifespan = self.app.router.lifespan_context(self.app)
        self._runner.run(self._lifespan.__aenter__())
        transport = httpx.ASGITransport(app=self.app)
        self.client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        return self

    def __exit__(self, *exc: object) -> None:
        self._runner.run(self.client.aclose())
        self._runner.run(self._lifespan.__aexit__(None, None, None))
        self._runner.close()

    def run(self, coroutine):
        return self._runner.run(coroutine)

    def sign(self, path: str, params: Mapping[str, str]) -> str:
        return self.validator.compute_signature(self.signing_url + path, params)

    def post(
        self, path: str, params: Mapping[str, str], *, signature: str | bytes | None = "sign"
    ) -> httpx.Response:
        """POST form params; signature "sign" signs them as Twilio would, None sends no header."""
        headers: dict[str, str | bytes] = {}
        if signature is not None:
            headers["X-Twilio-Signature"] = (
                self.sign(path, params) if signature == "sign" else signature
            )
        return self.run(self.client.post(path, data=dict(params), headers=headers))

    def next_sid(self) -> str:
        return f"SM{next(self._sids):032x}"

    def params(self, body: str, phone: str = PHONE, sid: str | None = None, **extra: str):
        return {
            "MessageSid": sid or self.next_sid(),
            "AccountSid": self.settings.twilio_account_sid or ACCOUNT_SID,
            "From": phone,
            "To": TO,
            "Body": body,
            "NumMedia": "0",
            **extra,
        }

    def sms(self, body: str, phone: str = PHONE, sid: str | None = None, **extra: str) -> Answer:
        response = self.post("/sms/twilio", self.params(body, phone, sid, **extra))
        message = parse_twiml(response.text) if response.status_code == 200 else None
        if response.status_code == 200:
            assert response.headers["content-type"].startswith("text/xml")
        return Answer(response.status_code, message, response.text)

    def all(self, query) -> list:
        """Rows of a query, read through the app's own sessions."""

        async def go() -> list:
            async with self.app.state.sessions() as session:
                return list((await session.execute(query)).all())

        return self.run(go())

    def count(self, model) -> int:
        return self.all(select(func.count()).select_from(model))[0][0]

    def write(self, *statements) -> None:
        """Put the database in a state a test needs (staff edits, a message already sent)."""

        async def go() -> None:
            async with self.app.state.sessions() as session:
                for statement in statements:
                    if isinstance(statement, Base):
                        session.add(statement)
                    else:
                        await session.execute(statement)
                await session.commit()

        self.run(go())


def settings_for(url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": url,
        "twilio_auth_token": SecretStr(TOKEN),
        "public_url": PUBLIC_URL,
        "sms_countries": "+86",
        "sms_hourly_limit": 50,
        "demo": False,
    }
    return Settings().model_copy(update=values | overrides)


def export(kind: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    """Rows of `gongyou export KIND --format json`, run as staff would run it."""
    from bot.cli import main as cli  # the console entry point, imported where staff would run it

    capsys.readouterr()
    assert cli(["export", kind, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)
