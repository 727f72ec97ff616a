"""Held vacancies end to end, as staff meet them, on SQLite and PostgreSQL: a sheet with a 押金 row,
a company's personal mobile and a past deadline imports, the summary says what was held and why,
the held rows are never listed (dialog search, `gongyou match`) until `gongyou vacancy approve`."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import select

from bot import clock
from bot.cli import main
from bot.matching.ranking import SeekerFacts
from bot.search import VacancySearch
from storage.engine import create_engine, session_factory
from storage.models import AuditEntry, Vacancy
from storage.vacancies import listable
from tests.spreadsheets import csv_bytes

HEADER = ["编号", "用人单位", "岗位名称", "工作地点", "招聘人数", "月薪", "福利", "截止日期", "联系电话",
          "结算方式", "吃住", "工作时间", "签约单位"]  # fmt: skip
ROWS = [
    ["W-1", "陇原建工集团", "电焊工", "兰州市城关区", "10", "7000-9000", "五险一金", "2030-01-01",
     "0931-8888666", "月结", "包吃住", "8小时", ""],
    ["W-2", "金城焊接有限公司", "电焊工", "兰州市七里河区", "5", "7000-9000", "入职押金200元",
     "2030-01-01", "0931-6666888", "", "", "", ""],
    ["W-3", "兰州重工有限公司", "电焊工", "兰州市西固区", "8", "8000-9000", "包住", "2030-01-01",
     "王经理 13912345678", "", "", "", ""],
    ["W-4", "白银机械厂", "电焊工", "白银市白银区", "6", "7000-8000", "", "2020-01-01",
     "0943-8222333", "", "", "", ""],
    ["W-5", "兰州市西固区劳务队", "电焊工", "兰州市西固区", "6", "7000-8000", "免费体检，不收任何费用",
     "2030-01-01", "13812345678", "日结", "", "", "兰州某某人力资源有限公司"],
]  # fmt: skip
WELDER = SeekerFacts(1, ("construction.welder",), "620102", "country")


def write_sheet(tmp_path, rows=ROWS):
    path = tmp_path / "meeting.csv"
    path.write_bytes(csv_bytes(HEADER, rows))
    return path


async def listed(database_url: str, search: VacancySearch | None = None) -> set[str]:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            found = await (search or VacancySearch()).top(
                session, WELDER, clock.local_today("Asia/Shanghai"), k=20
            )
            refs = await session.execute(
                select(Vacancy.id, Vacancy.ref).where(Vacancy.id.in_([m.vacancy_id for m in found]))
            )
            return {ref for _, ref in refs.tuples()}
    finally:
        await engine.dispose()


async def vacancy_ids(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            return dict((await session.execute(select(Vacancy.ref, Vacancy.id))).tuples().all())
    finally:
        await engine.dispose()


def run(capsys, *args: str, status: int = 0) -> str:
    capsys.readouterr()
    assert main(list(args)) == status
    return capsys.readouterr().out


def test_held_until_approved(database_url, tmp_path, capsys):
    out = run(capsys, "import", str(write_sheet(tmp_path)), "--meeting", "冬季洽谈会")
    assert "新增5" in out
    assert "其中3个岗位待审核" in out and "收费1个、公司只留个人手机1个、截止日期已过1个" in out
    assert (
        "收费：“入职押金200元”" in out and "139****5678" in out and "报名截止2020-01-01已过" in out
    )
    assert "gongyou vacancy approve" in out
    ids = asyncio.run(vacancy_ids(database_url))
    assert f"（岗位号{ids['W-2']}）" in out

    search = VacancySearch()  # one process's index: it must notice the approval by itself
    assert asyncio.run(listed(database_url, search)) == {"W-1", "W-5"}
    matched = json.loads(run(capsys, "match", "--skills", "电焊", "--region", "兰州城关", "--json"))
    assert {m["vacancy_id"] for m in matched} == {ids["W-1"], ids["W-5"]}

    held = json.loads(run(capsys, "vacancy", "held", "--json"))
    assert [(h["vacancy_id"], [f["code"] for f in h["flags"]]) for h in held] == [
        (ids["W-2"], ["fee"]),
        (ids["W-3"], ["personal_contact"]),
        (ids["W-4"], ["deadline_past"]),
    ]
    assert held[0]["meeting"] == "冬季洽谈会" and held[0]["employer"] == "金城焊接有限公司"
    assert "收费：“入职押金200元”" in run(capsys, "vacancy", "held", "--meeting", "冬季洽谈会")

    approved = json.loads(run(capsys, "vacancy", "approve", str(ids["W-2"]), "--json"))
    assert approved["approved"] is True and approved["review"] == "approved"
    assert asyncio.run(listed(database_url, search)) == {"W-1", "W-2", "W-5"}
    assert "不在待审核中" in run(capsys, "vacancy", "approve", str(ids["W-2"]))
    assert len(json.loads(run(capsys, "vacancy", "held", "--json"))) == 2

    asyncio.run(check_stored(database_url, ids))


async def check_stored(database_url: str, ids: dict[str, int]) -> None:
    engine = create_engine(database_url)
    async with session_factory(engine)() as session:
        entries = list(await session.scalars(select(AuditEntry)))
        assert [(e.action, e.target) for e in entries] == [
            ("vacancy_approve", f"vacancy:{ids['W-2']}")
        ]
        assert entries[0].detail["flags"][0]["code"] == "fee"
        kept = await session.scalar(select(Vacancy).where(Vacancy.ref == "W-1"))
        assert (kept.pay_schedule, kept.board, kept.hours) == ("月结", "包吃住", "8小时")
        assert (await session.scalar(select(Vacancy).where(Vacancy.ref == "W-5"))).contractor
    await engine.dispose()


def test_reimport_keeps_held_and_an_edited_row_is_checked_afresh(database_url, tmp_path, capsys):
    run(capsys, "import", str(write_sheet(tmp_path)), "--meeting", "冬季洽谈会")
    out = run(capsys, "import", str(write_sheet(tmp_path)), "--meeting", "冬季洽谈会")
    assert "未变5" in out and "待审核" not in out
    assert asyncio.run(listed(database_url)) == {"W-1", "W-5"}
    ids = asyncio.run(vacancy_ids(database_url))
    run(capsys, "vacancy", "approve", str(ids["W-3"]))
    edited = [list(r) for r in ROWS]
    edited[1][6] = "五险一金"  # the fee taken out: no longer held
    edited[2][5] = "8000-9500"  # an approved row edited: checked again, held again
    edited[0][6] = "报名费50元"  # a clean row edited into a fee: held
    out = run(capsys, "import", str(write_sheet(tmp_path, edited)), "--meeting", "冬季洽谈会")
    assert "更新3" in out and "其中2个岗位待审核" in out
    assert asyncio.run(listed(database_url)) == {"W-2", "W-5"}


def test_dry_run_says_what_would_be_held(database_url, tmp_path, capsys):
    out = run(capsys, "import", str(write_sheet(tmp_path)), "--meeting", "试", "--dry-run")
    assert "其中3个岗位待审核" in out and "试运行" in out
    assert asyncio.run(vacancy_ids(database_url)) == {}


def test_unknown_vacancy_or_meeting_exits_2(database_url, capsys):
    assert main(["vacancy", "approve", "999"]) == 2
    assert "没有岗位号为999的岗位" in capsys.readouterr().err
    assert main(["vacancy", "held", "--meeting", "没有这个会"]) == 2
    assert run(capsys, "vacancy", "held") == "没有待审核的岗位。\n"


@pytest.mark.parametrize("review", ["ok", "approved"])
async def test_listable_is_open_and_not_held(database_url, review):
    """The filter broadcasts use: held and closed vacancies are out, the rest in."""
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    from storage.models import Employer, Meeting

    async with sessions() as session:
        meeting, employer = Meeting(name="m"), Employer(name="e")
        session.add_all([meeting, employer])
        await session.flush()
        for ref, status, state in [
            ("a", "open", review),
            ("b", "open", "held"),
            ("c", "closed", review),
        ]:
            session.add(
                Vacancy(meeting_id=meeting.id, employer_id=employer.id, title="t", location_text="x",
                        headcount=1, ref=ref, source_key=ref, content_hash="-", status=status,
                        review=state)
            )  # fmt: skip
        await session.commit()
        refs = await session.scalars(select(Vacancy.ref).where(listable()))
        assert set(refs) == {"a"}
    await engine.dispose()
