"""A lived-in demo database: the demo meeting plus seekers, applications and messages.

Used by scripts/screenshots (so every page has something to show) and by the browser tests.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from bot import clock
from bot.demo import DEMO_MEETING, load_demo
from storage.engine import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import (
    Application,
    ApplicationEvent,
    InboundMessage,
    Meeting,
    OutboxMessage,
    Seeker,
    Vacancy,
)
from storage.staff import ensure_agency, upsert_staff

ADMIN_ID = 700_001
HUINING_ID = 700_002
NAMES = [
    "张建国",
    "李秀英",
    "王志强",
    "刘桂兰",
    "陈伟",
    "杨海燕",
    "赵磊",
    "黄丽",
    "周勇",
    "吴芳",
    "徐明",
    "孙小红",
    "马国庆",
    "朱霞",
    "胡军",
    "郭梅",
]
HOMES = ["620422", "620402", "620421", "620102", "620103", "410102", "510104", "622421"]
TRADES = ["construction.welder", "manufacturing.assembly", "security.guard", "domestic.nanny", ""]
GROUPS = ["rural", "4050", "laid_off", "graduate", "other"]


async def build(url: str, seekers: int = 40) -> None:
    """Demo meeting, a province admin and a 会宁 clerk, and `seekers` people with a history."""
    upgrade(url)
    assert (await load_demo(url)).ok
    rng = random.Random(11)
    engine = create_engine(url)
    now = clock.now()
    try:
        async with session_factory(engine)() as session:
            province, _ = await ensure_agency(
                session, "甘肃省就业服务中心", level="province", region_code="620000"
            )
            huining, _ = await ensure_agency(
                session, "会宁县劳务站", parent=province, region_code="620422"
            )
            await upsert_staff(session, ADMIN_ID, province, role="admin", name="省中心 王主任")
            await upsert_staff(session, HUINING_ID, huining, name="会宁 李专员")
            meeting = await session.scalar(select(Meeting).where(Meeting.name == DEMO_MEETING))
            meeting.host_agency_id = province.id
            jobs = list(await session.scalars(select(Vacancy.id).order_by(Vacancy.id).limit(60)))
            for n in range(seekers):
                await _seeker(session, rng, n, jobs, now)
            await session.commit()
    finally:
        await engine.dispose()


async def _seeker(session, rng: random.Random, n: int, jobs: list[int], now) -> None:
    created = now - timedelta(days=rng.choice([0, 0, 1, 2, 3, 6, 12]), hours=rng.randint(0, 5))
    trade = rng.choice(TRADES)
    person = Seeker(
        name=NAMES[n % len(NAMES)] if n % 7 else None,
        phone=f"+86138{n:08d}",
        region_code=rng.choice(HOMES),
        occupations=trade,
        skills_text={"": "力气活", "security.guard": "当过兵"}.get(trade),
        scope=rng.choice(["local", "province", "country", None]),
        group=rng.choice(GROUPS),
        channel="sms",
        dialog_data={},
        created_at=created,
    )
    session.add(person)
    await session.flush()
    for job in rng.sample(jobs, k=rng.randint(0, 2)):
        status = rng.choice(["interested", "interested", "contacted", "hired", "rejected"])
        applied = Application(
            seeker_id=person.id, vacancy_id=job, status=status, created_at=created
        )
        session.add(applied)
        await session.flush()
        session.add(ApplicationEvent(application_id=applied.id, status=status, at=created))
    session.add(
        InboundMessage(
            channel="sms",
            provider_id=f"SM{n:032d}",
            address=person.phone,
            seeker_id=person.id,
            body="找工作",
            reply="1. 电焊工 白银 8000-12000元/月 …",
            received_at=created,
        )
    )
    if n % 3 == 0:
        session.add(
            OutboxMessage(
                seeker_id=person.id,
                channel="sms",
                address=person.phone,
                purpose="alert",
                text="【工友】新岗位：电焊工 白银 8000-12000元/月，回复1报名",
                status="failed" if n % 9 == 0 else "sent",
                created_at=created,
                sent_at=None if n % 9 == 0 else created,
                due_at=created,
            )
        )
