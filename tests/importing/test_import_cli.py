"""`gongyou import` end to end on real files, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
import spreadsheets
from spreadsheets import csv_bytes

from bot.cli import main

ZH_HEADER = [
    "编号",
    "用人单位",
    "岗位名称",
    "工作地点",
    "招聘人数",
    "月薪",
    "技能要求",
    "年龄要求",
    "截止日期",
    "出发日期",
    "福利",
    "联系电话",
]
ZH_ROWS = [
    [
        "T-001",
        "宝安精密电子有限公司",
        "电子厂普工",
        "深圳市宝安区",
        "120",
        "4500-6500元",
        "能吃苦",
        "18-45周岁",
        "2027-01-10",
        "2027-02-20",
        "包吃住",
        "0755-0000001",
    ],
    [
        "T-002",
        "宝安精密电子有限公司",
        "叉车工",
        "广东省深圳市宝安区",
        "10",
        "6k-8k",
        "有叉车证",
        "",
        "",
        "",
        "五险一金",
        "",
    ],
    [
        "T-003",
        "陇原建工集团",
        "电焊工",
        "兰州市城关区",
        "30",
        "8000-12000元",
        "会电焊，有焊工证",
        "20-55",
        "",
        "",
        "包住",
        "",
    ],
    [
        "T-004",
        "会宁县家政服务中心",
        "育儿嫂",
        "甘肃省白银市会宁县",
        "15",
        "面议",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "T-005",
        "丝路国际工程公司",
        "钢筋工",
        "沙特阿拉伯",
        "40",
        "1.2万",
        "出国劳务",
        "22-50岁",
        "",
        "2027-03-01",
        "包吃住 报销机票",
        "",
    ],
    ["T-006", "丝路国际工程公司", "木工", "苏丹", "25", "10000", "", "", "", "", "", ""],
]


def xlsx_bytes(header, rows) -> bytes:
    # Digits become number cells, as Excel stores a typed 120.
    return spreadsheets.xlsx_bytes(
        header, [[int(c) if c.isdigit() else c for c in r] for r in rows]
    )


def export(kind: str, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["export", kind, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


FILES = {
    "gbk.csv": lambda: csv_bytes(ZH_HEADER, ZH_ROWS, "gbk"),
    "bom.csv": lambda: csv_bytes(ZH_HEADER, ZH_ROWS, "utf-8-sig"),
    "english.csv": lambda: csv_bytes(
        [
            "ref",
            "employer",
            "title",
            "location",
            "headcount",
            "wage",
            "skills",
            "age",
            "deadline",
            "departure",
            "benefits",
            "contact",
        ],
        ZH_ROWS,
        "utf-8",
    ),
    "sheet.xlsx": lambda: xlsx_bytes(ZH_HEADER, ZH_ROWS),
}


@pytest.mark.parametrize("name", FILES)
def test_good_file_imports_and_reimport_changes_nothing(name, database_url, tmp_path, capsys):
    path = tmp_path / name
    path.write_bytes(FILES[name]())
    assert main(["import", str(path), "--meeting", "测试洽谈会", "--date", "2026-11-20"]) == 0
    assert "新增6" in capsys.readouterr().out
    first = export("vacancies", capsys)
    assert len(first) == 6
    by_ref = {v["ref"]: v for v in first}
    assert by_ref["T-001"]["region_code"] == "440306"
    assert by_ref["T-002"]["region_code"] == "440306"
    assert by_ref["T-003"]["region_code"] == "620102"
    assert by_ref["T-004"]["region_code"] == "620422"
    assert by_ref["T-005"]["country"] == "SA" and by_ref["T-005"]["region_code"] is None
    assert by_ref["T-006"]["country"] == "SD"
    assert (by_ref["T-001"]["wage_min"], by_ref["T-001"]["wage_max"]) == (4500, 6500)
    assert (by_ref["T-002"]["wage_min"], by_ref["T-002"]["wage_max"]) == (6000, 8000)
    assert by_ref["T-005"]["wage_min"] == 12000 and by_ref["T-004"]["wage_min"] is None
    assert (by_ref["T-001"]["age_min"], by_ref["T-001"]["age_max"]) == (18, 45)
    assert by_ref["T-005"]["departure"] == "2027-03-01"
    assert "construction.welder" in by_ref["T-003"]["occupations"]

    assert main(["import", str(path), "--meeting", "测试洽谈会"]) == 0
    assert "新增0，更新0，未变6" in capsys.readouterr().out
    assert export("vacancies", capsys) == first


BAD_ROWS = [
    ZH_ROWS[0],
    ["B-2", "", "普工", "深圳市宝安区", "10", "5000", "", "", "", "", "", ""],
    ["B-3", "某厂", "普工", "深圳市宝安区", "十", "5000", "", "", "", "", "", ""],
    ["B-4", "某厂", "普工", "亚特兰蒂斯", "10", "5000", "", "", "", "", "", ""],
    ["B-5", "某厂", "普工", "深圳市宝安区", "10", "abc", "", "", "", "", "", ""],
    ["B-6", "", "普工", "深圳市宝安区", "十", "abc", "", "", "", "", "", ""],
    ZH_ROWS[2],
]


def test_bad_rows_import_nothing_and_name_each_row(database_url, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(ZH_HEADER, BAD_ROWS, "gbk"))
    assert main(["import", str(path), "--meeting", "坏文件"]) == 2
    err = capsys.readouterr().err
    lines = {line.split("：", 1)[0]: line for line in err.splitlines() if line.startswith("第")}
    assert set(lines) == {"第3行", "第4行", "第5行", "第6行", "第7行"}
    assert "缺少用人单位" in lines["第3行"]
    assert "招聘人数“十”" in lines["第4行"]
    assert "亚特兰蒂斯" in lines["第5行"]
    assert "月薪“abc”" in lines["第6行"]
    assert all(reason in lines["第7行"] for reason in ("缺少用人单位", "十", "abc"))
    assert "5行有错误" in err
    assert export("vacancies", capsys) == []


def test_dry_run_writes_nothing(database_url, tmp_path, capsys):
    path = tmp_path / "meeting.csv"
    path.write_bytes(csv_bytes(ZH_HEADER, ZH_ROWS, "utf-8-sig"))
    assert main(["import", str(path), "--meeting", "试运行", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "宝安精密电子有限公司" in out and "新增6" in out and "试运行" in out
    assert export("vacancies", capsys) == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.csv", "用人单位,岗位\n某厂,普工\n".encode(), "缺少必需的列"),
        ("empty.csv", b"", "文件是空的"),
        ("binary.xlsx", bytes(range(256)) * 4, "无法读取"),
        ("notes.docx", b"PK", "不支持的文件类型"),
    ],
)
def test_unusable_file_is_refused_with_a_reason(
    name, content, expected, database_url, tmp_path, capsys
):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["import", str(path), "--meeting", "坏文件"]) == 2
    assert expected in capsys.readouterr().err


def test_missing_file(database_url, tmp_path, capsys):
    assert main(["import", str(tmp_path / "nope.csv"), "--meeting", "m"]) == 2
    assert "无法读取" in capsys.readouterr().err


LIMIT_ROWS = [
    ("long wage text", {"月薪": "面议" * 60}, "月薪太长"),
    ("long ref", {"编号": "R" * 97}, "编号太长"),
    ("huge headcount", {"招聘人数": "3000000000"}, "招聘人数"),
]


@pytest.mark.parametrize(("case", "change", "reason"), LIMIT_ROWS, ids=[c[0] for c in LIMIT_ROWS])
def test_values_past_column_widths_are_row_errors_on_both_databases(
    case, change, reason, database_url, tmp_path, capsys
):
    row = dict(zip(ZH_HEADER, ZH_ROWS[0], strict=True)) | change
    path = tmp_path / "limits.csv"
    path.write_bytes(csv_bytes(ZH_HEADER, [list(row.values())], "utf-8"))
    assert main(["import", str(path), "--meeting", "边界"]) == 2
    assert reason in capsys.readouterr().err
    assert export("vacancies", capsys) == []


def test_nul_bytes_and_xlsx_numbers_past_any_quota(database_url, tmp_path, capsys):
    nul = tmp_path / "nul.csv"
    nul.write_bytes(
        csv_bytes(ZH_HEADER, [ZH_ROWS[0][:6] + ["能\x00吃苦"] + ZH_ROWS[0][7:]], "utf-8")
    )
    assert main(["import", str(nul), "--meeting", "空字符"]) == 0
    rows = [ZH_ROWS[0][:4] + ["3000000000"] + ZH_ROWS[0][5:]]  # a number cell in the sheet
    huge = tmp_path / "huge.xlsx"
    huge.write_bytes(xlsx_bytes(ZH_HEADER, rows))
    assert main(["import", str(huge), "--meeting", "大数"]) == 2
    assert "招聘人数" in capsys.readouterr().err


def test_blank_or_overlong_meeting_name_is_refused(database_url, tmp_path, capsys):
    path = tmp_path / "m.csv"
    path.write_bytes(csv_bytes(ZH_HEADER, ZH_ROWS[:1], "utf-8"))
    assert main(["import", str(path), "--meeting", "会" * 201]) == 2
    assert "洽谈会名称" in capsys.readouterr().err


def test_a_ref_moved_to_another_employer_is_refused(database_url, tmp_path, capsys):
    path = tmp_path / "m.csv"
    path.write_bytes(csv_bytes(ZH_HEADER, ZH_ROWS, "utf-8"))
    assert main(["import", str(path), "--meeting", "洽谈会"]) == 0
    before = export("vacancies", capsys)
    # The sheet lost its first row and its refs were renumbered: T-001 now names another employer.
    renumbered = [[f"T-00{n}", *row[1:]] for n, row in enumerate(ZH_ROWS[2:], start=1)]
    path.write_bytes(csv_bytes(ZH_HEADER, renumbered, "utf-8"))
    assert main(["import", str(path), "--meeting", "洽谈会"]) == 2
    assert "编号“T-001”原来是另一家单位的岗位" in capsys.readouterr().err
    assert export("vacancies", capsys) == before


def test_a_400_digit_wage_is_a_row_error_not_a_crash(database_url, tmp_path, capsys):
    rows = [ZH_ROWS[0][:5] + ["9" * 400] + ZH_ROWS[0][6:], ZH_ROWS[1]]
    path = tmp_path / "wage.csv"
    path.write_bytes(csv_bytes(ZH_HEADER, rows, "utf-8"))
    assert main(["import", str(path), "--meeting", "大数工资"]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("第")]
    assert len(lines) == 1 and lines[0].startswith("第2行：") and "月薪“999" in lines[0]
    assert "Traceback" not in err and "1行有错误" in err
    assert export("vacancies", capsys) == []
