"""`gongyou broadcast` through the real CLI: the contract's JSON, status, errors, import --broadcast."""

from __future__ import annotations

import asyncio
import csv
import json

import pytest
from broadcast_world import BY_CHANNEL, ELIGIBLE, build
from sqlalchemy import select

from bot.cli import main
from storage.engine import create_engine, session_factory
from storage.models import Broadcast, OutboxMessage, Vacancy

KEYS = {"broadcast_id", "targeted", "by_channel", "sent", "delivered", "failed", "pending"}


@pytest.fixture
async def world(database_url, monkeypatch):
    monkeypatch.delenv("GONGYOU_ALERTS_PER_DAY", raising=False)
    engine = create_engine(database_url)
    async with session_factory(engine)() as session:
        built = await build(session)
    await engine.dispose()
    return built


def rows(database_url: str, model, *where) -> list:
    async def go():
        engine = create_engine(database_url)
        async with session_factory(engine)() as session:
            found = list(await session.scalars(select(model).where(*where)))
        await engine.dispose()
        return found

    return asyncio.run(go())


def printed(capsys) -> dict:
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1, out  # one JSON object, nothing else
    return json.loads(out)


def test_dry_run_json_is_the_contract(world, capsys):
    vacancy = world.vacancies["huining"].id
    assert main(["broadcast", "--vacancy", str(vacancy), "--dry-run", "--json"]) == 0
    found = printed(capsys)
    assert set(found) == KEYS and set(found["by_channel"]) == {"sms", "telegram"}
    assert found == {
        "broadcast_id": None,
        "targeted": len(ELIGIBLE),
        "by_channel": {"sms": len(BY_CHANNEL["sms"]), "telegram": len(BY_CHANNEL["telegram"])},
        "sent": 0,
        "delivered": 0,
        "failed": 0,
        "pending": 0,
    }


def test_real_run_and_status_json(world, database_url, capsys):
    vacancy = world.vacancies["huining"].id
    assert main(["broadcast", "--vacancy", str(vacancy), "--json"]) == 0
    queued = printed(capsys)
    assert set(queued) == KEYS and isinstance(queued["broadcast_id"], int)
    assert queued["targeted"] == queued["pending"] == len(ELIGIBLE) and queued["sent"] == 0
    messages = rows(
        database_url, OutboxMessage, OutboxMessage.campaign_id == queued["broadcast_id"]
    )
    assert world.names(m.seeker_id for m in messages) == ELIGIBLE
    assert main(["broadcast", "status", str(queued["broadcast_id"]), "--json"]) == 0
    assert printed(capsys) == queued
    # Said in words, with the status table, too.
    assert main(["broadcast", "status", str(queued["broadcast_id"])]) == 0
    table = capsys.readouterr().out
    assert "待发" in table and str(len(ELIGIBLE)) in table


def test_channel_filter(world, capsys):
    vacancy = world.vacancies["huining"].id
    assert main(["broadcast", "--vacancy", str(vacancy), "--channel", "telegram", "--json"]) == 0
    found = printed(capsys)
    assert found["by_channel"] == {"sms": 0, "telegram": len(BY_CHANNEL["telegram"])}


def test_meeting_by_name(world, capsys):
    assert main(["broadcast", "--meeting", world.meeting.name, "--dry-run", "--json"]) == 0
    assert printed(capsys)["targeted"] == len(ELIGIBLE | {"applied", "electrician"})


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["broadcast", "--vacancy", "99999"], 1),
        (["broadcast", "--meeting", "没有这个会"], 1),
        (["broadcast", "status", "99999"], 1),
    ],
)
def test_unknown_subjects_exit_1(world, capsys, argv, status):
    assert main(argv) == status
    assert capsys.readouterr().err.strip()


@pytest.mark.parametrize(
    "argv",
    [
        ["broadcast"],
        ["broadcast", "status"],
        ["broadcast", "status", "1", "--vacancy", "1"],
        ["broadcast", "--vacancy", "1", "--meeting", "m"],
        ["broadcast", "--vacancy", "1", "--dry-run", "--wait"],
        ["broadcast", "--vacancy", "1", "--channel", "fax"],
    ],
)
def test_usage_errors_exit_2(database_url, argv):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2


def test_import_broadcast_alerts_the_new_vacancies_once(world, database_url, tmp_path, capsys):
    path = tmp_path / "new.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["编号", "用人单位", "岗位", "工作地点", "招聘人数", "月薪"],
                ["N1", "会宁建工劳务", "电焊工", "甘肃省白银市会宁县", "6", "7000元"],
                ["N2", "会宁建工劳务", "二保焊工", "甘肃省白银市会宁县", "4", "7500元"],
            ]
        )
    assert main(["import", str(path), "--meeting", "冬季招聘会", "--broadcast"]) == 0
    assert "推送#" in capsys.readouterr().out
    (broadcast,) = rows(database_url, Broadcast)
    new = rows(database_url, Vacancy, Vacancy.ref.in_(["N1", "N2"]))
    assert sorted(broadcast.vacancy_ids) == sorted(v.id for v in new) and broadcast.via == "import"
    messages = rows(database_url, OutboxMessage, OutboxMessage.campaign_id == broadcast.id)
    seekers = [m.seeker_id for m in messages]
    assert len(seekers) == len(set(seekers)) and world.names(seekers) >= ELIGIBLE
    assert all(len(m.params["vacancies"]) == 2 for m in messages)  # one message, both jobs
    # The same file again adds nothing, and tells nobody anything.
    assert main(["import", str(path), "--meeting", "冬季招聘会", "--broadcast"]) == 0
    assert len(rows(database_url, Broadcast)) == 1
