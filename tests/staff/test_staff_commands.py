"""Staff commands end to end: import a file, list and filter vacancies, see applicants."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial

import pytest
import spreadsheets
from sqlalchemy import func, select
from staff_world import ADMIN, BAIYIN, HUINING, LANZHOU, applied, vacancy

from bot.staff import STAFF_COMMANDS, StaffReply, mask_phone, run_staff_command, staff_for_telegram
from bot.staff.reply import TEXT_LIMIT, fit
from messages import t
from storage.models import Employer, Meeting, Vacancy

TODAY = date(2026, 3, 4)
HEADER = ["用人单位", "岗位名称", "工作地点", "招聘人数", "月薪"]
GOOD_ROWS = [
    ["宝安精密电子有限公司", "电子厂普工", "深圳市宝安区", "120", "4500-6500元"],
    ["陇原建工集团", "电焊工", "白银区", "8", "面议"],
]
BAD_ROWS = [
    ["宝安精密电子有限公司", "电子厂普工", "深圳市宝安区", "120", "4500-6500元"],
    ["", "叉车工", "深圳市宝安区", "10", ""],  # row 3: no employer
    ["陇原建工集团", "电焊工", "火星", "8", ""],  # row 4: no such place
    ["陇原建工集团", "钢筋工", "白银区", "很多", ""],  # row 5: headcount is not a number
]
xlsx = partial(spreadsheets.xlsx_bytes, HEADER)
csv_bytes = partial(spreadsheets.csv_bytes, HEADER)


async def command(session, telegram_id, name, argument="", document=None, locale="zh_CN"):
    staff = await staff_for_telegram(session, telegram_id)
    return await run_staff_command(
        session, staff, name, argument, document=document, today=TODAY, locale=locale
    )


async def count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


def test_command_names():
    assert STAFF_COMMANDS == (
        "import",
        "vacancies",
        "applicants",
        "stats",
        "broadcast",
        "login",
        "training",
        "departure",
        "roster",
    )


@pytest.mark.parametrize("name", ["help", "", "删除"])
async def test_unknown_command_answers_help(session, world, name):
    reply = await command(session, HUINING, name)
    assert reply == StaffReply(t("staff.help", "zh_CN"))


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
async def test_import_without_file_explains(session, world, locale):
    reply = await command(session, HUINING, "import", "春季洽谈会", locale=locale)
    assert reply.text == t("staff.import.how", locale)


async def test_import_bad_spreadsheet_lists_every_bad_row_and_imports_nothing(session, world):
    before = await count(session, Vacancy)
    reply = await command(session, HUINING, "import", "春季洽谈会", ("list.xlsx", xlsx(BAD_ROWS)))
    lines = reply.text.splitlines()
    assert lines[0] == t("import.failed", "zh_CN", count=3)
    assert [line.split("：")[0] for line in lines[1:]] == ["第3行", "第4行", "第5行"]
    assert "火星" in lines[2] and "很多" in lines[3]
    assert await count(session, Vacancy) == before
    assert await session.scalar(select(Meeting).where(Meeting.name == "春季洽谈会")) is None


async def test_import_good_file_belongs_to_the_staff_agency(session, world):
    reply = await command(session, HUINING, "import", "", ("春季洽谈会.csv", csv_bytes(GOOD_ROWS)))
    assert reply.text.splitlines() == [
        t("import.summary", "zh_CN", meeting="春季洽谈会", rows=2, added=2, updated=0, unchanged=0),
        t("staff.import.host", "zh_CN", agency="会宁社区服务站"),
    ]
    assert reply.image is None
    meeting = await session.scalar(select(Meeting).where(Meeting.name == "春季洽谈会"))
    assert meeting.host_agency_id == world.agencies["会宁社区服务站"].id
    # Visible up the tree (白银 is 会宁's city), not to the neighbouring city.
    assert "电焊工" in (await command(session, BAIYIN, "vacancies", "白银")).text
    lanzhou = await command(session, LANZHOU, "vacancies", "白银")
    assert lanzhou.text == t("staff.vacancies.none_matching", "zh_CN", filter="白银")


async def test_import_into_another_agency_meeting_is_refused(session, world):
    theirs = "兰州市就业局洽谈会"
    before = await count(session, Vacancy)
    reply = await command(session, HUINING, "import", theirs, ("x.csv", csv_bytes(GOOD_ROWS)))
    assert reply.text == t("staff.import.not_yours", "zh_CN", meeting=theirs)
    assert await count(session, Vacancy) == before


async def test_import_unreadable_file(session, world):
    reply = await command(session, HUINING, "import", "m", ("list.xlsx", b"not a zip"))
    assert reply.text.splitlines()[0] == t("import.failed_file", "zh_CN")
    assert "list.xlsx" in reply.text


async def test_import_errors_cut_to_the_message_limit(session, world):
    rows = [["", f"岗位{i}", "白银区", "1", ""] for i in range(400)]
    reply = await command(session, HUINING, "import", "大表", ("big.csv", csv_bytes(rows)))
    assert len(reply.text) <= TEXT_LIMIT
    lines = reply.text.splitlines()
    shown = len(lines) - 2  # the summary first, "……另有N条" last
    assert lines[-1] == t("staff.more", "zh_CN", count=400 - shown)
    assert shown > 50


@pytest.mark.parametrize(
    ("items", "limit", "expected"),
    [
        (["aaaa", "bbbb"], 100, "h\naaaa\nbbbb"),
        ([], 100, "h"),
        (
            ["a" * 30, "b" * 30, "c" * 30],
            60,
            "h\n" + "a" * 30 + "\n" + t("staff.more", "en", count=2),
        ),
    ],
)
def test_fit(items, limit, expected):
    text = fit(["h"], items, "en", limit=limit)
    assert text == expected and len(text) <= limit


@pytest.mark.parametrize(
    ("words", "titles"),
    [
        ("电焊", {"电焊工"}),
        ("深圳", {"电子厂普工"}),  # location text says only 宝安; the region code says 深圳
        ("宝安", {"电子厂普工"}),
        ("陇原", {"电焊工", "保安", "司机"}),  # by employer
        ("沙特", {"司机"}),  # an overseas vacancy, by country
        ("陇原 兰州", {"保安"}),  # every word must match
        ("100%_", set()),  # LIKE wildcards are literal
    ],
)
async def test_vacancies_filter(session, world, words, titles):
    reply = await command(session, ADMIN, "vacancies", words)
    found = {
        title for title in ("电焊工", "电子厂普工", "保安", "司机") if f" {title} " in reply.text
    }
    assert found == titles
    if titles:
        first = t("staff.vacancies.header_matching", "zh_CN", filter=words, count=len(titles))
        assert reply.text.splitlines()[0] == first


async def test_vacancies_newest_first_at_most_twenty(session, world):
    meeting = await session.scalar(select(Meeting).where(Meeting.name == "会宁社区服务站洽谈会"))
    employer = await session.scalar(select(Employer).where(Employer.name == "陇原建工集团"))
    session.add_all(
        vacancy(meeting, employer, f"钳工{i:02d}", "会宁", region="620422",
                created=datetime(2026, 2, 1, i, tzinfo=UTC))
        for i in range(24)
    )  # fmt: skip
    await session.commit()
    lines = (await command(session, HUINING, "vacancies")).text.splitlines()
    assert lines[0] == t("staff.vacancies.header", "zh_CN", count=25)
    assert len(lines) == 1 + 20 + 1
    assert "钳工23" in lines[1] and "钳工04" in lines[20]
    assert lines[1].startswith("#") and "缺10人" in lines[1] and "4000-6000元" in lines[1]
    assert lines[-1] == t("staff.vacancies.more", "zh_CN", shown=20)


async def test_closed_vacancies_are_not_listed(session, world):
    world.vacancies["会宁普工"].status = "filled"
    await session.commit()
    reply = await command(session, HUINING, "vacancies")
    assert reply.text == t("staff.vacancies.none", "zh_CN")


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("+8613812341234", "138****1234"),
        ("+447911123456", "447****3456"),
        ("+85291234567", "852****4567"),
        ("+3312345678", "33****5678"),
        (None, ""),
        ("+861", "*"),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


async def test_applicants_masked_with_status_and_local_date(session, world):
    job = world.vacancies["会宁普工"]
    # 17:00 UTC on 1 March is 01:00 on 2 March in Shanghai.
    await applied(
        session, world.seekers["会宁张三"], job, "referred", datetime(2026, 3, 1, 17, tzinfo=UTC)
    )
    await applied(
        session, world.seekers["无处"], job, "interested", datetime(2026, 3, 3, tzinfo=UTC)
    )
    await session.commit()
    reply = await command(session, BAIYIN, "applicants", f"#{job.id}")
    lines = reply.text.splitlines()
    assert lines[0] == t(
        "staff.applicants.header",
        "zh_CN",
        id=job.id,
        employer="宝安精密电子",
        title="电子厂普工",
        count=2,
    )
    assert lines[1] == "张三 138****1234 已推荐 2026-03-02"
    assert lines[2] == "（未留名） 仅Telegram 已报名 2026-03-03"
    assert "13812341234" not in reply.text


@pytest.mark.parametrize(
    ("argument", "key"), [("", "usage"), ("abc", "usage"), ("99999", "not_found")]
)
async def test_applicants_bad_argument(session, world, argument, key):
    reply = await command(session, HUINING, "applicants", argument)
    expected = t(
        f"staff.applicants.{key}", "zh_CN", **({"id": argument} if key == "not_found" else {})
    )
    assert reply.text == expected


async def test_applicants_none_yet(session, world):
    job = world.vacancies["会宁普工"]
    reply = await command(session, HUINING, "applicants", str(job.id), locale="en")
    none = t("staff.applicants.none", "en", id=job.id, employer="宝安精密电子", title="电子厂普工")
    assert reply.text == none
