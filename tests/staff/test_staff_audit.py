"""Staff imports from Telegram land in the same audit log as the console's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from staff_world import BAIYIN

from bot.staff import run_staff_command, staff_for_telegram
from storage.models import AuditEntry

SHEET = "用人单位,岗位名称,工作地点,招聘人数\n陇原建工集团,电焊工,白银区,8\n".encode()


async def test_a_telegram_import_is_audited(session, world):
    staff = await staff_for_telegram(session, BAIYIN)
    reply = await run_staff_command(
        session,
        staff,
        "import",
        "白银春季洽谈会",
        document=("春季.csv", SHEET),
        today=date(2026, 3, 4),
    )
    assert "新增1" in reply.text
    rows = (await session.execute(select(AuditEntry))).scalars().all()
    assert [(r.action, r.staff_id, r.agency_id) for r in rows] == [
        ("import", staff.id, staff.agency_id)
    ]
    assert rows[0].detail | {} == {
        "meeting": "白银春季洽谈会",
        "file": "春季.csv",
        "via": "telegram",
        "rows": 1,
        "added": 1,
        "updated": 0,
        "unchanged": 0,
        "held": 0,
    }


async def test_a_telegram_import_says_what_it_held_and_why(session, world):
    staff = await staff_for_telegram(session, BAIYIN)
    sheet = (
        "用人单位,岗位名称,工作地点,招聘人数,福利,截止日期\n"
        "陇原建工集团,电焊工,白银区,8,先交培训费800元,2026-03-03\n"
    ).encode()
    reply = await run_staff_command(
        session,
        staff,
        "import",
        "白银春季洽谈会",
        document=("春季.csv", sheet),
        today=date(2026, 3, 4),
    )
    assert "其中1个岗位待审核" in reply.text and "收费1个、截止日期已过1个" in reply.text
    assert "收费：“先交培训费800元”；报名截止2026-03-03已过" in reply.text
    [entry] = (await session.execute(select(AuditEntry))).scalars().all()
    assert entry.detail["held"] == 1


async def test_a_refused_import_is_not_audited(session, world):
    staff = await staff_for_telegram(session, BAIYIN)
    await run_staff_command(
        session,
        staff,
        "import",
        "白银春季洽谈会",
        document=("春季.csv", "用人单位\n厂\n".encode()),
        today=date(2026, 3, 4),
    )
    assert (await session.execute(select(AuditEntry))).scalars().all() == []


def test_every_audited_action_has_a_label_in_every_language():
    from bot.staff.audit import ACTIONS
    from messages import CATALOGS

    for catalog in CATALOGS.values():
        assert all(f"console.audit.action.{action}" in catalog for action in ACTIONS)


async def test_schedule_actions_recorded_are_known_actions(session, world):
    from bot.staff.audit import ACTIONS

    staff = await staff_for_telegram(session, BAIYIN)
    for command, argument in [
        ("training", "add 焊工; 电焊; 白银区; 2099-05-01 09:00; 17:00; 3"),
        ("training", "edit 1; 名额 4"),
        ("training", "cancel 1"),
    ]:
        reply = await run_staff_command(
            session, staff, command, argument, document=None, today=date(2026, 3, 4)
        )
        assert "#1" in reply.text, reply.text
    actions = [r.action for r in (await session.execute(select(AuditEntry))).scalars()]
    assert actions == ["training_add", "training_edit", "training_cancel"]
    assert set(actions) <= set(ACTIONS)
