"""Import by upload: a dry run lists every bad row beside its reason; only a confirmation writes."""

from __future__ import annotations

import re
from functools import partial

import spreadsheets
from sqlalchemy import func, select
from staff_world import HUINING, LANZHOU

from storage.models import AuditEntry, Meeting, Vacancy

HEADER = ["用人单位", "岗位名称", "工作地点", "招聘人数", "月薪"]
GOOD = [
    ["陇原建工集团", "电焊工", "白银区", "8", "面议"],
    ["陇原建工集团", "钢筋工", "会宁县", "5", "5000-7000元"],
    ["宝安精密电子有限公司", "电子厂普工", "深圳市宝安区", "120", "4500-6500元"],
]
BAD = [
    GOOD[0],
    ["", "叉车工", "白银区", "10", ""],  # row 3: no employer
    ["陇原建工集团", "钢筋工", "白银区", "十", ""],  # row 4: headcount not a number
    ["陇原建工集团", "木工", "火星", "3", ""],  # row 5: no such place
]
csv_bytes = partial(spreadsheets.csv_bytes, HEADER)
xlsx_bytes = partial(spreadsheets.xlsx_bytes, HEADER)
MEETING = "会宁春季劳务洽谈会"


def upload(console, browser, name: str, content: bytes, meeting: str = MEETING):
    data = {"csrf": console.csrf(browser), "meeting": meeting, "held_on": "2027-03-01"}
    return console.post("/console/import", browser, data=data, files={"file": (name, content)})


def vacancies(console) -> int:
    return console.all(select(func.count(Vacancy.id)))[0][0]


def test_bad_rows_are_shown_beside_their_reasons_then_the_fixed_sheet_imports(console):
    browser = console.sign_in(HUINING)
    before = vacancies(console)
    response = upload(console, browser, "春季.csv", csv_bytes(BAD))
    assert response.status_code == 303
    preview = console.get(response.headers["location"], browser).text
    rows = dict(re.findall(r'<tr class="bad" id="row-(\d+)">(.*?)</tr>', preview, re.S))
    assert set(rows) == {"3", "4", "5"}
    assert "缺少用人单位" in rows["3"] and "叉车工" in rows["3"]
    assert "招聘人数“十”不是正整数" in rows["4"] and "十" in rows["4"]
    assert "工作地点“火星”找不到" in rows["5"] and "火星" in rows["5"]
    assert 'id="confirm"' not in preview and vacancies(console) == before
    again = re.search(r'href="([^"]+)" id="again"', preview).group(1)
    assert "meeting=" in again

    response = upload(console, browser, "春季.xlsx", xlsx_bytes(GOOD))
    preview_path = response.headers["location"]
    preview = console.get(preview_path, browser).text
    assert "将新增3个" in preview and vacancies(console) == before  # checked, not written
    confirmed = console.form(preview_path + "/confirm", browser)
    assert confirmed.headers["location"] == preview_path
    assert vacancies(console) == before + 3
    done = console.get(preview_path, browser).text
    assert 'id="imported"' in done and "新增3" in done
    hosted = console.all(
        select(Meeting.host_agency_id, Meeting.held_on).where(Meeting.name == MEETING)
    )
    assert hosted[0][0] == console.world.agencies["会宁社区服务站"].id
    assert str(hosted[0][1]) == "2027-03-01"
    # Confirming again (a double click, a reload) imports nothing more.
    console.form(preview_path + "/confirm", browser)
    assert vacancies(console) == before + 3
    [(action, detail)] = console.all(
        select(AuditEntry.action, AuditEntry.detail).where(AuditEntry.action == "import")
    )
    assert detail["added"] == 3 and detail["via"] == "console" and detail["meeting"] == MEETING


def test_another_offices_meeting_cannot_be_imported_into(console):
    browser = console.sign_in(LANZHOU)
    response = upload(console, browser, "s.csv", csv_bytes(GOOD), meeting="会宁社区服务站洽谈会")
    assert response.status_code == 403 and "别的机构主办" in response.text


def test_the_meeting_name_and_date_are_checked(console):
    browser = console.sign_in(HUINING)
    assert upload(console, browser, "s.csv", csv_bytes(GOOD), meeting=" ").status_code == 400
    data = {"csrf": console.csrf(browser), "meeting": MEETING, "held_on": "明天"}
    files = {"file": ("s.csv", csv_bytes(GOOD))}
    response = console.post("/console/import", browser, data=data, files=files)
    assert response.status_code == 400 and "2026-11-20" in response.text


