"""`gongyou import --dry-run` writes nothing: no rows, and no database file where none was."""

from __future__ import annotations

import pytest
from spreadsheets import csv_bytes

from bot.cli import main

HEADER = ["用人单位", "岗位", "工作地点", "招聘人数", "月薪"]
ROWS = [
    ["宝安精密电子有限公司", "电子厂普工", "深圳市宝安区", "120", "4500-6500元"],
    ["陇原建工集团", "电焊工", "兰州市城关区", "30", "8000"],
]


@pytest.fixture
def meeting_list(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(HEADER, ROWS))
    return path


@pytest.mark.parametrize("target", ["default", "named"])
def test_dry_run_on_a_database_that_does_not_exist_leaves_none(
    target, meeting_list, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    if target == "default":  # sqlite:///gongyou.db in the working directory
        monkeypatch.delenv("GONGYOU_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("GONGYOU_DATABASE_URL", f"sqlite:///{tmp_path / 'new' / 'x.db'}")
        (tmp_path / "new").mkdir()
    assert main(["import", str(meeting_list), "--meeting", "试运行", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "陇原建工集团 | 电焊工" in out
    assert "共2行，新增2，更新0，未变0" in out and "试运行：以上内容未写入数据库" in out
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert left == (["list.csv"] if target == "default" else ["list.csv", "new"])


def test_dry_run_with_bad_rows_on_a_missing_database_leaves_none(
    meeting_list, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GONGYOU_DATABASE_URL", raising=False)
    meeting_list.write_bytes(csv_bytes(HEADER, [*ROWS, ["", "普工", "深圳", "十", ""]]))
    assert main(["import", str(meeting_list), "--meeting", "试运行", "--dry-run"]) == 2
    assert "第4行" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["list.csv"]


def test_dry_run_on_an_existing_database_compares_with_what_it_holds(
    database_url, meeting_list, capsys
):
    assert main(["import", str(meeting_list), "--meeting", "春季"]) == 0
    changed = [ROWS[0], [*ROWS[1][:3], "40", ROWS[1][4]], ["新厂", "保安", "兰州市", "2", ""]]
    meeting_list.write_bytes(csv_bytes(HEADER, changed))
    capsys.readouterr()
    assert main(["import", str(meeting_list), "--meeting", "春季", "--dry-run"]) == 0
    assert "共3行，新增1，更新1，未变1" in capsys.readouterr().out
    assert main(["import", str(meeting_list), "--meeting", "春季"]) == 0
    assert "共3行，新增1，更新1，未变1" in capsys.readouterr().out
