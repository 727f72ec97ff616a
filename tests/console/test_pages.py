"""The pages' content: Today's figures and charts, list filters, exports, the audit log."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from console_harness import listed_names
from sqlalchemy import update
from staff_world import ADMIN, HUINING, applied

from bot import clock
from bot.console.svg import panel_svg
from bot.exporting import EXPORTS
from bot.staff.panels import Panel
from storage.models import ApplicationEvent, OutboxMessage, Seeker, Vacancy

TITLE = re.compile(r'<a href="/console/vacancies/\d+">#\d+ ([^<]*)</a>')


def figure(page: str, name: str) -> tuple[int, str]:
    """A Today figure: (today's number, the line under it)."""
    found = re.search(
        rf'id="figure-{name}"><span>[^<]*</span><b>(\d+)</b>(?:<small>([^<]*)</small>)?', page
    )
    assert found, name
    return int(found.group(1)), found.group(2) or ""


def test_today_counts_todays_and_this_weeks_work(console):
    world, now = console.world, clock.now()
    long_ago = now - timedelta(days=30)
    console.write(update(Seeker).values(created_at=long_ago))
    console.write(update(Seeker).where(Seeker.name == "张三").values(created_at=now))
    job = world.vacancies["会宁普工"]

    async def make(session):
        hired = await applied(session, world.seekers["会宁张三"], job, "hired", now)
        session.add(ApplicationEvent(application_id=hired.id, status="hired", at=now))
        for status in ("sent", "delivered", "failed", "pending"):
            session.add(
                OutboxMessage(
                    seeker_id=world.seekers["会宁张三"].id,
                    channel="sms",
                    address="+8613812341234",
                    text="x",
                    status=status,
                    created_at=now,
                    sent_at=now if status in ("sent", "delivered") else None,
                    due_at=now,
                )
            )
        # 兰州's worker got a message too: not 会宁's to count.
        session.add(
            OutboxMessage(
                seeker_id=world.seekers["兰州王五"].id,
                channel="sms",
                address="+8613700000002",
                text="x",
                status="sent",
                sent_at=now,
                due_at=now,
            )
        )

    console.build(make)
    page = console.get("/console/today", console.sign_in(HUINING)).text
    assert figure(page, "seekers")[0] == 1
    assert figure(page, "applications")[0] == 1
    assert figure(page, "hires")[0] == 1
    assert figure(page, "sent")[0] == 2
    assert figure(page, "failed")[0] == 1
    assert figure(page, "seekers-total")[0] == 2
    assert figure(page, "open-vacancies") == (1, "空缺名额 10")  # 会宁 posted one job of ten
    assert page.count("<svg") == 3 and "求职者家乡（省）" in page and "甘肃" in page


def test_charts_are_svg_text_escaped(console):
    svg = panel_svg(Panel("<标题>", [("<script>alert(1)</script>", 3), ("甘肃", 1)]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 2 and "style=" not in svg


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({}, {"电焊工", "电子厂普工", "保安", "司机"}),
        ({"trade": "电焊"}, {"电焊工"}),
        ({"place": "沙特"}, {"司机"}),
        ({"place": "白银"}, {"电焊工"}),
        ({"place": "兰州"}, {"保安"}),
        ({"q": "陇原"}, {"电焊工", "保安", "司机"}),
        ({"q": "陇原 兰州"}, {"保安"}),
        ({"status": "closed"}, set()),
    ],
)
def test_vacancy_filters(console, params, titles):
    page = console.get("/console/vacancies", console.sign_in(ADMIN), params=params).text
    assert set(TITLE.findall(page)) == titles


def test_closed_vacancies_and_meeting_filter(console):
    world = console.world
    console.write(update(Vacancy).where(Vacancy.title == "保安").values(status="filled"))
    admin = console.sign_in(ADMIN)
    assert set(TITLE.findall(console.get("/console/vacancies?status=closed", admin).text)) == {
        "保安"
    }
    meeting = world.vacancies["白银焊工"].meeting_id
    page = console.get(f"/console/vacancies?status=all&meeting={meeting}", admin).text
    assert set(TITLE.findall(page)) == {"电焊工"}


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"q": "张"}, {"张三"}),
        ({"q": "1381234"}, {"张三"}),
        ({"q": "+86 137"}, {"王五"}),
        ({"place": "会宁"}, {"张三"}),
        ({"place": "兰州"}, {"王五"}),
        ({"place": "火星"}, set()),
        ({"trade": "电焊"}, {"李四"}),
        ({"trade": "不存在的手艺"}, set()),
    ],
)
def test_seeker_search(console, params, names):
    console.write(
        update(Seeker).where(Seeker.name == "李四").values(occupations="construction.welder")
    )
    page = console.get("/console/seekers", console.sign_in(ADMIN), params=params).text
    assert set(listed_names(page)) == names


def test_exports_are_the_clis_csv_limited_to_the_scope(console):
    browser = console.sign_in(HUINING)
    response = console.get("/console/exports/seekers.csv", browser)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="gongyou-')
    assert response.text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == EXPORTS["seekers"].columns
    assert {row[1] for row in rows[1:]} == {"张三", "李四"}
    assert console.get("/console/exports/nothing.csv", browser).status_code == 404


def test_the_audit_log_is_for_admins(console):
    assert console.get("/console/audit", console.sign_in(HUINING)).status_code == 403
    admin = console.sign_in(ADMIN)
    console.get("/console/exports/vacancies.csv", admin)
    page = console.get("/console/audit", admin).text
    assert "导出" in page and "登录" in page and "vacancies" in page


def test_htmx_is_vendored_with_its_licence(console):
    response = console.get("/console/static/htmx.min.js", console.new_browser())
    assert response.status_code == 200
    assert response.text.startswith("/*! htmx 2.0.11") and "Zero-Clause BSD" in response.text[:600]