def test_a_deposit_row_is_held_shown_approved_then_listed(console):
    """As a new user would: a sheet with a 押金200元 row, held in the preview and after import,
    approved on its page, then listed to workers."""
    from bot import clock
    from bot.matching.ranking import SeekerFacts
    from bot.search import VacancySearch

    header = [*HEADER, "福利"]
    rows = [
        [*GOOD[0], "五险一金"],
        ["金城焊接有限公司", "电焊工", "白银区", "5", "7000元", "押金200元"],
    ]
    browser = console.sign_in(HUINING)
    preview_path = upload(console, browser, "押金.csv", spreadsheets.csv_bytes(header, rows))
    preview_path = preview_path.headers["location"]
    preview = console.get(preview_path, browser).text
    assert 'id="held"' in preview and "其中1个岗位将待审核" in preview
    assert re.search(r'id="held-3">.*收费：“押金200元”', preview, re.S)
    console.form(preview_path + "/confirm", browser)
    done = console.get(preview_path, browser).text
    [held_id] = [int(i) for i in re.findall(r'href="/console/vacancies/(\d+)">#', done)]
    assert "其中1个岗位待审核" in done

    async def welders() -> set[int]:
        async with console.app.state.sessions() as session:
            seeker = SeekerFacts(1, ("construction.welder",), "620402", "country")
            found = await VacancySearch().top(session, seeker, clock.local_today("UTC"), k=9)
            return {m.vacancy_id for m in found}

    assert held_id not in console.run(welders())
    listing = console.get("/console/vacancies?status=held", browser).text
    assert f"/console/vacancies/{held_id}" in listing and "待审核" in listing
    page = console.get(f"/console/vacancies/{held_id}", browser).text
    assert "收费：“押金200元”" in page and 'id="approve"' in page
    approved = console.form(f"/console/vacancies/{held_id}/approve", browser)
    assert approved.status_code == 303
    page = console.get(approved.headers["location"], browser).text
    assert 'id="approved"' in page and 'id="approve"' not in page
    assert held_id in console.run(welders())
    [(target, detail)] = console.all(
        select(AuditEntry.target, AuditEntry.detail).where(AuditEntry.action == "vacancy_approve")
    )
    assert target == f"vacancy:{held_id}" and detail["via"] == "console"


def test_another_offices_held_vacancy_cannot_be_approved(console):
    browser = console.sign_in(HUINING)
    rows = [["金城焊接有限公司", "电焊工", "白银区", "5", "7000元", "押金200元"]]
    location = upload(console, browser, "押金.csv", spreadsheets.csv_bytes([*HEADER, "福利"], rows))
    console.form(location.headers["location"] + "/confirm", browser)
    [held_id] = console.all(select(Vacancy.id).where(Vacancy.review == "held"))[0]
    other = console.sign_in(LANZHOU, console.new_browser())
    assert console.form(f"/console/vacancies/{held_id}/approve", other).status_code == 404
    assert console.all(select(Vacancy.review).where(Vacancy.id == held_id)) == [("held",)]


def test_a_vacancy_page_shows_workers_reports(console):
    from datetime import UTC, datetime

    from storage.models import Seeker, VacancyReport

    browser = console.sign_in(HUINING)
    location = upload(console, browser, "春季.csv", csv_bytes(GOOD))
    console.form(location.headers["location"] + "/confirm", browser)
    [vacancy_id] = console.all(select(Vacancy.id).where(Vacancy.title == "钢筋工"))[0]

    async def reported(session):
        seeker = Seeker(name="工友", phone="+8613900009999")
        session.add(seeker)
        await session.flush()
        at = datetime(2026, 12, 1, tzinfo=UTC)
        session.add(
            VacancyReport(vacancy_id=vacancy_id, seeker_id=seeker.id, text="要交押金", at=at)
        )

    assert 'id="reports"' not in console.get(f"/console/vacancies/{vacancy_id}", browser).text
    console.build(reported)
    page = console.get(f"/console/vacancies/{vacancy_id}", browser).text
    assert 'id="reports"' in page and "求职者举报1次" in page and "要交押金" in page
