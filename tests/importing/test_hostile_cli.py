"""`gongyou import` refuses hostile files with one clear line, exit 2, and imports nothing."""

from __future__ import annotations

import pytest
import spreadsheets
from hostile import GOOD, HEADER, Repeat, shared_row, workbook

from bot.cli import main

GIGA_STRING = [b"<si><t>", Repeat(b"x" * (1 << 20), 1500), b"</t></si>"]
CASES = [  # (name, file name, content, fragment of the Chinese line, of the English line)
    (
        "a 1.5 GB shared string in 1.5 MB",
        "giga.xlsx",
        lambda: workbook([shared_row(1, [0])], GIGA_STRING),
        "“xl/sharedStrings.xml”解压后超过512MB",
        "“xl/sharedStrings.xml” in this XLSX file unpacks to more than 512 MB",
    ),
    (
        "a cell of 6,000 characters",
        "long.csv",
        lambda: spreadsheets.csv_bytes(HEADER, [GOOD, ["单位" * 3000, *GOOD[1:]]]),
        "第3行有单元格超过5000个字",
        "row 3 has a cell of more than 5000 characters",
    ),
    (
        "201 columns",
        "wide.csv",
        lambda: spreadsheets.csv_bytes(HEADER + ["备注"] * 197, [GOOD]),
        "第1行超过200列",
        "row 1 has more than 200 columns",
    ),
]


@pytest.mark.parametrize(("case", "name", "content", "zh", "en"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_refused_in_the_staff_language(
    case, name, content, zh, en, database_url, tmp_path, capsys, monkeypatch
):
    path = tmp_path / name
    path.write_bytes(content())
    assert main(["import", str(path), "--meeting", "恶意文件"]) == 2
    err = capsys.readouterr().err
    assert (
        zh in err and "导入失败：文件无法使用，未导入任何岗位。" in err and "Traceback" not in err
    )
    monkeypatch.setenv("GONGYOU_LOCALE", "en")
    assert main(["import", str(path), "--meeting", "恶意文件"]) == 2
    assert en in capsys.readouterr().err
    assert main(["export", "vacancies", "--format", "json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
