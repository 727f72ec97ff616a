"""Request plumbing shared by every console view: the signed-in desk, bounded forms, CSRF, pages."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot import clock
from bot.console.auth import COOKIE, Desk, csrf_ok, find_desk
from bot.console.keys import signing_key
from bot.console.render import render_page
from bot.staff.login import CONSOLE_PREFIX

log = logging.getLogger("gongyou.console")

FORM_LIMIT = 64 * 1024  # a console form is a few fields; an upload has its own, larger limit
UPLOAD_LIMIT = 20 * 1024 * 1024  # as much as Telegram lets a bot download: the same sheets fit
UPLOAD_SECONDS = 120.0  # a county office's line may be slow; the body must still arrive in time

View = Callable[..., Awaitable[Response]]


class Refused(Exception):
    """A request answered with an error page: status and a catalog key."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status, self.key = status, key


async def console_key(request: Request) -> bytes:
    """The signing key, fetched once per process and kept on the app."""
    state = request.app.state
    key = getattr(state, "console_key", None)
    if key is None:
        async with state.turn():
            key = await signing_key(state.settings, state.sessions)
        state.console_key = key
    return key


def path(*parts: object) -> str:
    """A console URL: path("vacancies", 3) is /console/vacancies/3."""
    return "/".join([CONSOLE_PREFIX, *(str(p) for p in parts)])


def see_other(url: str) -> RedirectResponse:
    """Post, then redirect: a reload never posts twice."""
    return RedirectResponse(url, status_code=303)


def safe_next(value: object, default: str) -> str:
    """A redirect target inside the console only; anything else goes to `default`."""
    if not isinstance(value, str) or not value.startswith(CONSOLE_PREFIX + "/"):
        return default
    # "//evil" and "\\evil" are other hosts to a browser; a newline would split the header.
    if any(bad in value for bad in ("//", "\\", "\n", "\r")):
        return default
    return value


def error_page(request: Request, status: int, key: str, desk: Desk | None = None) -> Response:
    locale = desk.locale if desk else request.app.state.settings.locale
    html = render_page("error.html", request, desk, locale, message_key=key)
    return HTMLResponse(html, status_code=status)


async def _limited_body(request: Request, limit: int, seconds: float) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise Refused(413, "console.error.too_big")
    body = bytearray()
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    raise Refused(413, "console.error.too_big")
    except TimeoutError:
        raise Refused(408, "console.error.too_slow") from None
    return bytes(body)


async def read_form(request: Request, limit: int, seconds: float) -> FormData:
    """The posted form, refused past `limit` bytes before any of it is parsed."""
    body = await _limited_body(request, limit, seconds)
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    copy = Request(request.scope, replay)
    try:
        return await copy.form(max_files=1, max_fields=50, max_part_size=FORM_LIMIT)
    except Exception as error:  # python-multipart and starlette raise several kinds
        log.info("unreadable form", extra={"fields": {"error": type(error).__name__}})
        raise Refused(400, "console.error.bad_form") from None


def page(view: View) -> View:
    """A GET view for signed-in staff: view(request, desk, session)."""

    @functools.wraps(view)
    async def wrapper(request: Request) -> Response:
        key = await console_key(request)
        async with request.app.state.sessions() as session:
            desk = await find_desk(session, key, request.cookies.get(COOKIE), clock.now())
            if desk is None:
                return see_other(path("signin"))
            try:
                return await view(request, desk, session)
            except Refused as refusal:
                return error_page(request, refusal.status, refusal.key, desk)

    return wrapper


def action(limit: int = FORM_LIMIT, seconds: float | None = None) -> Callable[[View], View]:
    """A POST view for signed-in staff with this session's CSRF token:
    view(request, desk, session, form). Nobody else's body is read at all."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        async def wrapper(request: Request) -> Response:
            key = await console_key(request)
            state = request.app.state
            async with state.sessions() as session:
                desk = await find_desk(session, key, request.cookies.get(COOKIE), clock.now())
            if desk is None:
                return error_page(request, 403, "console.error.signed_out")
            try:
                # No database connection is held while a slow upload trickles in.
                form = await read_form(request, limit, seconds or state.settings.body_timeout)
                if not csrf_ok(desk, form.get("csrf")):
                    return error_page(request, 403, "console.error.csrf", desk)
                async with state.sessions() as session:
                    return await view(request, desk, session, form)
            except Refused as refusal:
                return error_page(request, refusal.status, refusal.key, desk)

        return wrapper

    return decorate


def show(request: Request, desk: Desk, template: str, **context: Any) -> HTMLResponse:
    """A full page in the desk's language."""
    return HTMLResponse(render_page(template, request, desk, desk.locale, **context))
