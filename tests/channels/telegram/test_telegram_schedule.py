"""Scheduling over Telegram: staff add, edit and cancel training and departures, see rosters,
and move applicants with buttons; workers sign up with 培训. Against the fake Bot API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram_harness import (  # noqa: F401 - the fixtures are used by name
    TelegramHarness,
    bot_api_fixture,
    button_data,
    export,
    settings_for,
    user,
)

from bot.cli import main as cli
from messages import t
from storage.models import AuditEntry, OutboxMessage, TrainingSession

STAFF = user(810_001, "白银专员")
WORKERS = [user(810_100 + n, name) for n, name in enumerate(["张三", "李四", "王五"])]
# The server runs on the real clock (its scheduler would catch up from a frozen one): next year.
YEAR = datetime.now(UTC).year + 1
ADD = f"/training add 电焊培训; 电焊; 会宁县职教中心; {YEAR}-05-01 09:00; 17:00; 2"
SHEET = "用人单位,岗位名称,工作地点,招聘人数\n陇原建工集团,电焊工,白银区,8\n".encode()


@pytest.fixture(name="desk")
def desk_fixture(database_url: str, bot_api) -> Iterator[TelegramHarness]:
    """The app with STAFF registered for 白银 (region 白银市)."""
    add = ["staff", "add", "--telegram-id", str(STAFF["id"]), "--agency", "白银市就业局"]
    assert cli([*add, "--region", "白银市"]) == 0
    with TelegramHarness(settings_for(database_url, bot_api), bot_api) as h:
        yield h


def send(bot: TelegramHarness, update: dict[str, Any], chat: dict) -> list[dict]:
    """What the bot sent into `chat` for this update (a notice to someone else may go out
    meanwhile: the dispatcher runs)."""
    methods = ("sendMessage", "editMessageText")
    before = len(bot.api.calls(*methods))
    assert bot.post(update).status_code == 200
    new = bot.api.calls(*methods)[before:]
    return [c.params for c in new if int(c.params["chat_id"]) == chat["id"]]


def say(bot: TelegramHarness, sender: dict, text: str) -> dict:
    [answer] = send(bot, bot.text(sender, text), sender)
    return answer


def press(bot: TelegramHarness, sender: dict, data: str) -> dict:
    [answer] = send(bot, bot.press(sender, data)[0], sender)
    return answer


def register(bot: TelegramHarness, worker: dict) -> None:
    done = say(bot, worker, f"注册 {worker['first_name']} 会宁 电焊 全国")["text"]
    assert done.startswith("已登记"), done


def import_sheet(bot: TelegramHarness) -> None:
    """STAFF imports one welding vacancy over Telegram, so their office hosts it."""
    bot.api.add_file("sheet", SHEET)
    document = {"file_id": "sheet", "file_unique_id": "usheet", "file_name": "岗位.csv"}
    document["file_size"] = len(SHEET)
    update = bot.message(STAFF, document=document, caption="/import 春季洽谈会")
    assert "新增1" in send(bot, update, STAFF)[0]["text"]


def apply(bot: TelegramHarness, worker: dict) -> None:
    register(bot, worker)
    say(bot, worker, "找工作")
    press(bot, worker, "1")
    press(bot, worker, "报名")


def test_staff_schedule_and_workers_sign_up_within_the_places(desk: TelegramHarness):
    added = say(desk, STAFF, ADD)["text"]
    assert added == (f"已添加培训 #1：电焊培训，{YEAR}-05-01 09:00至17:00，会宁县职教中心，名额2")
    listed = say(desk, STAFF, "/training")["text"]
    assert "#1 电焊培训" in listed and "（0人）" in listed
    for worker in WORKERS:
        register(desk, worker)
        shown = say(desk, worker, "培训")
        assert button_data(shown.get("reply_markup")) == ["1"]
        press(desk, worker, "1")
    roster = say(desk, STAFF, "/roster training 1")["text"]
    assert "已确认2" in roster and "候补1" in roster and "王五" in roster
    edited = say(desk, STAFF, f"/training edit 1; 名额 3; 开始 {YEAR}-05-02 09:00")["text"]
    assert edited.startswith(f"已修改培训 #1：电焊培训，{YEAR}-05-02 09:00至17:00")
    assert "待确认1" in say(desk, STAFF, "/roster t1")["text"]  # the waiting worker moved up
    moved_up = OutboxMessage.template.like("schedule.notice.%")  # not the reminders
    assert desk.count(OutboxMessage, moved_up) == 1  # and was told
    cancelled = say(desk, STAFF, "/training cancel 1")["text"]
    assert cancelled.startswith("已取消培训 #1") and cancelled.endswith("（已取消）")
    assert say(desk, STAFF, "/training")["text"].startswith(
        t("schedule.list.none", "zh_CN", kind="培训")
    )
    assert desk.count(TrainingSession) == 1
    assert desk.count(AuditEntry) == 3  # add, edit, cancel


def test_refusals_are_the_clis_messages(desk: TelegramHarness):
    past = say(desk, STAFF, "/training add 焊工; 电焊; 会宁县; 2020-03-01 09:00; 17:00; 5")
    assert past["text"] == t("schedule.error.past", "zh_CN")
    assert say(desk, STAFF, "/training add 焊工; 电焊")["text"].startswith("缺少：")
    assert say(desk, STAFF, "/training edit 9; 名额 3")["text"] == "没有编号为9的培训。"
    usage = t("staff.schedule.usage.training", "zh_CN")
    assert say(desk, STAFF, "/training help")["text"] == usage
    say(desk, STAFF, ADD)
    assert say(desk, STAFF, "/training edit 1; 颜色 红")["text"].startswith("不认识“颜色”")
    assert say(desk, STAFF, "/roster")["text"] == t("staff.schedule.usage.roster", "zh_CN")
    assert desk.count(TrainingSession) == 1


def test_a_departure_for_the_hired_and_attendance(desk: TelegramHarness, capsys, tmp_path):
    # A vacancy the office does not host (imported on the CLI, no host) cannot be used.
    other = tmp_path / "other.csv"
    other.write_text(
        "用人单位,岗位名称,工作地点,招聘人数\n兰州物流,叉车工,兰州,3\n", encoding="utf-8"
    )
    assert cli(["import", str(other), "--meeting", "别处的会"]) == 0
    refused = say(desk, STAFF, f"/departure add 1; {YEAR}-05-03 07:30; 会宁县汽车站")
    assert refused["text"] == "没有编号为1的岗位。"
    import_sheet(desk)
    worker = WORKERS[0]
    apply(desk, worker)
    [application] = export("applications", capsys)
    assert cli(["application", "set", str(application["id"]), "hired"]) == 0
    vacancy = application["vacancy_id"]
    added = say(desk, STAFF, f"/departure add {vacancy}; {YEAR}-05-03 07:30; 会宁县汽车站; 身份证")
    assert added["text"].startswith(f"已添加出发 #1：陇原建工集团 电焊工，{YEAR}-05-03 07:30出发")
    capsys.readouterr()
    assert cli(["enrol", "--departure", "1", "--hired"]) == 0
    assert "张三" in capsys.readouterr().out
    roster = say(desk, STAFF, "/roster 出发 1")["text"]
    assert "张三" in roster and "待确认" in roster
    seeker = desk.seeker(worker["id"])
    early = say(desk, STAFF, f"/roster d1 attended {seeker.id}")["text"]
    assert early == t("schedule.error.not_yet", "zh_CN")


def test_applicants_move_with_buttons_and_the_worker_is_told(desk: TelegramHarness, capsys):
    import_sheet(desk)
    worker = WORKERS[0]
    apply(desk, worker)
    [application] = export("applications", capsys)
    listed = say(desk, STAFF, f"/applicants {application['vacancy_id']}")
    pick = f"staff:app:{application['id']}"
    assert button_data(listed["reply_markup"]) == [pick]
    shown = press(desk, STAFF, pick)
    assert button_data(shown["reply_markup"]) == [
        f"{pick}:{s}" for s in ("interested", "contacted", "hired", "rejected", "withdrawn")
    ]
    moved = press(desk, STAFF, f"{pick}:hired")["text"]
    assert "已报名 → 已录用" in moved and "已通知本人" in moved
    [row] = export("vacancies", capsys)
    assert row["filled"] == 1
    assert desk.count(OutboxMessage) == 1
    audited = desk.count(AuditEntry)
    # The same button pressed by the worker on a forged screen of their own: nothing changes.
    forged = desk.press(STAFF, f"{pick}:rejected")[0]
    forged["callback_query"]["from"] = worker
    forged["callback_query"]["message"]["chat"]["id"] = worker["id"]
    answers = send(desk, forged, worker)
    assert answers and all("未录用" not in a["text"] for a in answers)
    assert desk.count(AuditEntry) == audited
    [row] = export("applications", capsys)
    assert row["status"] == "hired"
