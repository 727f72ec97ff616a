"""The schedule through the real CLI: application set, training and departure add/edit/cancel,
enrol (--hired, --remove), roster (table, csv, json, --mark-attended), on both databases."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot import clock
from bot.cli import main
from bot.outgoing import preview
from messages import t
from storage.engine import sync_url
from storage.models import (
    Application,
    ApplicationEvent,
    AuditEntry,
    Employer,
    Meeting,
    OutboxMessage,
    Seeker,
    TrainingSession,
    Vacancy,
)

NOW = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """The CLI reads bot.clock; the tests set it, never sleep."""
    now = {"at": NOW}
    monkeypatch.setattr(clock, "now", lambda: now["at"])
    return now


def database(url: str) -> Session:
    return Session(create_engine(sync_url(url)), expire_on_commit=False)


@pytest.fixture
def world(database_url) -> dict:
    """One vacancy with three applicants (张三 on SMS, 李四 on Telegram, 王五 opted out)."""
    with database(database_url) as session:
        job = Vacancy(
            meeting=Meeting(name="春季洽谈会"),
            employer=Employer(name="陇原建工集团有限公司"),
            title="电焊工",
            location_text="白银区",
            region_code="620402",
            headcount=2,
            source_key="k1",
            content_hash="k1",
        )
        people = [
            Seeker(name="张三", phone="+8613800000001", region_code="620422"),
            Seeker(name="李四", telegram_id=4242, channel="telegram", locale="en"),
            Seeker(name="王五", phone="+8613800000003", opted_out=True),
        ]
        session.add_all([job, *people])
        session.flush()
        applications = [Application(seeker_id=p.id, vacancy_id=job.id) for p in people]
        session.add_all(applications)
        session.commit()
        return {
            "vacancy": job.id,
            "seekers": [p.id for p in people],
            "applications": [a.id for a in applications],
        }


def out_json(capsys):
    return json.loads(capsys.readouterr().out)


def test_application_set_fills_places_tells_the_worker_and_audits(world, database_url, capsys):
    first = world["applications"][0]
    assert main(["application", "set", str(first), "hired", "--json"]) == 0
    assert out_json(capsys) == {"id": first, "from": "interested", "to": "hired", "told": True}
    assert main(["application", "set", str(first), "hired"]) == 0
    assert "没有改动" in capsys.readouterr().out
    assert main(["application", "set", str(first), "withdrew"]) == 0
    assert "已录用 → 已撤回" in capsys.readouterr().out
    opted_out = world["applications"][2]
    assert main(["application", "set", str(opted_out), "hired", "--json"]) == 0
    assert out_json(capsys)["told"] is False
    with database(database_url) as session:
        assert session.scalar(select(Vacancy.filled)) == 1  # 张三 un-hired, 王五 hired
        history = session.execute(
            select(ApplicationEvent.status).where(ApplicationEvent.application_id == first)
        )
        assert [s for (s,) in history] == ["hired", "withdrawn"]
        [notice] = session.scalars(select(OutboxMessage))
        assert preview(notice, "zh_CN").startswith("【工友】恭喜")
        details = [e.detail for e in session.scalars(select(AuditEntry))]
        assert [(d["to"], d["via"]) for d in details] == [
            ("hired", "cli"),
            ("withdrawn", "cli"),
            ("hired", "cli"),
        ]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["application", "set", "999", "hired"], t("application.not_found", "zh_CN", id=999)),
    ],
)
def test_application_refusals(world, capsys, argv, expected):
    assert main(argv) == 2
    assert expected in capsys.readouterr().err


def test_a_status_that_is_none_is_a_usage_error(world, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["application", "set", "1", "fired"])
    assert exit_.value.code == 2


TRAINING = [
    "training",
    "add",
    "--title",
    "电焊培训",
    "--trade",
    "电焊",
    "--place",
    "会宁县职教中心",
    "--start",
    "2026-05-01 09:00",
    "--end",
    "17:00",
    "--capacity",
    "1",
]


def test_training_add_edit_cancel(world, database_url, capsys):
    assert main([*TRAINING, "--json"]) == 0
    training = out_json(capsys)
    assert set(training) == {"id"}
    assert main(["training", "edit", str(training["id"]), "--start", "2026-05-02 08:30"]) == 0
    assert "2026-05-02 08:30至16:30" in capsys.readouterr().out
    assert main(["training", "list", "--json"]) == 0
    [listed] = out_json(capsys)
    assert (listed["id"], listed["taken"]) == (training["id"], 0)
    assert main(["training", "cancel", str(training["id"])]) == 0
    assert "已取消培训" in capsys.readouterr().out
    assert main(["training", "cancel", str(training["id"]), "--json"]) == 0
    assert out_json(capsys) == {"id": training["id"], "cancelled": False}
    assert main(["training", "list"]) == 0
    assert t("schedule.list.none", "zh_CN", kind="培训") in capsys.readouterr().out
    with database(database_url) as session:
        row = session.get(TrainingSession, training["id"])
        assert row.starts_at == datetime(2026, 5, 2, 0, 30, tzinfo=UTC)
        assert row.cancelled_at == NOW
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions == ["training_add", "training_edit", "training_cancel"]


def test_another_zone_is_taken_and_stored_in_utc(world, database_url, capsys, monkeypatch):
    monkeypatch.setenv("GONGYOU_TIMEZONE", "Europe/Berlin")
    assert main([*TRAINING, "--json"]) == 0
    with database(database_url) as session:
        row = session.get(TrainingSession, out_json(capsys)["id"])
        assert row.starts_at == datetime(2026, 5, 1, 7, 0, tzinfo=UTC)  # CEST is UTC+2


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (["--start", "2026-03-01 09:00", "--end", "2026-03-01 17:00"], "时间已经过了"),
        (["--start", "下周一"], "看不懂时间“下周一”"),
        (["--trade", "火箭驾驶"], "不认识工种“火箭驾驶”"),
        (["--capacity", "0"], "名额要写正整数"),
    ],
)
def test_training_refusals_exit_2_and_store_nothing(world, database_url, capsys, change, expected):
    assert main([*TRAINING, *change]) == 2
    assert expected in capsys.readouterr().err
    with database(database_url) as session:
        assert session.scalar(select(TrainingSession.id)) is None


def test_departure_for_the_hired_waiting_list_and_roster(world, database_url, capsys, fixed_clock):
    for application in world["applications"]:
        assert main(["application", "set", str(application), "hired"]) == 0
    capsys.readouterr()
    add = ["departure", "add", "--vacancy", str(world["vacancy"]), "--at", "2026-05-03 07:30"]
    add += ["--meeting-point", "会宁县汽车站", "--bring", "身份证、被褥", "--capacity", "2"]
    assert main([*add, "--json"]) == 0
    departure = str(out_json(capsys)["id"])
    assert main(["enrol", "--departure", departure, "--hired", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(x["outcome"], x["position"]) for x in lines] == [
        ("seated", None),
        ("seated", None),
        ("waiting", 1),
    ]
    zhang, li, wang = world["seekers"]
    assert main(["enrol", "--departure", departure, "--seeker", str(li), "--remove"]) == 0
    out = capsys.readouterr().out
    assert "已移出名单：李四" in out and "候补递补：王五" in out and "本人收不到通知" in out
    assert main(["roster", "--departure", departure, "--json"]) == 0
    assert out_json(capsys) == [
        {
            "seeker_id": zhang,
            "name": "张三",
            "channel": "sms",
            "status": "invited",
            "reminders_sent": 0,
        },
        {
            "seeker_id": wang,
            "name": "王五",
            "channel": "sms",
            "status": "invited",
            "reminders_sent": 0,
        },
    ]
    assert main(["roster", "--departure", departure, "--mark-attended", str(zhang)]) == 2
    assert "还没开始" in capsys.readouterr().err
    fixed_clock["at"] = datetime(2026, 5, 3, 0, 0, tzinfo=UTC)  # 08:00, they have left
    assert main(["roster", "--departure", departure, "--mark-attended", str(zhang)]) == 0
    table = capsys.readouterr()
    assert "已记到场1人" in table.err and "已到" in table.out and "未到" in table.out
    assert main(["roster", "--departure", departure, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"))))
    assert [(r["name"], r["status"]) for r in rows] == [("张三", "已到"), ("王五", "未到")]


def test_enrol_refusals(world, capsys):
    assert main([*TRAINING, "--json"]) == 0
    training = str(out_json(capsys)["id"])
    assert main(["enrol", "--training", training, "--seeker", "999"]) == 2
    assert "没有编号为999的求职者" in capsys.readouterr().err
    assert main(["enrol", "--training", "77", "--seeker", "1"]) == 2
    assert "没有编号为77的培训" in capsys.readouterr().err
    assert main(["enrol", "--training", training, "--hired"]) == 2
    with pytest.raises(SystemExit):
        main(["enrol", "--training", training, "--departure", "1", "--hired"])


def test_a_seat_freed_on_a_training_is_told_in_the_workers_language(world, database_url, capsys):
    assert main([*TRAINING, "--json"]) == 0
    training = str(out_json(capsys)["id"])
    zhang, li, _ = world["seekers"]
    assert main(["enrol", "--training", training, "--seeker", str(zhang), str(li)]) == 0
    assert "李四（#" in capsys.readouterr().out
    assert main(["enrol", "--training", training, "--seeker", str(zhang), "--decline"]) == 0
    assert "已通知本人" in capsys.readouterr().out
    with database(database_url) as session:
        moved_up = OutboxMessage.template.like("schedule.notice.%")  # not the reminders
        [row] = session.scalars(select(OutboxMessage).where(moved_up))
        channel, address, text = row.channel, row.address, preview(row, "en")
    assert (channel, address) == ("telegram", "4242")
    assert text.startswith("Gongyou: a place is free!") and "May 1 09:00" in text


def test_an_event_is_upcoming_until_it_begins(world, capsys, fixed_clock):
    assert main([*TRAINING, "--json"]) == 0
    capsys.readouterr()
    fixed_clock["at"] = datetime(2026, 5, 1, 0, 59, tzinfo=UTC)  # 08:59 local
    assert main(["training", "list", "--json"]) == 0
    assert len(out_json(capsys)) == 1
    fixed_clock["at"] += timedelta(minutes=1)
    assert main(["training", "list", "--json"]) == 0
    assert out_json(capsys) == []
