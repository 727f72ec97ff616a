"""Staff commands over Telegram: staff import, list and count; everyone else learns nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
import spreadsheets
from telegram_harness import (  # noqa: F401 - the fixtures are used by name
    Step,
    TelegramHarness,
    bot_api_fixture,
    export,
    said,
    settings_for,
    user,
)

from bot.cli import main as cli
from messages import t
from storage.models import Vacancy

STAFF = user(800_001, "白银专员")
SEEKER = user(800_002, "李四")
PNG = b"\x89PNG\r\n\x1a\n"
HEADER = ["用人单位", "岗位名称", "工作地点", "招聘人数", "月薪"]
GOOD_ROWS = [
    ["陇原建工集团", "电焊工", "白银区", "8", "面议"],
    ["陇原建工集团", "二保焊电焊工", "会宁县", "5", "5000-7000元"],
    ["宝安精密电子有限公司", "电子厂普工", "深圳市宝安区", "120", "4500-6500元"],
]
BAD_ROWS = [
    ["陇原建工集团", "电焊工", "白银区", "8", "面议"],
    ["", "叉车工", "白银区", "10", ""],  # row 3: no employer
    ["陇原建工集团", "钢筋工", "白银区", "十", ""],  # row 4: headcount not a number
    ["陇原建工集团", "木工", "火星", "3", ""],  # row 5: no such place
    ["陇原建工集团", "架子工", "白银区", "3", "abc"],  # row 6: wage unreadable
]
xlsx = partial(spreadsheets.xlsx_bytes, HEADER)
csv_bytes = partial(spreadsheets.csv_bytes, HEADER)


@pytest.fixture(name="staff_bot")
def staff_bot_fixture(database_url: str, bot_api) -> Iterator[TelegramHarness]:
    """The app on an empty database, with STAFF registered for 白银 through the CLI."""
    add = ["staff", "add", "--telegram-id", str(STAFF["id"]), "--agency", "白银市就业局"]
    assert cli([*add, "--region", "白银市"]) == 0
    with TelegramHarness(settings_for(database_url, bot_api), bot_api) as h:
        yield h


def send(bot: TelegramHarness, update: dict[str, Any]) -> list[tuple[str, Any]]:
    """Post one update; the (method, text or photo) of every message the bot sent for it."""
    before = len(bot.api.calls("sendMessage", "sendPhoto"))
    assert bot.post(update).status_code == 200
    sent = bot.api.calls("sendMessage", "sendPhoto")[before:]
    return [(c.method, c.params.get("text", c.params.get("photo"))) for c in sent]


def say(bot: TelegramHarness, sender: dict, text: str) -> list[tuple[str, Any]]:
    return send(bot, bot.text(sender, text))


def upload(
    bot: TelegramHarness,
    sender: dict,
    name: str,
    content: bytes,
    caption: str | None = None,
    size: int | None = None,
) -> list[tuple[str, Any]]:
    """A document message, its bytes served by the fake API's getFile and download."""
    file_id = f"f{bot.next_update_id()}"
    bot.api.add_file(file_id, content)
    document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name}
    document["file_size"] = len(content) if size is None else size
    fields: dict[str, Any] = {"document": document}
    if caption is not None:
        fields["caption"] = caption
    return send(bot, bot.message(sender, **fields))


def only_text(sent: list[tuple[str, Any]]) -> str:
    assert [method for method, _ in sent] == ["sendMessage"], sent
    return sent[0][1]


# -- non-staff: a staff command reads exactly as an unknown command -------------------------

NON_STAFF_COMMANDS = [
    "/import",
    "/import 春季洽谈会",
    "/vacancies",
    "/vacancies 电焊",
    "/applicants 1",
    "/stats",
    "/stats@gongyou_test_bot",
    "/broadcast 1",
    "/broadcast confirm 1",
    "/training",
    "/departure add 1; 2099-05-01 08:00; 车站",
    "/roster t1",
]
NON_STAFF_DOCUMENTS = [  # (caption, after "/import" first)
    ("/import 春季洽谈会", False),
    (None, True),
    (None, False),
]


def unknown_twin(command: str) -> str:
    """The same message with the command word replaced by one nobody knows."""
    _, _, rest = command.partition(" ")
    return "/foo" + (f" {rest}" if rest else "")


