"""Import speed: 100,000 generated vacancy rows into SQLite through `gongyou import`'s code path.

Baseline, measured in the same run: the floor any importer has to pay — csv.reader plus one
executemany of the raw strings into a bare SQLite table, with no checking, resolving or upserting.
Target: the whole import in under 60 seconds on a 2-core machine.

    python benchmarks/bench_import.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.importing.reader import read_path  # noqa: E402
from bot.importing.service import import_table  # noqa: E402
from storage.engine import create_engine, session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

HEADER = [
    "编号",
    "用人单位",
    "岗位名称",
    "工作地点",
    "招聘人数",
    "月薪",
    "技能要求",
    "年龄要求",
    "截止日期",
    "福利",
]
PLACES = [
    "广东省深圳市宝安区",
    "江苏省苏州市昆山市",
    "浙江省宁波市北仑区",
    "甘肃省白银市会宁县",
    "新疆维吾尔自治区阿克苏地区阿克苏市",
    "北京市朝阳区",
    "福建省泉州市晋江市",
    "沙特阿拉伯",
    "苏丹",
    "兰州市城关区",
]
TITLES = [
    ("电子厂普工", "能吃苦"),
    ("电焊工", "有焊工证"),
    ("叉车工", "持叉车证"),
    ("保安", "退伍军人优先"),
    ("育儿嫂", "有经验"),
    ("钢筋工", ""),
    ("服务员", ""),
    ("采棉工", ""),
]
WAGES = ["4500-6500元", "8000-12000元", "6k-8k", "面议", "5000元", "4000~5000"]


def generate(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n in range(rows):
        title, skills = rng.choice(TITLES)
        writer.writerow(
            [
                f"B-{n:06d}",
                f"示例企业{rng.randrange(5000):04d}（示例）",
                title,
                rng.choice(PLACES),
                rng.randrange(1, 300),
                rng.choice(WAGES),
                skills,
                "18-50周岁",
                "2027-03-01",
                "包吃住",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def baseline(path: Path, database: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = list(reader)
    connection = sqlite3.connect(database)
    connection.execute(f"CREATE TABLE raw ({', '.join(f'c{i} TEXT' for i in range(len(HEADER)))})")
    connection.executemany(f"INSERT INTO raw VALUES ({', '.join('?' * len(HEADER))})", rows)
    connection.commit()
    connection.close()
    return time.perf_counter() - start


async def gongyou_import(path: Path, url: str) -> tuple[float, object]:
    start = time.perf_counter()
    engine = create_engine(url)
    report = await import_table(
        session_factory(engine), read_path(path), "基准测试洽谈会", source=path.name
    )
    await engine.dispose()
    return time.perf_counter() - start, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "meeting.csv"
        path.write_bytes(generate(args.rows))
        url = f"sqlite:///{Path(folder) / 'gongyou.db'}"
        upgrade(url)
        floor = baseline(path, Path(folder) / "floor.db")
        seconds, report = asyncio.run(gongyou_import(path, url))
        assert report.ok and report.added == args.rows, report.error_lines()[:5]
        again, second = asyncio.run(gongyou_import(path, url))
        assert second.added == 0 and second.unchanged == args.rows
    print(f"rows: {args.rows:,}")
    print(
        f"gongyou import:      {seconds:6.1f} s  {args.rows / seconds:9,.0f} rows/s  (target: < 60 s)"
    )
    print(f"re-import unchanged: {again:6.1f} s  {args.rows / again:9,.0f} rows/s")
    print(
        f"baseline raw insert: {floor:6.1f} s  {args.rows / floor:9,.0f} rows/s  (csv.reader + executemany, no checks)"
    )
    print(
        json.dumps(
            {
                "rows": args.rows,
                "seconds": round(seconds, 2),
                "rows_per_s": round(args.rows / seconds),
                "reimport_s": round(again, 2),
                "baseline_s": round(floor, 2),
                "baseline_rows_per_s": round(args.rows / floor),
            }
        )
    )


if __name__ == "__main__":
    main()
