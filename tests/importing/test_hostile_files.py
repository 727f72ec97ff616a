"""Hostile spreadsheets are refused in the bounded worker before they are expanded.

Each refusal names the check that made it. The zip-directory checks (part size, compression
ratio) decompress nothing; the XML scan streams and keeps nothing; only the memory and time
limits of the worker are a backstop, and a refusal by them would mean expansion had begun.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import random
import signal
from datetime import datetime
from pathlib import Path

import pytest
import spreadsheets
from hostile import (
    GOOD,
    HEADER,
    Part,
    Repeat,
    import_workers,
    inline,
    pause_worker,
    shared_row,
    skeleton,
    vacancy_sheet,
    workbook,
    zip_bytes,
)

from bot.importing.limits import LIMITS, MB, Limits
from bot.importing.reader import UnreadableFile
from bot.importing.worker import read_in_worker
from messages import t

MiB = 1 << 20
# The file: 1.5 MB on disk, one shared string of 1.5 GB.
GIGA_STRING = [b"<si><t>", Repeat(b"x" * MiB, 1500), b"</t></si>"]
# The other file: twenty million tiny shared strings, 340 MB of XML in a few hundred KB.
TINY = b"<si><t>a</t></si>"
TWENTY_MILLION = [Repeat(TINY * (MiB // len(TINY)), 20_000_000 // (MiB // len(TINY)) + 1)]


async def refusal(data: bytes, name: str = "hostile.xlsx", limits: Limits = LIMITS):
    with pytest.raises(UnreadableFile) as caught:
        await read_in_worker(data, name, limits)
    error = caught.value
    assert error.message("zh_CN") and error.message("en")  # a sentence in either language
    return error


def csv_text(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


async def test_a_gigabyte_shared_string_is_refused_by_the_zip_directory():
    data = workbook([shared_row(1, [0])], GIGA_STRING)
    assert len(data) < 2 * MB
    error = await refusal(data)
    assert error.key == "import.part_too_big"
    assert error.params["part"] == "xl/sharedStrings.xml"
    assert "xl/sharedStrings.xml" in error.message("zh_CN") and "未导入" in error.message("zh_CN")


async def test_twenty_million_tiny_shared_strings_are_refused_unread():
    error = await refusal(workbook([shared_row(1, [0])], TWENTY_MILLION))
    assert error.key == "import.compression_ratio"
    assert error.params["ratio"] > LIMITS.ratio


async def test_more_shared_strings_than_the_limit_are_counted_not_kept():
    # Distinct strings compress like real ones, so only counting them can refuse the file; the
    # declared uniqueCount="1" is not believed.
    strings = [f"<si><t>{n}</t></si>".encode() for n in range(1001)]
    limits = Limits(shared_strings=1000)
    error = await refusal(workbook([shared_row(1, [0])], strings), limits=limits)
    assert error.key == "import.too_many_strings" and error.params["limit"] == 1000


async def test_a_zip_bomb_sheet_is_refused_unread():
    spaces = [Repeat(b" " * MiB, 400)]
    error = await refusal(workbook(vacancy_sheet(spaces)))
    assert error.key == "import.compression_ratio"
    assert error.params["part"] == "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize(
    ("declared", "key"),
    [(LIMITS.part_bytes + 1, "import.part_too_big"), (600, "import.unreadable")],
    ids=["declared larger than the limit", "declared smaller than it expands"],
)
async def test_a_lying_zip_directory_is_refused(declared, key):
    # A sheet that says it is huge is refused unread; one that says it is small is cut off at
    # that size by the zip reader, and its checksum gives it away.
    rows = [inline(n, GOOD) for n in range(3, 3000)]
    error = await refusal(workbook(vacancy_sheet(rows), sheet_size=declared))
    assert error.key == key


@pytest.mark.parametrize(
    "last_row", [LIMITS.rows + 1, 1_048_576], ids=["one past the limit", "Excel's last row"]
)
async def test_too_many_rows_in_a_sheet(last_row):
    error = await refusal(workbook(vacancy_sheet([inline(last_row, GOOD)])))
    assert error.key == "import.too_many_rows" and error.params["limit"] == LIMITS.rows


async def test_too_many_rows_in_a_csv():
    # The same streaming check as a sheet's rows; a small limit keeps the file small.
    limits = Limits(rows=1000)
    assert (
        len((await read_in_worker(csv_text([HEADER] + [GOOD] * 999), "ok.csv", limits)).rows) == 999
    )
    error = await refusal(csv_text([HEADER] + [GOOD] * 1000), "big.csv", limits)
    assert error.key == "import.too_many_rows" and error.params["limit"] == 1000


async def test_a_cell_in_excels_last_column_is_refused_before_openpyxl_pads_the_row():
    far = b'<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'
    error = await refusal(workbook([inline(1, HEADER), far]))
    assert (error.key, error.params["row"]) == ("import.too_many_columns", 2)


async def test_too_many_columns_in_a_csv():
    error = await refusal(csv_text([HEADER + ["备注"] * LIMITS.columns, GOOD]), "wide.csv")
    assert (error.key, error.params["row"]) == ("import.too_many_columns", 1)


@pytest.mark.parametrize("length", [LIMITS.cell_chars + 1, 200_000])
async def test_an_overlong_cell_is_refused_with_its_row(length):
    # 200,000 characters is past csv's own field limit too: the worker's message is ours.
    text = "".join(str(n % 10) for n in range(length))
    table = await refusal(csv_text([HEADER, GOOD, [text, *GOOD[1:]]]), "long.csv")
    assert (table.key, table.params["row"]) == ("import.cell_too_long_row", 3)
    if length < 10 * LIMITS.cell_chars:  # longer ones are refused before expat reads them
        sheet = await refusal(workbook(vacancy_sheet([inline(3, [text, *GOOD[1:]])])))
        assert (sheet.key, sheet.params["row"]) == ("import.cell_too_long_row", 3)


@pytest.mark.parametrize("where", ["text", "attribute"])
async def test_a_megabyte_between_two_tags_is_refused_before_expat_builds_it(where):
    # expat hands a text or an attribute over as one string: a 1.5 GB one would be 1.5 GB.
    big = "".join(random.Random(7).choices("0123456789", k=1 << 20))  # compresses like text
    cell = (
        f'<c r="A3" t="inlineStr"><is><t>{big}</t></is></c>'
        if where == "text"
        else f'<c r="A3" t="inlineStr" x="{big}"><is><t>x</t></is></c>'
    )
    row = f'<row r="3">{cell}</row>'.encode()
    error = await refusal(workbook(vacancy_sheet([row])))
    assert error.key == "import.cell_too_long"


async def test_an_overlong_shared_string_is_refused_while_streaming():
    text = "".join(str(n) for n in range(2000)).encode()  # 6,890 characters that barely compress
    error = await refusal(workbook([shared_row(1, [0])], [b"<si><t>", text, b"</t></si>"]))
    assert error.key == "import.cell_too_long"


async def test_entity_declarations_are_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t></si></sst>'
    )
    parts = [*skeleton(shared=True), Part("xl/worksheets/sheet1.xml", [b"<worksheet/>"])]
    parts.append(Part("xl/sharedStrings.xml", [laughs]))
    error = await refusal(zip_bytes(parts))
    assert error.key == "import.xml_doctype"


async def test_the_memory_limit_stops_what_the_checks_would_have_refused():
    # With every check lifted the same gigabyte string reaches openpyxl, which runs into the
    # worker's memory limit: the checks above refuse before that expansion, not because of it.
    lifted = Limits(
        part_bytes=4096 * MB,
        total_bytes=4096 * MB,
        ratio=10**6,
        cell_chars=10**10,
        text_chars=10**10,
        memory_bytes=128 * MB,
    )
    strings = [b"<si><t>", Repeat(b"x" * MiB, 150), b"</t></si>"]
    error = await refusal(workbook([shared_row(1, [0])], strings), limits=lifted)
    assert error.key == "import.worker_memory" and error.params["limit"] == 128


async def test_the_time_limit_kills_the_worker():
    # Starting Python and importing openpyxl alone takes longer than this limit.
    data = spreadsheets.xlsx_bytes(HEADER, [GOOD])
    error = await refusal(data, limits=Limits(seconds=0.001))
    assert error.key == "import.worker_timeout"
    assert import_workers() == []  # killed and reaped, not left behind


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
async def test_a_worker_killed_from_outside_is_a_refusal_not_a_crash():
    # What the kernel's OOM killer would do: the import is refused, the server carries on.
    data = workbook(vacancy_sheet([inline(n, GOOD) for n in range(3, 2000)]))
    for _attempt in range(5):
        reading = asyncio.create_task(read_in_worker(data, "killed.xlsx"))
        worker = await pause_worker()
        if worker is not None:
            break
        await reading  # it finished before it could be stopped: try again
    else:
        pytest.fail("the worker always finished before it could be stopped")
    os.kill(worker, signal.SIGKILL)
    with pytest.raises(UnreadableFile) as caught:
        await reading
    assert caught.value.key == "import.worker_failed"


async def test_a_false_dimension_does_not_pad_the_rows():
    data = workbook(vacancy_sheet(), dimension="A1:XFD1048576")
    table = await read_in_worker(data, "claims.xlsx")
    assert table.header == HEADER and table.rows == [(2, GOOD)]


async def test_an_excel_workbook_comes_back_whole_through_the_worker():
    rows = [[*GOOD[:3], 8, datetime(2027, 1, 15), 4500.5, True, None, "T-1"]]
    header = [*HEADER, "截止日期", "月薪", "包住", "备注", "编号"]
    table = await read_in_worker(spreadsheets.xlsx_bytes(header, rows), "excel.xlsx")
    assert table.header == header
    assert table.rows == [(2, rows[0])]


async def test_a_csv_comes_back_whole_through_the_worker():
    table = await read_in_worker(spreadsheets.csv_bytes(HEADER, [GOOD], "gbk"), "gbk.csv")
    assert (table.header, table.rows) == (HEADER, [(2, GOOD)])


def test_refusals_are_in_both_catalogs():
    for key in ("import.part_too_big", "import.worker_memory", "import.too_many_rows"):
        assert t(key, "zh_CN", part="p", limit=1, row=1) != t(key, "en", part="p", limit=1, row=1)
