"""What the console refuses: no session, no CSRF token, oversized or hostile uploads; and the
security headers on every response it gives."""

from __future__ import annotations

import re

import pytest
from console_harness import BASE
from hostile import Part, Repeat, skeleton, vacancy_sheet, workbook, zip_bytes
from sqlalchemy import func, select
from staff_world import ADMIN, HUINING, applied

from bot import clock
from bot.console.headers import CSP
from bot.console.web import UPLOAD_LIMIT
from storage.models import Application, AuditEntry, ConsoleUpload, OutboxMessage, Vacancy

MiB = 1024 * 1024
PAGES = [
    "/console/",
    "/console/today",
    "/console/vacancies",
    "/console/vacancies?q=电焊",
    "/console/vacancies/1",
    "/console/import",
    "/console/import/1",
    "/console/seekers",
    "/console/seekers?q=138",
    "/console/seekers/1",
    "/console/exports",
    "/console/exports/seekers.csv",
    "/console/exports/vacancies.csv",
    "/console/exports/applications.csv",
    "/console/audit",
]
ACTIONS = [
    "/console/logout",
    "/console/language",
    "/console/import",
    "/console/import/1/confirm",
    "/console/applications/1/status",
]
HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def an_application(console) -> int:
    """张三 (会宁) applied to 会宁's 普工 vacancy; the application's id."""
    world = console.world

    async def make(session):
        row = await applied(
            session,
            world.seekers["会宁张三"],
            world.vacancies["会宁普工"],
            "interested",
            clock.now(),
        )
        return row.id

    return console.build(make)


@pytest.mark.parametrize("path", PAGES)
def test_no_page_or_download_without_a_session(console, path):
    an_application(console)
    browser = console.new_browser()
    response = console.run(browser.get(path, follow_redirects=True))
    assert response.status_code == 200 and str(response.url) == f"{BASE}/console/signin"
    for private in ("张三", "13812341234", "电焊工", "\ufeffid"):
        assert private not in response.text


@pytest.mark.parametrize("path", ACTIONS)
def test_no_action_without_a_session(console, path):
    application = an_application(console)
    data = {"csrf": "x", "status": "hired", "meeting": "m", "locale": "en"}
    response = console.post(
        path.replace("/1/", f"/{application}/"), console.new_browser(), data=data
    )
    assert response.status_code == 403
    assert console.all(select(Application.status))[0][0] == "interested"
    assert console.all(select(func.count(OutboxMessage.id)))[0][0] == 0


@pytest.mark.parametrize("token", [None, "", "forged", "other session"])
def test_a_post_without_this_sessions_csrf_token_is_refused(console, token):
    application = an_application(console)
    browser = console.sign_in(HUINING)
    if token == "other session":
        token = console.csrf(console.sign_in(HUINING))
    data = {"status": "hired", "next": "/console/today"} | (
        {"csrf": token} if token is not None else {}
    )
    response = console.post(f"/console/applications/{application}/status", browser, data=data)
    assert response.status_code == 403 and "校验码" in response.text
    assert console.all(select(Application.status))[0][0] == "interested"
    assert console.all(select(func.count(OutboxMessage.id)))[0][0] == 0
    # Nor can a forged sign-out end the session.
    assert console.post("/console/logout", browser, data={"csrf": "forged"}).status_code == 403
    assert console.get("/console/today", browser).status_code == 200


def test_an_upload_without_csrf_is_refused(console):
    browser = console.sign_in(HUINING)
    files = {"file": ("s.csv", "用人单位,岗位,工作地点,招聘人数\n厂,普工,会宁,5\n".encode())}
    response = console.post("/console/import", browser, data={"meeting": "会"}, files=files)
    assert response.status_code == 403
    assert console.all(select(func.count(ConsoleUpload.id)))[0][0] == 0


def _upload_size_refused(console, browser, body) -> None:
    headers = {"content-type": "multipart/form-data; boundary=x"}
    response = console.post("/console/import", browser, content=body, headers=headers)
    assert response.status_code == 413 and "太大" in response.text
    assert console.all(select(func.count(ConsoleUpload.id)))[0][0] == 0


def test_an_upload_past_the_limit_is_refused_by_its_length(console):
    browser = console.sign_in(HUINING)
    _upload_size_refused(console, browser, b"x" * (UPLOAD_LIMIT + 128 * 1024))


