"""Screenshots of every console page at desktop and 360-px phone width, for reviewers to look at.

    scripts/screenshots [DIR]        # PNGs into DIR (default: screenshots/, not committed)

A throwaway SQLite database gets the demo meeting and sample seekers; a real `gongyou serve`
serves it; the distribution's Chromium (Playwright as the driver) signs in by link and visits
each page.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "console")]

from browser import DESKTOP, PHONE, ServedConsole, chromium_problem, launch  # noqa: E402
from sample import ADMIN_ID, build  # noqa: E402

BAD_SHEET = (
    "用人单位,岗位名称,工作地点,招聘人数,月薪\n"
    "陇原建工集团,电焊工,白银区,8,面议\n"
    ",叉车工,白银区,10,\n"
    "陇原建工集团,钢筋工,白银区,十,\n"
    "陇原建工集团,木工,火星,3,\n"
)


def pages(page, base: str) -> list[tuple[str, str]]:
    """(name, path) of each page to photograph, found by following the console's own links."""
    page.goto(base + "/console/seekers")
    seeker = page.locator("#results a[href^='/console/seekers/']").first.get_attribute("href")
    # A vacancy someone applied to, reached from an applicant's page.
    links = page.locator("#results a[href^='/console/seekers/']")
    vacancy = "/console/vacancies"
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        page.goto(base + href)
        jobs = page.locator("#applications ~ table a[href^='/console/vacancies/']")
        if jobs.count():
            vacancy = jobs.first.get_attribute("href")
            break
    return [
        ("today", "/console/today"),
        ("vacancies", "/console/vacancies"),
        ("vacancy", vacancy),
        ("import", "/console/import"),
        ("seekers", "/console/seekers"),
        ("seeker", seeker),
        ("exports", "/console/exports"),
        ("audit", "/console/audit"),
    ]


def shoot(browser, served: ServedConsole, out: Path, width: str, viewport: dict) -> None:
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(served.login_link(ADMIN_ID))
    for name, path in pages(page, served.base):
        page.goto(served.base + path)
        page.screenshot(path=out / f"{name}-{width}.png", full_page=True)
    # The import preview with its bad rows, through the real upload form.
    page.goto(served.base + "/console/import")
    page.fill("#meeting", "截图用洽谈会")
    sheet = out / "bad-sheet.csv"
    sheet.write_text(BAD_SHEET, encoding="utf-8")
    page.set_input_files("#file", str(sheet))
    page.click("#check")
    page.wait_for_url(re.compile(r"/console/import/\d+$"))
    page.screenshot(path=out / f"import-preview-{width}.png", full_page=True)
    sheet.unlink()
    page.click("form[action='/console/language'] button")
    page.goto(served.base + "/console/today")
    page.screenshot(path=out / f"today-english-{width}.png", full_page=True)
    page.click("form[action='/console/logout'] button")
    page.screenshot(path=out / f"signed-out-{width}.png", full_page=True)
    context.close()


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    if problem := chromium_problem():
        print(f"cannot take screenshots: {problem}", file=sys.stderr)
        return 1
    out = Path(argv[0] if argv else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'screens.db'}"
        asyncio.run(build(url))
        with ServedConsole(url, Path(scratch)) as served, sync_playwright() as playwright:
            browser = launch(playwright)
            for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                shoot(browser, served, out, width, viewport)
            browser.close()
    shots = sorted(out.glob("*.png"))
    print(f"wrote {len(shots)} screenshots to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
