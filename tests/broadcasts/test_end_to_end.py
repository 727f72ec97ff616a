"""A broadcast as staff run it: `gongyou serve` sends through the fake Bot API and fake Twilio API
while `gongyou broadcast --vacancy ID --wait --json` follows it to the end."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from broadcast_world import BY_CHANNEL, ELIGIBLE, World, build
from fake_bot_api import TOKEN, FakeBotApi
from fake_twilio_api import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilioApi
from server_process import ServerProcess, clean_environment, free_port
from sqlalchemy import select

from bot.dialog import converse
from bot.replies import Inbound
from bot.search import VacancySearch
from storage.engine import create_engine, session_factory
from storage.models import Application, Seeker

ROOT = Path(__file__).resolve().parents[2]
TIMEZONE = "Asia/Shanghai"


@pytest.fixture
async def world(database_url) -> World:
    engine = create_engine(database_url)
    async with session_factory(engine)() as session:
        built = await build(session)
    await engine.dispose()
    return built


def quiet_hours_elsewhere() -> str:
    """A quiet-hours window well away from now, so the SMS alerts of this test go at once."""
    start = datetime.now(ZoneInfo(TIMEZONE)) + timedelta(hours=12)
    return f"{start:%H}:00-{start + timedelta(hours=1):%H}:00"


def environment(database_url: str, bot_api: FakeBotApi, twilio: FakeTwilioApi) -> dict[str, str]:
    return clean_environment() | {
        "PYTHONPATH": str(ROOT),
        "GONGYOU_DATABASE_URL": database_url,
        "GONGYOU_TIMEZONE": TIMEZONE,
        "GONGYOU_QUIET_HOURS": quiet_hours_elsewhere(),
        "GONGYOU_SMS_RATE": "20",
        "GONGYOU_TELEGRAM_RATE": "20",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": bot_api.url,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_BASE_URL": twilio.url,
    }


async def test_broadcast_wait_sends_every_alert_once(world, database_url, tmp_path):
    vacancy = world.vacancies["huining"].id
    with FakeBotApi() as bot_api, FakeTwilioApi() as twilio:
        env = environment(database_url, bot_api, twilio)
        server = ServerProcess(["serve", "--port", str(free_port())], env, tmp_path)
        try:
            server.wait_started()
            done = subprocess.run(
                [sys.executable, "-m", "bot.cli", "broadcast", "--vacancy", str(vacancy)]
                + ["--wait", "--json"],
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=180,
            )
            # Said in words: the status table once nothing is pending. The same day, only the
            # seeker who applied to the first job (so heard nothing today) hears of this one.
            baiyin = str(world.vacancies["baiyin"].id)
            table = subprocess.run(
                [sys.executable, "-m", "bot.cli", "broadcast", "--vacancy", baiyin, "--wait"],
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=180,
            )
        finally:
            assert server.stop() == 0
        assert table.returncode == 0, table.stderr
        assert "已排队：1人" in table.stdout and "合计" in table.stdout
        total = next(line for line in table.stdout.splitlines() if "合计" in line)
        assert [cell.strip() for cell in total.split("│")[2:7]] == ["1", "1", "0", "0", "0"]
        assert done.returncode == 0, done.stderr
        found = json.loads(done.stdout)
        assert found["targeted"] == found["sent"] == len(ELIGIBLE)
        assert found["pending"] == found["failed"] == 0
        assert found["by_channel"] == {
            "sms": len(BY_CHANNEL["sms"]),
            "telegram": len(BY_CHANNEL["telegram"]),
        }
        first = "新岗位：陇原建工集团 电焊工"  # the first broadcast's job; the second is 氩弧焊工
        texts = [r.form for r in twilio.accepted() if r.form["Body"].startswith(first)]
        telegram = [c.params for c in bot_api.calls("sendMessage")]
        assert len(twilio.accepted()) == len(texts) + 1

    phones = {world.seekers[n].phone: n for n in BY_CHANNEL["sms"]}
    assert sorted(phones[f["To"]] for f in texts) == sorted(BY_CHANNEL["sms"])  # once each
    assert all("1. 报名" in f["Body"] and "2. 看详情" in f["Body"] for f in texts)
    chats = {str(world.seekers[n].telegram_id): n for n in BY_CHANNEL["telegram"]}
    assert sorted(chats[str(p["chat_id"])] for p in telegram) == sorted(BY_CHANNEL["telegram"])
    for params in telegram:
        markup = params["reply_markup"]
        markup = json.loads(markup) if isinstance(markup, str) else markup
        assert [b["callback_data"] for row in markup["inline_keyboard"] for b in row] == [
            "1",
            "2",
            "3",
        ]

    # The alert's wait is open: an SMS worker answers 1 and has applied.
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    seeker = world.seekers["sms"]
    async with sessions() as session:
        stored = await session.get(Seeker, seeker.id)
        assert stored.dialog_state == "alert" and stored.dialog_data["vacancy"] == vacancy
    async with sessions() as session, session.begin():
        now = datetime.now(ZoneInfo("UTC"))
        inbound = Inbound("sms", seeker.phone, "1", now)
        await converse(session, inbound, VacancySearch(), default_locale="zh_CN", today=now.date())
    async with sessions() as session:
        query = select(Application.vacancy_id).where(Application.seeker_id == seeker.id)
        assert list(await session.scalars(query)) == [vacancy]
    await engine.dispose()
