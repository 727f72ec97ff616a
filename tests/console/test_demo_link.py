"""`gongyou demo` (what ./scripts/demo runs) prints a console link that opens on Today."""

from __future__ import annotations

import asyncio
import http.cookiejar
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from browser import START_SECONDS, STARTED, clean_env, free_port

from bot.demo import demo_login_link, foreign_data, prepare

# Every row of the demo sheet is an open vacancy.
DEMO_VACANCIES = (
    len(
        (Path(__file__).parents[2] / "bot/data/demo_meeting.csv")
        .read_text("utf-8-sig")
        .splitlines()
    )
    - 1
)


def test_the_demo_prints_a_link_that_opens_today_with_the_demo_figures(tmp_path):
    port = free_port()
    env = clean_env("", port)
    del env["GONGYOU_DATABASE_URL"]  # the demo's own database, as a new user would have it
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        demo = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "demo", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            deadline = time.monotonic() + START_SECONDS
            while STARTED not in err.read_text():
                assert demo.poll() is None and time.monotonic() < deadline, err.read_text()
                time.sleep(0.05)  # polling a condition with a deadline
            link = re.search(rf"http://127\.0\.0\.1:{port}/console/login/\S+", out.read_text())
            assert link, out.read_text()
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            with opener.open(link.group(0), timeout=30) as response:
                page = response.read().decode()
                assert response.url.endswith("/console/today")
            open_jobs = re.search(
                r'id="figure-open-vacancies"><span>[^<]*</span><b>(\d+)</b>', page
            )
            assert open_jobs and int(open_jobs.group(1)) == DEMO_VACANCIES
            assert "演示专员" in page
            meeting = re.search(r'<table class="list" id="meetings">.*?</table>', page, re.S)
            assert meeting and "2026年冬季华北劳务协作洽谈会（示例）" in meeting.group(0)
        finally:
            demo.send_signal(signal.SIGINT)
            demo.wait(timeout=30)


def test_the_demo_staff_member_is_not_data_a_reset_would_lose(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert prepare(url).ok
    asyncio.run(demo_login_link(url, "http://127.0.0.1:8080"))
    asyncio.run(demo_login_link(url, "http://127.0.0.1:8080"))  # twice: still one of each
    assert foreign_data(url) == []