@pytest.mark.parametrize("command", NON_STAFF_COMMANDS)
def test_non_staff_command_is_an_unknown_command(
    staff_bot: TelegramHarness, command: str, capsys, caplog
):
    assert "已登记：李四" in only_text(say(staff_bot, SEEKER, "注册 李四 会宁 电焊 全国"))
    before = export("vacancies", capsys)
    expected = only_text(say(staff_bot, SEEKER, unknown_twin(command)))
    with caplog.at_level(logging.WARNING, logger="gongyou.telegram"):
        answer = only_text(say(staff_bot, SEEKER, command))
    assert answer == expected
    if " " not in command:
        assert said("hint.unknown") in answer
    refused = [r for r in caplog.records if r.getMessage() == "staff command from non-staff"]
    assert len(refused) == 1
    fields = refused[0].fields  # type: ignore[attr-defined]
    assert fields["command"] == command.split()[0].lstrip("/").split("@")[0]
    assert fields["telegram_id"] == "***002" and str(SEEKER["id"]) not in caplog.text
    assert export("vacancies", capsys) == before
    assert staff_bot.api.calls("getFile", "sendPhoto") == []


@pytest.mark.parametrize(("caption", "announced"), NON_STAFF_DOCUMENTS)
def test_non_staff_document_is_not_downloaded(
    staff_bot: TelegramHarness, caption: str | None, announced: bool, capsys
):
    if announced:
        say(staff_bot, SEEKER, "/import 春季洽谈会")
    sent = upload(staff_bot, SEEKER, "岗位.csv", csv_bytes(GOOD_ROWS), caption)
    assert only_text(sent) == t("telegram.text_only", "zh_CN")
    assert staff_bot.api.calls("getFile") == []
    assert export("vacancies", capsys) == []


# -- staff: importing ------------------------------------------------------------------------

BAD_ROW_LINES = (
    "第3行：缺少用人单位",
    "第4行：招聘人数“十”",
    "第5行：工作地点“火星”",
    "第6行：月薪“abc”",
)
IMPORTS = [  # (name, file name, content, declared size, reply fragments, vacancies, downloaded)
    ("good xlsx", "春季.xlsx", xlsx(GOOD_ROWS), None, ("会议“春季洽谈会”", "新增3"), 3, True),
    ("good csv", "春季.CSV", csv_bytes(GOOD_ROWS), None, ("新增3", "白银市就业局"), 3, True),
    (
        "bad rows",
        "春季.xlsx",
        xlsx(BAD_ROWS),
        None,
        (said("import.failed"), *BAD_ROW_LINES),
        0,
        True,
    ),
    (
        "not a spreadsheet",
        "春季.pdf",
        b"%PDF-1.4",
        None,
        (said("staff.import.bad_type"),),
        0,
        False,
    ),
    ("no suffix", "春季", csv_bytes(GOOD_ROWS), None, (said("staff.import.bad_type"),), 0, False),
    ("over 20 MB", "春季.csv", b"x", 21 * 1024 * 1024, (said("staff.import.too_big"),), 0, False),
    ("corrupt xlsx", "春季.xlsx", b"not a zip", None, (said("import.failed"),), 0, True),
]


@pytest.mark.parametrize(
    ("name", "file_name", "content", "size", "says", "imported", "downloaded"),
    IMPORTS,
    ids=[case[0] for case in IMPORTS],
)
def test_staff_imports_a_document_captioned_import(
    staff_bot: TelegramHarness,
    capsys,
    name: str,
    file_name: str,
    content: bytes,
    size: int | None,
    says: tuple[str, ...],
    imported: int,
    downloaded: bool,
):
    answer = only_text(upload(staff_bot, STAFF, file_name, content, "/import 春季洽谈会", size))
    for fragment in says:
        assert fragment in answer, answer
    vacancies = export("vacancies", capsys)
    assert len(vacancies) == imported
    assert all(v["meeting"] == "春季洽谈会" for v in vacancies)
    assert len(staff_bot.api.calls("getFile")) == int(downloaded)


TWO_STEP = [  # (name, the /import line, file name, meeting the vacancies land in)
    ("meeting named in the command", "/import 秋季洽谈会", "岗位表.xlsx", "秋季洽谈会"),
    ("meeting named after the file", "/import", "冬季招聘.xlsx", "冬季招聘"),
]


@pytest.mark.parametrize(("name", "command", "file_name", "meeting"), TWO_STEP)
def test_import_first_then_the_document(
    staff_bot: TelegramHarness, capsys, name: str, command: str, file_name: str, meeting: str
):
    asked = only_text(say(staff_bot, STAFF, command))
    assert said("staff.import.how") in asked
    assert "10" in asked
    answer = only_text(upload(staff_bot, STAFF, file_name, xlsx(GOOD_ROWS)))
    assert f"会议“{meeting}”" in answer and "新增3" in answer
    assert {v["meeting"] for v in export("vacancies", capsys)} == {meeting}
    # The pending import was used up: the next bare document is not imported again.
    again = only_text(upload(staff_bot, STAFF, "别的.xlsx", xlsx(GOOD_ROWS)))
    assert again == t("staff.import.how", "zh_CN")
    assert len(export("vacancies", capsys)) == 3


