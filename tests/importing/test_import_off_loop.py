"""The row check (a place resolved for every row) runs in a thread, not on the event loop."""

from __future__ import annotations

import threading

from spreadsheets import csv_bytes

from bot.importing.reader import read_table
from bot.importing.service import import_table
from storage.engine import create_engine, session_factory

HEADER = ["用人单位", "岗位名称", "工作地点", "招聘人数"]
ROWS = [["陇原建工集团", "电焊工", "白银区", str(n)] for n in range(1, 51)]


async def test_rows_are_checked_off_the_event_loop(database_url):
    engine = create_engine(database_url)
    checked_in: set[int] = set()
    try:
        report = await import_table(
            session_factory(engine),
            read_table(csv_bytes(HEADER, ROWS), "m.csv"),
            "线程洽谈会",
            dry_run=True,  # a dry run reports progress only from the check
            progress=lambda n: checked_in.add(threading.get_ident()),
        )
    finally:
        await engine.dispose()
    assert report.ok and report.added == len(ROWS)
    assert checked_in and threading.get_ident() not in checked_in