def test_an_upload_past_the_limit_is_refused_without_a_length(console):
    # Chunked, with no Content-Length to trust: counted as it arrives.
    browser = console.sign_in(HUINING)

    async def chunks():
        for _ in range(UPLOAD_LIMIT // MiB + 2):
            yield b"x" * MiB

    _upload_size_refused(console, browser, chunks())


def _upload(console, browser, name: str, content: bytes):
    files = {"file": (name, content)}
    data = {"csrf": console.csrf(browser), "meeting": "会宁春季洽谈会"}
    response = console.post("/console/import", browser, data=data, files=files)
    assert response.status_code == 303, response.text
    return console.get(response.headers["location"], browser)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "bomb.xlsx",
            workbook(vacancy_sheet([Repeat(b" " * MiB, 400)])),
            "压缩炸弹",
        ),
        (
            "laughs.xlsx",
            zip_bytes(
                [
                    *skeleton(shared=True),
                    Part("xl/worksheets/sheet1.xml", [b"<worksheet/>"]),
                    Part(
                        "xl/sharedStrings.xml",
                        [
                            b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
                            b'<!ENTITY b "&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t></si></sst>'
                        ],
                    ),
                ]
            ),
            "DOCTYPE",
        ),
        ("not-a-sheet.xlsx", b"PK\x03\x04 this is no zip at all", "无法读取文件"),
    ],
    ids=["zip bomb", "entity expansion", "garbage"],
)
def test_hostile_sheets_are_refused_by_the_bounded_worker(console, name, content, says):
    browser = console.sign_in(HUINING)
    page = _upload(console, browser, name, content)
    assert page.status_code == 200
    refused = re.search(r'id="file-problem">(.*?)</p>', page.text, re.S)
    assert refused and says in refused.group(1), page.text
    assert 'id="confirm"' not in page.text
    assert console.all(select(func.count(Vacancy.id)))[0][0] == 4  # the world's four only
    assert console.get("/console/today", browser).status_code == 200


@pytest.mark.parametrize("name", ["sheet.exe", "sheet.csv.html", "sheet"])
def test_only_csv_and_xlsx_are_taken(console, name):
    browser = console.sign_in(HUINING)
    files = {"file": (name, b"a,b\n")}
    data = {"csrf": console.csrf(browser), "meeting": "会宁春季洽谈会"}
    response = console.post("/console/import", browser, data=data, files=files)
    assert response.status_code == 400 and "CSV 或 XLSX" in response.text


def _every_kind_of_response(console) -> list:
    """Pages, redirects, refusals, errors, static files and downloads, signed in and out."""
    out = console.new_browser()
    admin = console.sign_in(ADMIN)
    application = an_application(console)
    responses = [
        console.get(path, out) for path in ("/console/today", "/console/signin", "/console/nope")
    ]
    responses += [console.get("/console/logout", out), console.post("/console/today", out)]
    responses += [console.get(console.link(HUINING), out), console.get("/console/login/x", out)]
    responses += [console.get(path, admin) for path in PAGES + ["/console/vacancies/99999"]]
    responses += [
        console.get("/console/static/console.css", admin),
        console.get("/console/static/htmx.min.js", admin),
        console.get("/console/static/missing.js", admin),
        console.post("/console/logout", out, data={}),
        console.post(f"/console/applications/{application}/status", admin, data={}),
        console.form(f"/console/applications/{application}/status", admin, status="hired"),
        console.form("/console/applications/99999/status", admin, status="hired"),
        console.form(f"/console/applications/{application}/status", admin, status="bogus"),
    ]
    return responses


def test_every_response_carries_the_security_headers(console):
    responses = _every_kind_of_response(console)
    assert {r.status_code for r in responses} >= {200, 303, 400, 403, 404, 405}
    for response in responses:
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (response.request.url, name)
        if not response.request.url.path.startswith("/console/static/"):
            assert response.headers["cache-control"] == "no-store", response.request.url
    assert "unsafe-inline" not in CSP and "frame-ancestors 'none'" in CSP


def test_pages_hold_no_inline_script_or_style(console):
    for response in _every_kind_of_response(console):
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        html = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), response.request.url
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html), response.request.url


def test_uploaded_sheets_are_kept_per_staff_member(console):
    # One clerk's upload (and its bad rows) is not another's to see or confirm.
    huining = console.sign_in(HUINING)
    page = _upload(
        console, huining, "s.csv", "用人单位,岗位,工作地点,招聘人数\n厂,普工,会宁,5\n".encode()
    )
    upload_path = page.request.url.path
    admin = console.sign_in(ADMIN)
    assert console.get(upload_path, admin).status_code == 404
    assert console.form(upload_path + "/confirm", admin).status_code == 404
    assert console.all(select(func.count(AuditEntry.id)).where(AuditEntry.action == "import")) == [
        (0,)
    ]
