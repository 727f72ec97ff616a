"""`gongyou export`: the contract's columns, CSV with a BOM for Excel, JSON."""

from __future__ import annotations

import asyncio
import csv
import json
from datetime import date

import pytest

from bot.cli import main
from bot.demo import DEMO_DATE, load_demo

SEEKER_COLUMNS = {
    "id",
    "name",
    "phone",
    "telegram_id",
    "region_code",
    "region_name",
    "skills",
    "scope",
    "group",
    "locale",
    "opted_out",
    "created_at",
}


@pytest.fixture
async def demo(database_url):
    report = await load_demo(database_url)
    assert report.ok
    return report


@pytest.mark.parametrize("kind", ["seekers", "vacancies", "applications"])
def test_csv_starts_with_bom_and_header(kind, database_url, tmp_path):
    out = tmp_path / f"{kind}.csv"
    assert main(["export", kind, "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert "id" in header
    if kind == "seekers":
        assert set(header) >= SEEKER_COLUMNS


def test_vacancies_json_after_demo(demo, database_url, tmp_path):
    out = tmp_path / "v.json"
    assert main(["export", "vacancies", "--format", "json", "-o", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == demo.added >= 300
    assert {r["country"] for r in rows if r["country"]} >= {"SA", "SD"}
    assert all(r["region_name"] for r in rows if r["region_code"])


def test_demo_dates_move_with_the_calendar(database_url, capsys):
    later = date(2028, 6, 1)
    assert asyncio.run(load_demo(database_url, today=later)).ok
    assert main(["export", "vacancies", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    deadlines = [date.fromisoformat(r["deadline"]) for r in rows if r["deadline"]]
    assert deadlines and min(deadlines) > later > DEMO_DATE


def test_csv_cells_never_run_as_excel_formulas(database_url, tmp_path, capsys):
    path = tmp_path / "evil.csv"
    employer = '=HYPERLINK("http://x","点我")'
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["编号", "用人单位", "岗位", "工作地点", "招聘人数", "福利"],
                ["E1", employer, "普工", "深圳市宝安区", "5", "@SUM(1)"],
            ]
        )
    assert main(["import", str(path), "--meeting", "m"]) == 0
    out = tmp_path / "v.csv"
    assert main(["export", "vacancies", "-o", str(out)]) == 0
    record = next(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert (record["employer"], record["benefits"]) == ("'" + employer, "'@SUM(1)")
    capsys.readouterr()
    assert main(["export", "vacancies", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["employer"] == employer  # JSON stays exact
