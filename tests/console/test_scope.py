"""Staff of one county never see another county's seekers: lists, searches, pages, downloads,
and actions all apply the Telegram staff commands' scope (storage.staff.Scope)."""

from __future__ import annotations

import re

import pytest
from console_harness import listed_names
from sqlalchemy import func, select
from staff_world import ADMIN, BAIYIN, HUINING, LANZHOU, PROVINCE, applied

from bot import clock
from storage.models import Application, OutboxMessage

WANG_PHONE = "+8613700000002"  # 王五, from 兰州


@pytest.mark.parametrize(
    ("telegram_id", "names"),
    [
        (ADMIN, {"张三", "李四", "王五", "（未留姓名）"}),
        (PROVINCE, {"张三", "李四", "王五"}),
        (BAIYIN, {"张三", "李四"}),
        (HUINING, {"张三", "李四"}),
        (LANZHOU, {"王五"}),
    ],
)
def test_seeker_list_is_the_staff_members_scope(console, telegram_id, names):
    page = console.get("/console/seekers", console.sign_in(telegram_id)).text
    assert set(listed_names(page)) == names


def _wang_applied_to_huining(console) -> int:
    world = console.world

    async def make(session):
        row = await applied(
            session,
            world.seekers["兰州王五"],
            world.vacancies["会宁普工"],
            "interested",
            clock.now(),
        )
        return row.id

    return console.build(make)


def test_huining_never_sees_lanzhous_seeker(console):
    browser = console.sign_in(HUINING)
    wang = console.world.seekers["兰州王五"]
    for query in ("王五", "13700000002", "0000000"):
        page = console.get("/console/seekers", browser, params={"q": query}).text
        assert "王五" not in listed_names(page) and WANG_PHONE not in page
    assert console.get(f"/console/seekers/{wang.id}", browser).status_code == 404
    for kind in ("seekers", "applications"):
        csv = console.get(f"/console/exports/{kind}.csv", browser).text
        assert "王五" not in csv and "13700000002" not in csv
    assert "张三" in console.get("/console/exports/seekers.csv", browser).text
    lanzhou_job = console.world.vacancies["兰州保安"]
    assert console.get(f"/console/vacancies/{lanzhou_job.id}", browser).status_code == 404
    today = console.get("/console/today", browser).text
    total = re.search(r'id="figure-seekers-total"><span>[^<]*</span><b>(\d+)</b>', today)
    assert total and total.group(1) == "2"


def test_an_applicant_from_elsewhere_shows_masked_and_unlinked(console):
    # 王五 (兰州) applied to a job 会宁 posted: 会宁 follows the application, as on Telegram, but
    # the person stays 兰州's: no profile link, no full phone number.
    _wang_applied_to_huining(console)
    browser = console.sign_in(HUINING)
    job = console.world.vacancies["会宁普工"]
    page = console.get(f"/console/vacancies/{job.id}", browser).text
    assert "王五" in page and "137****0002" in page and WANG_PHONE not in page
    assert "王五" not in listed_names(page)
    lanzhou = console.get(f"/console/vacancies/{job.id}", console.sign_in(LANZHOU))
    assert lanzhou.status_code == 404  # 会宁's job is not 兰州's to see


def test_status_of_an_application_out_of_scope_cannot_be_changed(console):
    world = console.world

    async def make(session):
        row = await applied(
            session,
            world.seekers["兰州王五"],
            world.vacancies["兰州保安"],
            "interested",
            clock.now(),
        )
        return row.id

    application = console.build(make)
    browser = console.sign_in(HUINING)
    response = console.form(f"/console/applications/{application}/status", browser, status="hired")
    assert response.status_code == 404
    assert console.all(select(Application.status)) == [("interested",)]
    assert console.all(select(func.count(OutboxMessage.id))) == [(0,)]


def test_vacancy_list_is_the_staff_members_scope(console):
    titles = re.compile(r'<a href="/console/vacancies/\d+">#\d+ ([^<]*)</a>')
    for telegram_id, expected in (
        (HUINING, {"电子厂普工"}),
        (LANZHOU, {"保安"}),
        (ADMIN, {"电焊工", "电子厂普工", "保安", "司机"}),
    ):
        page = console.get("/console/vacancies", console.sign_in(telegram_id)).text
        assert set(titles.findall(page)) == expected
