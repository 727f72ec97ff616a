"""Signing in by link, the page that explains how, signing out, and the desk's language."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bot import clock
from bot.console.auth import (
    COOKIE,
    COOKIE_PATH,
    SESSION_LIFETIME,
    Desk,
    end_session,
    find_desk,
    redeem_link,
    set_locale,
    sign_cookie,
    start_session,
)
from bot.console.render import render_page
from bot.console.web import action, console_key, error_page, path, safe_next, see_other
from bot.staff import audit
from storage.models import Staff


def _secure(request: Request) -> bool:
    """Mark the cookie Secure when the browser came over HTTPS (directly or via the proxy)."""
    public = request.app.state.settings.public_url or ""
    return request.url.scheme == "https" or public.startswith("https://")


async def home(request: Request) -> Response:
    return see_other(path("today"))


async def signin(request: Request) -> Response:
    """How to get a sign-in link; signed-in staff go straight to Today."""
    key = await console_key(request)
    async with request.app.state.sessions() as session:
        desk = await find_desk(session, key, request.cookies.get(COOKIE), clock.now())
    if desk is not None:
        return see_other(path("today"))
    locale = request.app.state.settings.locale
    signed_out = request.query_params.get("out") == "1"
    html = render_page("signin.html", request, None, locale, signed_out=signed_out)
    return HTMLResponse(html)


async def login(request: Request) -> Response:
    """Spend a one-time link and start an 8-hour session; a used or expired link is refused."""
    key = await console_key(request)
    state, now = request.app.state, clock.now()
    async with state.turn(), state.sessions() as session:
        staff_id = await redeem_link(session, request.path_params["token"], now)
        staff = await session.get(Staff, staff_id) if staff_id is not None else None
        if staff is None:
            await session.rollback()
            return error_page(request, 403, "console.error.link")
        token, expires = await start_session(session, staff.id, state.settings.locale, now)
        audit.record(session, staff, "sign_in", at=now)
        await session.commit()
    response = see_other(path("today"))
    response.set_cookie(
        COOKIE,
        sign_cookie(key, token, expires),
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return response


@action()
async def logout(request: Request, desk: Desk, session, form: FormData) -> Response:
    """End the session everywhere and forget the cookie."""
    now = clock.now()
    async with request.app.state.turn():
        await end_session(session, desk.session_id, now)
        audit.record(session, desk.staff, "sign_out", at=now)
        await session.commit()
    response = see_other(path("signin") + "?out=1")
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="lax")
    return response


@action()
async def language(request: Request, desk: Desk, session, form: FormData) -> Response:
    """Switch the desk between Chinese and English, then back to the page it came from."""
    async with request.app.state.turn():
        await set_locale(session, desk.session_id, str(form.get("locale", "")))
        await session.commit()
    return see_other(safe_next(form.get("next"), path("today")))
