"""Each limit refuses with its own message, in-process (the worker runs the same reader)."""

from __future__ import annotations

import pytest
from hostile import GOOD, HEADER, Part, inline, skeleton, vacancy_sheet, workbook, zip_bytes
from spreadsheets import csv_bytes

from bot.importing.limits import Limits
from bot.importing.reader import UnreadableFile, read_table

BAD_REFERENCE = b'<row r="2"><c r="ABCD2" t="inlineStr"><is><t>x</t></is></c></row>'
BAD_ROW = b'<row r="2.5"><c t="inlineStr"><is><t>x</t></is></c></row>'
PADDING = b"<!--" + b"0123456789" * 600 + b"-->"
CASES = [  # (case, file name, content, limits, key)
    ("file size", "a.csv", csv_bytes(HEADER, [GOOD]), Limits(file_bytes=10), "import.file_too_big"),
    ("parts", "a.xlsx", workbook(vacancy_sheet()), Limits(parts=4), "import.too_many_parts"),
    (
        "total size",
        "a.xlsx",
        workbook(vacancy_sheet()),
        Limits(total_bytes=1000),
        "import.total_too_big",
    ),
    (
        "other part size",
        "a.xlsx",
        zip_bytes(
            [
                *skeleton(shared=False),
                Part("docProps/app.xml", [b"<Properties>", PADDING, b"</Properties>"]),
            ]
        ),
        Limits(other_part_bytes=4096),
        "import.part_too_big",
    ),
    ("cells", "a.xlsx", workbook(vacancy_sheet()), Limits(cells=7), "import.too_many_cells"),
    ("cells", "a.csv", csv_bytes(HEADER, [GOOD, GOOD]), Limits(cells=11), "import.too_many_cells"),
    ("text", "a.csv", csv_bytes(HEADER, [GOOD]), Limits(text_chars=20), "import.too_much_text"),
    (
        "text",
        "a.xlsx",
        workbook([inline(1, HEADER)], []),
        Limits(text_chars=2),
        "import.too_much_text",
    ),
    (
        "cell reference",
        "a.xlsx",
        workbook([inline(1, HEADER), BAD_REFERENCE]),
        Limits(),
        "import.bad_reference",
    ),
    (
        "row number",
        "a.xlsx",
        workbook([inline(1, HEADER), BAD_ROW]),
        Limits(),
        "import.bad_reference",
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "content", "limits", "key"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES]
)
def test_each_limit_has_its_refusal(case, name, content, limits, key):
    with pytest.raises(UnreadableFile) as caught:
        read_table(content, name, limits)
    assert caught.value.key == key
    assert caught.value.message("zh_CN") and caught.value.message("en")


def test_a_file_at_the_limits_is_read():
    limits = Limits(rows=2, columns=4, cell_chars=6, cells=8)
    for name, content in (
        ("a.csv", csv_bytes(HEADER, [GOOD])),
        ("a.xlsx", workbook(vacancy_sheet())),
    ):
        table = read_table(content, name, limits)
        assert (table.header, table.rows) == (HEADER, [(2, GOOD)])