def test_a_wrong_file_keeps_the_pending_import_and_it_expires(staff_bot: TelegramHarness, capsys):
    say(staff_bot, STAFF, "/import 秋季洽谈会")
    wrong = only_text(upload(staff_bot, STAFF, "岗位表.doc", b"word"))
    assert said("staff.import.bad_type") in wrong
    assert "新增3" in only_text(upload(staff_bot, STAFF, "岗位表.xlsx", xlsx(GOOD_ROWS)))
    # Once the wait is over, a bare document is no longer taken for the announced import.
    desk = staff_bot.app.state.telegram.staff
    desk.pending_ttl = timedelta(0)
    say(staff_bot, STAFF, "/import 冬季洽谈会")
    late = only_text(upload(staff_bot, STAFF, "岗位表.xlsx", xlsx(GOOD_ROWS)))
    assert late == t("staff.import.how", "zh_CN")
    assert {v["meeting"] for v in export("vacancies", capsys)} == {"秋季洽谈会"}


def test_the_file_may_reach_another_server_process(database_url: str, bot_api, capsys):
    """The pending /import lives in the database: the file is taken by a process that did not
    see the command (another one behind the proxy, or this one restarted)."""
    add = ["staff", "add", "--telegram-id", str(STAFF["id"]), "--agency", "白银市就业局"]
    assert cli([*add, "--region", "白银市"]) == 0
    settings = settings_for(database_url, bot_api)
    with TelegramHarness(settings, bot_api) as first:
        say(first, STAFF, "/import 秋季洽谈会")
    with TelegramHarness(settings, bot_api) as second:
        second._updates = iter(range(90_000, 100_000))  # update ids the first did not use
        assert "新增3" in only_text(upload(second, STAFF, "岗位表.xlsx", xlsx(GOOD_ROWS)))
    assert {v["meeting"] for v in export("vacancies", capsys)} == {"秋季洽谈会"}


def test_a_redelivered_update_is_answered_once(staff_bot: TelegramHarness):
    update = staff_bot.text(STAFF, "/vacancies")
    assert only_text(send(staff_bot, update)) == t("staff.vacancies.none", "zh_CN")
    assert send(staff_bot, update) == []


# -- staff: reading --------------------------------------------------------------------------

APPLY = [
    Step("say", "/start", contact_button=True),
    Step("contact", "8613812341234"),
    Step("say", "注册 李四 会宁 电焊 省内", says=("已登记：李四",)),
    Step("say", "找工作", buttons=("1", "2")),
    Step("press", "1", answer="editMessageText", buttons=("报名", "返回")),
    Step("press", "报名", says=(said("apply.done"),)),
]


def test_vacancies_applicants_and_stats(staff_bot: TelegramHarness, capsys):
    assert "新增3" in only_text(
        upload(staff_bot, STAFF, "春季.xlsx", xlsx(GOOD_ROWS), "/import 春季洽谈会")
    )
    staff_bot.play(SEEKER, APPLY)
    (application,) = export("applications", capsys)
    welders = only_text(say(staff_bot, STAFF, "/vacancies 电焊"))
    assert "2个" in welders and "电焊工" in welders and "二保焊电焊工" in welders
    assert "电子厂普工" not in welders
    assert said("staff.vacancies.header") in only_text(say(staff_bot, STAFF, "/vacancies"))
    applicants = only_text(say(staff_bot, STAFF, f"/applicants {application['vacancy_id']}"))
    assert "李四 138****1234" in applicants and "13812341234" not in applicants
    usage = only_text(say(staff_bot, STAFF, "/applicants"))
    assert usage == t("staff.applicants.usage", "zh_CN")
    stats = say(staff_bot, STAFF, "/stats")
    assert [method for method, _ in stats] == ["sendMessage", "sendPhoto"]
    assert said("staff.stats.title") in stats[0][1]
    assert stats[1][1].startswith(PNG)
    assert staff_bot.count(Vacancy) == 3


def test_staff_commands_are_not_in_anyones_menu(staff_bot: TelegramHarness):
    menus = staff_bot.api.calls("setMyCommands")
    assert menus, "the seekers' menu was published"
    for call in menus:
        names = {command["command"] for command in call.params["commands"]}
        assert "jobs" in names
        assert names.isdisjoint({"import", "vacancies", "applicants", "stats"}), call.params
