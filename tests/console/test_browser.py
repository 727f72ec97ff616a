"""End to end in a real browser: the distribution's Chromium, driven by Playwright, against a
`gongyou serve` subprocess. Skipped (with the reason) where Chromium is missing; under CI=true
they must run."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from browser import DESKTOP, IN_CI, PHONE, ServedConsole, chromium_problem, launch
from sqlalchemy import select

from bot.matching.regions import regions
from storage.engine import create_engine, session_factory
from storage.models import Application, OutboxMessage, Seeker, Vacancy
from storage.seekers import apply

CLERK = 900_001
HEADER = "用人单位,岗位名称,工作地点,招聘人数,月薪\n"
GOOD = (
    "陇原建工集团,电焊工,会宁县,8,6000-8000元\n宝安精密电子有限公司,电子厂普工,深圳市宝安区,50,\n"
)
BAD_ROW = ",叉车工,会宁县,10,\n"  # row 3: no employer
MEETING = "会宁县2027年春季劳务洽谈会"


@pytest.fixture
def playwright_sync():
    if problem := chromium_problem():
        if IN_CI:
            pytest.fail(f"CI=true requires the browser tests to run: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def served(database_url, tmp_path):
    """A server on the test database, a 会宁 clerk, and 张三 from 会宁 who registered by SMS."""
    with ServedConsole(database_url, tmp_path) as server:
        server.cli("staff", "add", "--telegram-id", str(CLERK), "--agency", "会宁县劳务站",
                   "--region", "会宁县", "--name", "李专员")  # fmt: skip
        run(database_url, _register_zhang)
        yield server


def run(url: str, work):
    async def go():
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    # In its own thread: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, go()).result()


async def _register_zhang(session) -> None:
    session.add(
        Seeker(
            name="张三",
            phone="+8613912345678",
            region_code=regions().get("620422").code,
            occupations="construction.welder",
            channel="sms",
            dialog_data={},
        )
    )


async def _zhang_applies_for_welding(session) -> int:
    """What 张三 replying 报名 by SMS leaves behind: an application to the imported job."""
    seeker = await session.scalar(select(Seeker).where(Seeker.name == "张三"))
    job = await session.scalar(select(Vacancy).where(Vacancy.title == "电焊工"))
    application, _ = await apply(session, seeker, job)
    return application.id


def watch(page) -> list[str]:
    """Every CSP violation or script error the page reports, to be asserted empty."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def import_sheet(page, base: str, tmp: Path, content: str) -> None:
    sheet = tmp / "春季岗位.csv"
    sheet.write_text(content, encoding="utf-8")
    page.set_input_files("#file", str(sheet))
    page.click("#check")
    page.wait_for_url(re.compile(r"/console/import/\d+$"))


def test_sign_in_import_find_a_seeker_and_hire_them(
    playwright_sync, served, database_url, tmp_path
):
    from playwright.sync_api import expect

    browser = launch(playwright_sync)
    page = browser.new_context(viewport=DESKTOP).new_page()
    problems = watch(page)

    # Sign in by link: straight to Today, the clerk's office named.
    page.goto(served.login_link(CLERK))
    expect(page).to_have_url(f"{served.base}/console/today")
    expect(page.locator(".who")).to_contain_text("会宁县劳务站")
    assert page.evaluate("typeof htmx") == "object"  # the vendored file ran under the CSP

    # A sheet with a bad row: refused, the row shown beside its reason.
    page.click("nav >> text=导入")
    page.fill("#meeting", MEETING)
    import_sheet(page, served.base, tmp_path, HEADER + GOOD + BAD_ROW)
    expect(page.locator("#refused")).to_be_visible()
    bad = page.locator("#row-4")
    expect(bad.locator("td.reason")).to_have_text("缺少用人单位")
    expect(bad).to_contain_text("叉车工")
    expect(page.locator("#confirm")).to_have_count(0)

    # Fixed and imported.
    page.click("#again")
    expect(page.locator("#meeting")).to_have_value(MEETING)
    import_sheet(page, served.base, tmp_path, HEADER + GOOD)
    expect(page.locator("#ready")).to_contain_text("将新增2个")
    page.click("#confirm")
    expect(page.locator("#imported")).to_contain_text("新增2")

    # 张三 applies by SMS; the clerk finds him by name (htmx updates the list as they type).
    run(database_url, _zhang_applies_for_welding)
    page.click("nav >> text=求职者")
    page.fill("#q", "张三")
    expect(page).to_have_url(re.compile(r"q=%E5%BC%A0%E4%B8%89"))
    expect(page.locator("#count")).to_have_text("共1人")
    page.click("#results >> text=张三")

    # Hired: the row changes in place and the worker's notice is queued.
    row = page.locator("[id^=application-]")
    row.get_by_role("button", name="录用", exact=True).click()
    expect(row.locator(".notice")).to_have_text("已改好，通知已排队发给工人。")
    expect(row.locator(".status")).to_have_text("已录用")
    page.reload()
    expect(page.locator("#outbound")).to_contain_text("恭喜！陇原建工集团“电焊工”录用了您")
    expect(page.locator("#outbound")).to_contain_text("排队中")
    queued = run(
        database_url,
        lambda s: _rows(
            s, select(OutboxMessage.address, OutboxMessage.purpose, OutboxMessage.status)
        ),
    )
    assert queued == [("+8613912345678", "notice", "pending")]
    assert run(database_url, lambda s: _rows(s, select(Application.status))) == [("hired",)]
    assert problems == []
    browser.close()


async def _rows(session, query) -> list:
    return [tuple(row) for row in await session.execute(query)]


def test_everything_works_without_javascript_on_a_phone(playwright_sync, served, database_url):
    from playwright.sync_api import expect

    browser = launch(playwright_sync)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(served.login_link(CLERK))
    page.click("nav >> text=导入")
    page.fill("#meeting", MEETING)
    page.set_input_files(
        "#file",
        {"name": "s.csv", "mimeType": "text/csv", "buffer": (HEADER + GOOD).encode()},
    )
    page.click("#check")
    page.click("#confirm")
    expect(page.locator("#imported")).to_be_visible()
    run(database_url, _zhang_applies_for_welding)
    page.goto(served.base + "/console/seekers")
    page.fill("#q", "1391234")  # part of his phone number
    page.click("form.filters button[type=submit]")
    page.click("#results >> text=张三")
    page.get_by_role("button", name="已联系", exact=True).click()
    expect(page.locator(".notice")).to_have_text("已改好，通知已排队发给工人。")
    expect(page.locator("#outbound")).to_contain_text("工作人员已看到")
    # Nothing wider than the phone: no sideways scrolling on any page.
    for path in ("today", "vacancies", "seekers", "import", "exports"):
        page.goto(f"{served.base}/console/{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
    # Sign out: the back button shows nothing private.
    page.click("form[action='/console/logout'] button")
    expect(page.locator("#signed-out")).to_be_visible()
    page.goto(served.base + "/console/seekers")
    expect(page).to_have_url(f"{served.base}/console/signin")
    browser.close()
