"""An employer's record across meetings, `gongyou employer show`, and an import naming an
employer that workers reported — on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

from sqlalchemy import select

from bot.cli import main
from storage.engine import create_engine, session_factory
from storage.models import (
    Application,
    Departure,
    Enrolment,
    Seeker,
    Vacancy,
    VacancyReport,
)
from tests.spreadsheets import csv_bytes

HEADER = ["编号", "用人单位", "岗位名称", "工作地点", "招聘人数", "福利", "联系电话"]
SPRING = [
    ["S-1", "陇原建工集团", "电焊工", "兰州市城关区", "10", "", "0931-8888666"],
    ["S-2", "陇原建工集团", "钢筋工", "兰州市城关区", "20", "押金200元", "0931-8888666"],
    ["S-3", "金城焊接有限公司", "电焊工", "兰州市七里河区", "5", "", "0931-6666888"],
    ["S-4", "陇原物流有限公司", "叉车工", "兰州市城关区", "3", "", "0931-8888777"],
]
AUTUMN = [["A-1", "陇原建工集团", "木工", "白银市白银区", "8", "", "0943-8222333"]]
WHEN = datetime(2026, 12, 1, tzinfo=UTC)


def run(capsys, *args: str, status: int = 0) -> tuple[str, str]:
    capsys.readouterr()
    assert main(list(args)) == status
    captured = capsys.readouterr()
    return captured.out, captured.err


def import_sheet(tmp_path, capsys, name: str, rows) -> str:
    path = tmp_path / f"{name}.csv"
    path.write_bytes(csv_bytes(HEADER, rows))
    return run(capsys, "import", str(path), "--meeting", name)[0]


async def history(database_url: str) -> None:
    """Five workers apply to 陇原建工's welding job; two hired, one reports its other vacancy;
    of three enrolled on the departure, two turn up."""
    engine = create_engine(database_url)
    async with session_factory(engine)() as session:
        ids = dict((await session.execute(select(Vacancy.ref, Vacancy.id))).tuples().all())
        seekers = [Seeker(name=f"工友{n}", phone=f"+861390000000{n}") for n in range(5)]
        session.add_all(seekers)
        await session.flush()
        for n, seeker in enumerate(seekers):
            status = "hired" if n < 2 else "departed" if n == 2 else "interested"
            session.add(Application(seeker_id=seeker.id, vacancy_id=ids["S-1"], status=status))
        session.add(Application(seeker_id=seekers[0].id, vacancy_id=ids["S-3"]))
        session.add(
            VacancyReport(vacancy_id=ids["S-2"], seeker_id=seekers[4].id, text="要押金", at=WHEN)
        )
        departure = Departure(vacancy_id=ids["S-1"], departs_at=WHEN, assembly_point="会宁汽车站")
        session.add(departure)
        await session.flush()
        for seeker, state in zip(seekers, ("attended", "attended", "no_show"), strict=False):
            session.add(Enrolment(seeker_id=seeker.id, departure_id=departure.id, state=state))
        await session.commit()
    await engine.dispose()


def test_record_across_meetings_and_reported_employer_named_at_import(
    database_url, tmp_path, capsys
):
    first = import_sheet(tmp_path, capsys, "春季洽谈会", SPRING)
    assert "举报" not in first
    asyncio.run(history(database_url))
    autumn = import_sheet(tmp_path, capsys, "秋季洽谈会", AUTUMN)
    assert "注意：陇原建工集团曾被求职者举报1次，请先核实。" in autumn

    record = json.loads(run(capsys, "employer", "show", "陇原建工集团", "--json")[0])
    assert record == {
        "employer_id": record["employer_id"],
        "name": "陇原建工集团",
        "meetings": 2,
        "vacancies": 3,
        "headcount": 38,
        "filled": 0,
        "held": 1,
        "applications": 5,
        "hires": 3,
        "attended": 2,
        "no_show": 1,
        "reports": 1,
        "show_up": 0.667,
    }
    by_id = json.loads(run(capsys, "employer", "show", str(record["employer_id"]), "--json")[0])
    assert by_id == record
    text = run(capsys, "employer", "show", "陇原建工")[0]
    assert "陇原建工集团" in text and "被举报1次" in text and "到岗率67%" in text

    other = json.loads(run(capsys, "employer", "show", "金城焊接有限公司", "--json")[0])
    assert (other["applications"], other["reports"], other["show_up"]) == (1, 0, None)


def test_unknown_or_ambiguous_employer_exits_2(database_url, tmp_path, capsys):
    import_sheet(tmp_path, capsys, "春季洽谈会", SPRING)
    assert "找不到用人单位“宏达”" in run(capsys, "employer", "show", "宏达", status=2)[1]
    err = run(capsys, "employer", "show", "陇原", status=2)[1]
    assert "“陇原”可能是：陇原建工集团、陇原物流有限公司" in err
