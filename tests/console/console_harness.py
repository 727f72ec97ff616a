"""The real app in-process over ASGI with its lifespan; one cookie jar per browser."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime

import httpx
from sqlalchemy import select

from bot import clock
from bot.app import create_app
from bot.config import Settings
from bot.staff.login import create_login_link
from storage.models import Base, Staff

BASE = "http://127.0.0.1:8080"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_SEEKER_LINK = re.compile(r'<a href="/console/seekers/\d+">([^<]*)</a>')


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = _CSRF.search(html)
    assert found, "no form with a CSRF token on this page"
    return found.group(1)


def listed_names(html: str) -> list[str]:
    """The seekers a page links to, by the name shown."""
    return _SEEKER_LINK.findall(html)


class ConsoleHarness:
    """Drives the app on one event loop kept across calls, as SmsHarness does."""

    def __init__(self, database_url: str, **overrides: object) -> None:
        values = {"database_url": database_url, "host": "127.0.0.1", "port": 8080}
        self.settings = Settings().model_copy(update=values | overrides)
        self._runner = asyncio.Runner()
        self.app = create_app(self.settings)
        self._clients: list[httpx.AsyncClient] = []

    def __enter__(self) -> ConsoleHarness:
        self._lifespan = self.app.router.lifespan_context(self.app)
        self._runner.run(self._lifespan.__aenter__())
        self.browser = self.new_browser()
        return self

    def __exit__(self, *exc: object) -> None:
        for client in self._clients:
            self._runner.run(client.aclose())
        self._runner.run(self._lifespan.__aexit__(None, None, None))
        self._runner.close()

    def new_browser(self) -> httpx.AsyncClient:
        """Another browser: its own cookies, nobody signed in."""
        transport = httpx.ASGITransport(app=self.app)
        client = httpx.AsyncClient(transport=transport, base_url=BASE)
        self._clients.append(client)
        return client

    def run(self, coroutine):
        return self._runner.run(coroutine)

    def get(self, path: str, browser: httpx.AsyncClient | None = None, **kw) -> httpx.Response:
        return self.run((browser or self.browser).get(path, **kw))

    def post(self, path: str, browser: httpx.AsyncClient | None = None, **kw) -> httpx.Response:
        return self.run((browser or self.browser).post(path, **kw))

    def link(self, telegram_id: int, now: datetime | None = None) -> str:
        """A one-time sign-in link's path, made as `gongyou staff login-link` makes it."""

        async def go() -> str:
            async with self.app.state.sessions() as session:
                staff = await session.scalar(select(Staff).where(Staff.telegram_id == telegram_id))
                url = await create_login_link(session, staff, BASE, now or clock.now())
                await session.commit()
                return url.removeprefix(BASE)

        return self.run(go())

    def sign_in(self, telegram_id: int, browser: httpx.AsyncClient | None = None):
        """A browser signed in as the staff member (a new one unless given)."""
        browser = browser or self.new_browser()
        response = self.get(self.link(telegram_id), browser)
        assert response.status_code == 303 and response.headers["location"] == "/console/today"
        return browser

    def csrf(self, browser: httpx.AsyncClient) -> str:
        return csrf_of(self.get("/console/today", browser).text)

    def form(self, path: str, browser: httpx.AsyncClient, **fields: str) -> httpx.Response:
        """Post a form as the page would: with the session's CSRF token."""
        return self.post(path, browser, data={"csrf": self.csrf(browser), **fields})

    def all(self, query) -> list:
        async def go() -> list:
            async with self.app.state.sessions() as session:
                return list((await session.execute(query)).all())

        return self.run(go())

    def write(self, *statements) -> None:
        async def go() -> None:
            async with self.app.state.sessions() as session:
                for statement in statements:
                    if isinstance(statement, Base):
                        session.add(statement)
                    else:
                        await session.execute(statement)
                await session.commit()

        self.run(go())

    def build(self, builder):
        """Run `builder(session)` and commit: a test's own data."""

        async def go():
            async with self.app.state.sessions() as session:
                made = await builder(session)
                await session.commit()
                return made

        return self.run(go())
