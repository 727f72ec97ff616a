"""A Telegram /import of a hostile spreadsheet is refused in the worker while the server answers.

The worker is paused (SIGSTOP) while the import waits for it, so "the server answered meanwhile"
is a fact about ordering, not about timing: /healthz and another staff command are answered
while the import is provably unfinished, and the refusal arrives once the worker runs again.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    GOOD,
    HEADER,
    Repeat,
    import_workers,
    pause_worker,
    shared_row,
    workbook,
)
from spreadsheets import csv_bytes, xlsx_bytes
from telegram_harness import (  # noqa: F401 - the fixtures are used by name
    SECRET,
    TelegramHarness,
    bot_api_fixture,
    export,
    settings_for,
    user,
)

from bot.cli import main as cli
from messages import t

STAFF = user(800_101, "导入专员")
WEBHOOK = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
GIGA_STRING = [b"<si><t>", Repeat(b"x" * (1 << 20), 1500), b"</t></si>"]

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")


@pytest.fixture(name="desk")
def desk_fixture(database_url: str, bot_api, request) -> Iterator[TelegramHarness]:
    """The app on an empty database with STAFF registered for 白银."""
    add = ["staff", "add", "--telegram-id", str(STAFF["id"]), "--agency", "白银市就业局"]
    assert cli([*add, "--region", "白银市"]) == 0
    locale = getattr(request, "param", "zh_CN")
    with TelegramHarness(settings_for(database_url, bot_api, locale=locale), bot_api) as h:
        yield h


def document(desk: TelegramHarness, name: str, content: bytes, caption: str) -> dict[str, Any]:
    file_id = f"f{desk.next_update_id()}"
    desk.api.add_file(file_id, content)
    doc = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name}
    return desk.message(STAFF, document={**doc, "file_size": len(content)}, caption=caption)


def sent_texts(desk: TelegramHarness) -> list[str]:
    return [c.params["text"] for c in desk.api.calls("sendMessage")]


def test_a_hostile_upload_is_refused_while_the_server_keeps_answering(
    desk: TelegramHarness, capsys
):
    hostile = workbook([shared_row(1, [0])], GIGA_STRING)

    async def upload_and_answer_meanwhile() -> bool:
        """True once /healthz and a staff command were answered while the worker was stopped."""
        client = desk.client
        upload = document(desk, "春季.xlsx", hostile, "/import 春季")
        importing = asyncio.create_task(
            client.post("/telegram/webhook", json=upload, headers=WEBHOOK)
        )
        worker = await pause_worker()
        if worker is None:  # it finished before it could be stopped: the caller tries again
            assert (await importing).status_code == 200
            return False
        try:
            health = await client.get("/healthz")
            assert (health.status_code, health.json()) == (200, {"status": "ok"})
            other = desk.text(STAFF, "/vacancies")
            answered = await client.post("/telegram/webhook", json=other, headers=WEBHOOK)
            assert answered.status_code == 200
            assert sent_texts(desk)[-1] == t("staff.vacancies.none", "zh_CN")
            assert not importing.done()
        finally:
            os.kill(worker, signal.SIGCONT)
        assert (await importing).status_code == 200
        return True

    assert any(desk.run(upload_and_answer_meanwhile()) for _ in range(5))
    refusal = sent_texts(desk)[-1]
    assert refusal.startswith(t("import.failed_file", "zh_CN"))
    assert "“xl/sharedStrings.xml”解压后超过512MB" in refusal
    assert export("vacancies", capsys) == []
    assert import_workers() == []


@pytest.mark.parametrize("desk", ["en"], indirect=True)
def test_a_refusal_is_in_the_staff_language_and_a_good_file_still_imports(
    desk: TelegramHarness, capsys
):
    long_cell = csv_bytes(HEADER, [GOOD, ["单位" * 3000, *GOOD[1:]]])
    assert desk.post(document(desk, "长.csv", long_cell, "/import 春季")).status_code == 200
    assert sent_texts(desk)[-1] == "\n".join(
        [
            t("import.failed_file", "en"),
            t("import.cell_too_long_row", "en", row=3, limit=5000),
        ]
    )
    good = xlsx_bytes(HEADER, [GOOD])
    assert desk.post(document(desk, "好.xlsx", good, "/import 春季")).status_code == 200
    assert "1 added" in sent_texts(desk)[-1]
    assert [v["title"] for v in export("vacancies", capsys)] == ["电焊工"]
