"""Getting a sign-in link: `gongyou staff login-link`, and /login from Telegram for staff only."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from console_harness import BASE, ConsoleHarness
from telegram_harness import (  # noqa: F401 - the fixtures are used by name
    PUBLIC_URL,
    TelegramHarness,
    bot_api_fixture,
    said,
    settings_for,
    user,
)

from bot.cli import main as cli
from messages import t

STAFF = user(800_001, "会宁专员")
SEEKER = user(800_002, "李四")


def add_staff(telegram_id: int) -> None:
    add = ["staff", "add", "--telegram-id", str(telegram_id), "--agency", "会宁县劳务站"]
    assert cli([*add, "--region", "会宁县"]) == 0


def test_the_cli_prints_a_working_link(database_url, capsys, monkeypatch):
    add_staff(7)
    capsys.readouterr()
    monkeypatch.setenv("GONGYOU_PORT", "8080")
    assert cli(["staff", "login-link", "--telegram-id", "7", "--json"]) == 0
    url = json.loads(capsys.readouterr().out)["url"]
    assert url.startswith(f"{BASE}/console/login/")
    assert cli(["staff", "login-link", "--telegram-id", "7"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == t("console.link.cli", "zh_CN", minutes=10)
    assert lines[1].startswith(f"{BASE}/console/login/") and lines[1] != url
    with ConsoleHarness(database_url) as console:
        browser = console.new_browser()
        assert console.get(url.removeprefix(BASE), browser).status_code == 303
        assert "会宁县劳务站" in console.get("/console/today", browser).text


def test_the_link_names_the_public_address_when_there_is_one(database_url, capsys, monkeypatch):
    add_staff(7)
    monkeypatch.setenv("GONGYOU_PUBLIC_URL", "https://desk.example.org/")
    capsys.readouterr()
    assert cli(["staff", "login-link", "--telegram-id", "7", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["url"].startswith(
        "https://desk.example.org/console/login/"
    )


def test_no_link_for_someone_who_is_not_staff(database_url, capsys):
    assert cli(["staff", "login-link", "--telegram-id", "99", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "99" in captured.err and "staff add" in captured.err


@pytest.fixture(name="staff_bot")
def staff_bot_fixture(database_url: str, bot_api) -> Iterator[TelegramHarness]:
    add_staff(STAFF["id"])
    with TelegramHarness(settings_for(database_url, bot_api), bot_api) as harness:
        yield harness


def test_login_on_telegram_sends_staff_a_link_without_a_preview(staff_bot, database_url):
    assert staff_bot.post(staff_bot.text(STAFF, "/login")).status_code == 200
    [sent] = staff_bot.api.calls("sendMessage")
    text = sent.params["text"]
    assert text.startswith(said("console.link.telegram"))
    url = text.split("\n")[-1]
    assert url.startswith(f"{PUBLIC_URL}/console/login/")
    preview = sent.params["link_preview_options"]
    preview = json.loads(preview) if isinstance(preview, str) else preview
    assert preview["is_disabled"] is True
    with ConsoleHarness(database_url) as console:
        browser = console.new_browser()
        assert console.get(url.removeprefix(PUBLIC_URL), browser).status_code == 303
        assert "会宁县劳务站" in console.get("/console/today", browser).text


def test_login_from_someone_else_is_an_unknown_command(staff_bot):
    def answer(text: str) -> str:
        before = len(staff_bot.api.calls("sendMessage"))
        assert staff_bot.post(staff_bot.text(SEEKER, text)).status_code == 200
        [sent] = staff_bot.api.calls("sendMessage")[before:]
        return sent.params["text"]

    answer("注册 李四 会宁 电焊 全国")
    reply = answer("/login")
    assert reply == answer("/foo") and said("hint.unknown") in reply
    assert "/console/login/" not in reply
