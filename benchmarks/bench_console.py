"""Staff console page times at 10,000 vacancies and 100,000 seekers, against /healthz.

A real `gongyou serve` (a subprocess) serves a database filled here in bulk; one keep-alive
client signs in by link as an admin and as a county clerk (whose scope is the heavier query)
and asks for each page `--rounds` times. Target: every page's median under 200 ms; /healthz in
the same run shows what the HTTP round trip itself costs on this machine.

    python benchmarks/bench_console.py [--vacancies 10000] [--seekers 100000] [--rounds 15]
                                       [--database-url URL]   # default: a fresh SQLite file
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "console")]

import httpx  # noqa: E402
from browser import ServedConsole  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

from storage.engine import configure, sync_url  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    Agency,
    Application,
    Employer,
    InboundMessage,
    Meeting,
    OutboxMessage,
    Seeker,
    Staff,
    Vacancy,
)

TARGET_MS = 200.0
ADMIN, CLERK = 1, 2
HOMES = ["620422", "620402", "620421", "620102", "410102", "510104", "440306", "622421", "130102"]
PLACES = ["440306", "320583", "330206", "620402", "110105", "350205", "650101", "620422"]
TRADES = ["construction.welder", "manufacturing.assembly", "security.guard", "domestic.nanny"]
TITLES = ["电焊工", "电子厂普工", "保安", "育儿嫂", "叉车工", "钢筋工"]
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "建国秀英志强桂兰伟海燕磊丽勇芳明小红国庆霞军梅"


def fill(url: str, vacancies: int, seekers: int) -> None:
    """Agencies, staff, meetings, vacancies, seekers, applications, messages: in bulk."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    engine = create_engine(sync_url(url))
    configure(engine, url)
    with engine.begin() as db:
        db.execute(insert(Agency), [
            {"id": 1, "name": "甘肃省中心", "level": "province", "region_code": "620000", "created_at": now, "updated_at": now},
            {"id": 2, "name": "会宁县劳务站", "level": "community", "parent_id": 1, "region_code": "620422", "created_at": now, "updated_at": now},
        ])  # fmt: skip
        db.execute(insert(Staff), [
            {"telegram_id": ADMIN, "agency_id": 1, "role": "admin", "created_at": now, "updated_at": now},
            {"telegram_id": CLERK, "agency_id": 2, "role": "staff", "created_at": now, "updated_at": now},
        ])  # fmt: skip
        meetings = [
            {"id": n, "name": f"洽谈会{n}", "host_agency_id": 2 if n % 4 == 0 else 1,
             "created_at": now, "updated_at": now}
            for n in range(1, 41)
        ]  # fmt: skip
        db.execute(insert(Meeting), meetings)
        db.execute(insert(Employer), [
            {"id": n, "name": f"示例企业{n}有限公司", "created_at": now, "updated_at": now}
            for n in range(1, 501)
        ])  # fmt: skip
        db.execute(insert(Vacancy), [
            {"meeting_id": 1 + n % 40, "employer_id": 1 + n % 500, "title": TITLES[n % 6],
             "occupations": TRADES[n % 4], "location_text": "某地", "region_code": PLACES[n % 8],
             "headcount": 10 + n % 50, "filled": 0, "wage_text": "5000-7000元", "wage_unit": "month",
             "wage_min": 5000, "wage_max": 7000, "status": "open" if n % 10 else "closed",
             "source_key": f"k{n}", "content_hash": f"h{n}",
             "created_at": now - timedelta(minutes=n), "updated_at": now}
            for n in range(vacancies)
        ])  # fmt: skip
        rows = []
        for n in range(seekers):
            rows.append({
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                "phone": f"+86139{n:08d}", "region_code": rng.choice(HOMES),
                "occupations": rng.choice(TRADES), "locale": "zh_CN", "channel": "sms",
                "group": rng.choice(["rural", "4050", "laid_off", "graduate", "other"]),
                "dialog_data": {}, "created_at": now - timedelta(minutes=rng.randint(0, 60 * 24 * 60)),
                "updated_at": now,
            })  # fmt: skip
        for start in range(0, len(rows), 5000):
            db.execute(insert(Seeker), rows[start : start + 5000])
        seeker_ids = [r[0] for r in db.execute(text("SELECT id FROM seekers ORDER BY id"))]
        vacancy_ids = [r[0] for r in db.execute(text("SELECT id FROM vacancies ORDER BY id"))]
        pairs = {(rng.choice(seeker_ids), rng.choice(vacancy_ids)) for _ in range(seekers // 3)}
        statuses = ["interested", "contacted", "hired", "rejected"]
        db.execute(insert(Application), [
            {"seeker_id": s, "vacancy_id": v, "status": statuses[(s + v) % 4],
             "created_at": now - timedelta(minutes=(s * 7 + v) % 40000), "updated_at": now}
            for s, v in pairs
        ])  # fmt: skip
        db.execute(text(
            "INSERT INTO application_events (application_id, status, at) "
            "SELECT id, status, created_at FROM applications"
        ))  # fmt: skip
        db.execute(insert(InboundMessage), [
            {"channel": "sms", "provider_id": f"SM{n}", "address": f"+86139{n % seekers:08d}",
             "seeker_id": seeker_ids[n % seekers], "body": "找工作", "reply": "1. 电焊工 …",
             "received_at": now - timedelta(minutes=n % 50000)}
            for n in range(seekers)
        ])  # fmt: skip
        db.execute(insert(OutboxMessage), [
            {"seeker_id": seeker_ids[n * 2 % seekers], "channel": "sms", "address": "+8613900000000",
             "purpose": "alert", "text": "新岗位", "status": ["sent", "delivered", "failed"][n % 3],
             "created_at": now - timedelta(minutes=n % 20000), "due_at": now,
             "sent_at": now - timedelta(minutes=n % 20000), "attempts": 1}
            for n in range(seekers // 2)
        ])  # fmt: skip
    if engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load; without it the planner guesses every size.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.execute(text("ANALYZE"))
    engine.dispose()


def timed(client: httpx.Client, path: str, rounds: int) -> list[float]:
    """Milliseconds for each of `rounds` requests (after one warm-up), all answered 200."""
    assert client.get(path).status_code == 200, path
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def signed_in(server: ServedConsole, telegram_id: int) -> httpx.Client:
    client = httpx.Client(base_url=server.base, timeout=60)
    response = client.get(server.login_link(telegram_id).removeprefix(server.base))
    assert response.status_code == 303, response.text
    return client


def _first_id(html: str, prefix: str) -> str:
    return html.split(f'href="{prefix}')[1].split('"')[0]


def pages(client: httpx.Client) -> dict[str, str]:
    seeker = _first_id(client.get("/console/seekers").text, "/console/seekers/")
    vacancy = _first_id(client.get("/console/vacancies").text, "/console/vacancies/")
    return {
        "today": "/console/today",
        "vacancies": "/console/vacancies",
        "vacancies filtered": "/console/vacancies?trade=电焊&place=深圳&status=all",
        "vacancies page 50": "/console/vacancies?page=50",
        "vacancy": f"/console/vacancies/{vacancy}",
        "seekers": "/console/seekers",
        "seekers by name": "/console/seekers?q=张建",
        "seekers by phone": "/console/seekers?q=1390001",
        "seekers by place+trade": "/console/seekers?place=会宁&trade=电焊",
        "seeker": f"/console/seekers/{seeker}",
        "exports": "/console/exports",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vacancies", type=int, default=10_000)
    parser.add_argument("--seekers", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'bench.db'}"
        started = time.perf_counter()
        upgrade(url)
        fill(url, args.vacancies, args.seekers)
        print(f"filled {args.vacancies:,} vacancies, {args.seekers:,} seekers "
              f"in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})")  # fmt: skip
        results: dict[str, dict[str, float]] = {}
        with ServedConsole(url, Path(scratch)) as server:
            plain = httpx.Client(base_url=server.base, timeout=60)
            health = timed(plain, "/healthz", args.rounds * 2)
            results["/healthz"] = {"median_ms": statistics.median(health), "p95_ms": p95(health)}
            for who, telegram_id in (("admin", ADMIN), ("county clerk", CLERK)):
                client = signed_in(server, telegram_id)
                for name, path in pages(client).items():
                    times = timed(client, path, args.rounds)
                    results[f"{who}: {name}"] = {
                        "median_ms": statistics.median(times),
                        "p95_ms": p95(times),
                    }
    print(f"{'request':38} {'median ms':>10} {'p95 ms':>8}")
    for name, row in results.items():
        print(f"{name:38} {row['median_ms']:10.1f} {row['p95_ms']:8.1f}")
    page_rows = {k: v for k, v in results.items() if k != "/healthz"}
    worst = max(page_rows.items(), key=lambda kv: kv[1]["median_ms"])
    summary = {
        "vacancies": args.vacancies,
        "seekers": args.seekers,
        "healthz_median_ms": round(results["/healthz"]["median_ms"], 2),
        "worst_page": worst[0],
        "worst_page_median_ms": round(worst[1]["median_ms"], 1),
        "worst_page_p95_ms": round(max(v["p95_ms"] for v in page_rows.values()), 1),
        "target_ms": TARGET_MS,
        "all_under_target": worst[1]["median_ms"] < TARGET_MS,
        "pages": {k: round(v["median_ms"], 1) for k, v in page_rows.items()},
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


if __name__ == "__main__":
    sys.exit(main())
