"""A small agency network with vacancies, seekers and applications for the staff tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Agency, Application, Employer, Meeting, Seeker, Staff, Vacancy

ADMIN, PROVINCE, BAIYIN, HUINING, LANZHOU, NOBODY = 1001, 1002, 1003, 1004, 1005, 9999
_keys = itertools.count()


@dataclass
class World:
    agencies: dict[str, Agency]
    staff: dict[int, Staff]
    vacancies: dict[str, Vacancy]
    seekers: dict[str, Seeker]


def vacancy(
    meeting: Meeting,
    employer: Employer,
    title: str,
    location: str,
    *,
    region: str | None = None,
    country: str | None = None,
    headcount: int = 10,
    created: datetime | None = None,
) -> Vacancy:
    key = f"k{next(_keys)}"
    return Vacancy(
        meeting=meeting,
        employer=employer,
        title=title,
        location_text=location,
        region_code=region,
        country=country,
        headcount=headcount,
        wage_min=4000,
        wage_max=6000,
        source_key=key,
        content_hash=key,
        created_at=created or datetime(2026, 1, 1, tzinfo=UTC),
    )


async def build_world(session: AsyncSession) -> World:
    """甘肃省中心 > {白银市 > 会宁社区, 兰州市}; each office hosts a meeting, one meeting has no host."""
    province = Agency(name="甘肃省中心", level="province", region_code="620000")
    baiyin = Agency(name="白银市就业局", level="city", region_code="620400", parent=province)
    huining = Agency(name="会宁社区服务站", level="community", region_code="620422", parent=baiyin)
    lanzhou = Agency(name="兰州市就业局", level="city", region_code="620100", parent=province)
    agencies = {a.name: a for a in (province, baiyin, huining, lanzhou)}
    session.add_all(agencies.values())
    await session.flush()
    staff = {
        ADMIN: Staff(telegram_id=ADMIN, agency_id=province.id, role="admin"),
        PROVINCE: Staff(telegram_id=PROVINCE, agency_id=province.id),
        BAIYIN: Staff(telegram_id=BAIYIN, agency_id=baiyin.id),
        HUINING: Staff(telegram_id=HUINING, agency_id=huining.id),
        LANZHOU: Staff(telegram_id=LANZHOU, agency_id=lanzhou.id),
    }
    session.add_all(staff.values())
    meetings = {
        name: Meeting(name=f"{name}洽谈会", host_agency_id=agencies[name].id if name else None)
        for name in ("白银市就业局", "会宁社区服务站", "兰州市就业局", "")
    }
    factory = Employer(name="宝安精密电子有限公司")
    builder = Employer(name="陇原建工集团")
    vacancies = {
        "白银焊工": vacancy(meetings["白银市就业局"], builder, "电焊工", "白银区", region="620402"),
        "会宁普工": vacancy(
            meetings["会宁社区服务站"], factory, "电子厂普工", "宝安", region="440306"
        ),
        "兰州保安": vacancy(meetings["兰州市就业局"], builder, "保安", "兰州", region="620100"),
        "无主司机": vacancy(meetings[""], builder, "司机", "沙特", country="SA"),
    }
    seekers = {
        "会宁张三": Seeker(name="张三", phone="+8613812341234", region_code="620422"),
        "会宁登记": Seeker(name="李四", phone="+8613900000001", agency_id=huining.id),
        "兰州王五": Seeker(name="王五", phone="+8613700000002", region_code="620102"),
        "无处": Seeker(name=None, telegram_id=555, region_code=None),
    }
    session.add_all([*vacancies.values(), *seekers.values()])
    await session.flush()
    return World(agencies, staff, vacancies, seekers)


async def applied(
    session: AsyncSession, seeker: Seeker, vacancy_: Vacancy, status: str, at: datetime
) -> Application:
    application = Application(
        seeker_id=seeker.id, vacancy_id=vacancy_.id, status=status, created_at=at
    )
    session.add(application)
    await session.flush()
    return application
