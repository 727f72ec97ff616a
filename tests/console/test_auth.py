"""Signing in: one-time links, the signed session cookie, signing out, the shared signing key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from console_harness import ConsoleHarness, listed_names
from sqlalchemy import select, update
from staff_world import BAIYIN, HUINING, build_world

from bot import clock
from bot.console.auth import COOKIE, read_cookie, sign_cookie
from storage.models import AuditEntry, ConsoleLink, ConsoleSecret, ConsoleSession, Staff


def test_a_link_signs_in_once_and_sets_a_strict_cookie(console):
    link = console.link(HUINING)
    browser = console.new_browser()
    response = console.get(link, browser)
    assert response.status_code == 303 and response.headers["location"] == "/console/today"
    cookie = response.headers["set-cookie"]
    for part in ("HttpOnly", "SameSite=lax", "Path=/console", "Max-Age=28800"):
        assert part.lower() in cookie.lower(), cookie
    today = console.get("/console/today", browser)
    assert today.status_code == 200 and "会宁社区服务站" in today.text
    # The same link again, from the same browser or another: refused, and no cookie given.
    for other in (browser, console.new_browser()):
        again = console.get(link, other)
        assert again.status_code == 403 and "set-cookie" not in again.headers
        assert "已用过或已过期" in again.text
    # Only the token's digest is stored, never the token itself.
    token = link.rsplit("/", 1)[1]
    stored = console.all(select(ConsoleLink.token_hash))
    assert stored and all(token not in row[0] for row in stored)


def test_an_expired_link_is_refused(console):
    eleven_minutes_ago = clock.now() - timedelta(minutes=11)
    response = console.get(console.link(HUINING, now=eleven_minutes_ago), console.new_browser())
    assert response.status_code == 403 and "set-cookie" not in response.headers


@pytest.mark.parametrize("token", ["nonsense", "x" * 300, "%00", "A" * 43])
def test_made_up_links_are_refused(console, token):
    assert console.get(f"/console/login/{token}", console.new_browser()).status_code == 403


def test_scope_follows_the_staff_record_at_every_request(console):
    # Moved from 会宁 to 兰州 while signed in: the next page shows 兰州's area, not 会宁's.
    browser = console.sign_in(HUINING)
    assert "会宁社区服务站" in console.get("/console/today", browser).text
    lanzhou = console.world.agencies["兰州市就业局"].id
    console.write(update(Staff).where(Staff.telegram_id == HUINING).values(agency_id=lanzhou))
    page = console.get("/console/seekers", browser).text
    assert "兰州市就业局" in page
    assert listed_names(page) == ["王五"]


def test_a_forged_or_altered_cookie_is_refused(console):
    browser = console.sign_in(HUINING)
    value = browser.cookies[COOKIE]
    token, expiry, mac = value.split(".")
    later = str(int(expiry) + 86_400)
    for forged in (f"{token}.{later}.{mac}", f"{token}x.{expiry}.{mac}", "garbage", ""):
        other = console.new_browser()
        other.cookies.set(COOKIE, forged, domain="127.0.0.1", path="/console")
        response = console.get("/console/today", other)
        assert response.status_code == 303 and response.headers["location"] == "/console/signin"


def test_a_session_ends_when_its_time_is_up(console):
    browser = console.sign_in(HUINING)
    console.write(update(ConsoleSession).values(expires_at=clock.now() - timedelta(seconds=1)))
    assert console.get("/console/today", browser).status_code == 303


def test_cookie_expiry_is_checked_even_if_the_database_says_otherwise(console):
    browser = console.sign_in(HUINING)
    key = console.app.state.console_key
    token = read_cookie(key, browser.cookies[COOKIE], clock.now())
    assert token is not None
    stale = sign_cookie(key, token, clock.now() - timedelta(seconds=1))
    browser.cookies.set(COOKIE, stale, domain="127.0.0.1", path="/console")
    assert console.get("/console/today", browser).status_code == 303


def test_sign_out_ends_the_session_everywhere(console):
    browser = console.sign_in(HUINING)
    stolen = browser.cookies[COOKIE]
    response = console.form("/console/logout", browser)
    assert response.status_code == 303 and response.headers["location"] == "/console/signin?out=1"
    assert "Max-Age=0" in response.headers["set-cookie"] or "expires=" in (
        response.headers["set-cookie"].lower()
    )
    assert "您已退出" in console.get("/console/signin?out=1", browser).text
    # A copy of the cookie taken before signing out no longer works.
    thief = console.new_browser()
    thief.cookies.set(COOKIE, stolen, domain="127.0.0.1", path="/console")
    assert console.get("/console/today", thief).status_code == 303
    actions = [row[0] for row in console.all(select(AuditEntry.action).order_by(AuditEntry.id))]
    assert actions == ["sign_in", "sign_out"]


def test_language_is_chosen_per_session(console):
    browser = console.sign_in(HUINING)
    assert "今日" in console.get("/console/today", browser).text
    response = console.form("/console/language", browser, locale="en", next="/console/seekers")
    assert response.headers["location"] == "/console/seekers"
    page = console.get("/console/seekers", browser).text
    assert "Seekers" in page and 'lang="en"' in page
    # Another staff member's desk keeps the default.
    assert "今日" in console.get("/console/today", console.sign_in(BAIYIN)).text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/elsewhere"])
def test_language_switch_never_redirects_off_the_console(console, target):
    browser = console.sign_in(HUINING)
    response = console.form("/console/language", browser, locale="en", next=target)
    assert response.headers["location"] == "/console/today"


def test_processes_share_one_generated_key(database_url):
    # Two servers on one database: a cookie from one is good at the other.
    with ConsoleHarness(database_url) as first, ConsoleHarness(database_url) as second:
        first.world = first.build(build_world)
        browser = first.sign_in(HUINING)
        moved = second.new_browser()
        moved.cookies.set(COOKIE, browser.cookies[COOKIE], domain="127.0.0.1", path="/console")
        assert second.get("/console/today", moved).status_code == 200
        assert first.app.state.console_key == second.app.state.console_key
        assert len(first.all(select(ConsoleSecret.name))) == 1


def test_a_configured_secret_key_is_used_instead(database_url):
    with ConsoleHarness(database_url) as generated:
        generated.world = generated.build(build_world)
        browser = generated.sign_in(HUINING)
    with ConsoleHarness(database_url, secret_key="a passphrase set by the operator") as set_:
        moved = set_.new_browser()
        moved.cookies.set(COOKIE, browser.cookies[COOKIE], domain="127.0.0.1", path="/console")
        assert set_.get("/console/today", moved).status_code == 303
        assert set_.get("/console/today", set_.sign_in(HUINING)).status_code == 200
