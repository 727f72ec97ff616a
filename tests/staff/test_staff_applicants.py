"""Application buttons: staff move only applications they may see; a repeated press changes
nothing; the move is the shared one (history, places, notice, audit)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from staff_world import HUINING, LANZHOU, applied

from bot.staff import run_staff_button, staff_for_telegram
from messages import t
from storage.models import Application, AuditEntry, OutboxMessage, Vacancy

AT = datetime(2026, 3, 1, tzinfo=UTC)


async def press(session, telegram_id: int, data: str):
    staff = await staff_for_telegram(session, telegram_id)
    return await run_staff_button(session, staff, data)


async def test_a_status_button_moves_the_application(session, world):
    job = world.vacancies["会宁普工"]
    application = await applied(session, world.seekers["会宁张三"], job, "interested", AT)
    await session.commit()
    data = f"staff:app:{application.id}"
    shown = await press(session, HUINING, data)
    assert shown.text.startswith("张三 报名 #")
    assert [d for _, d in shown.buttons][2] == f"{data}:hired"
    moved = await press(session, HUINING, f"{data}:hired")
    assert "已报名 → 已录用，已通知本人" in moved.text
    assert [label for label, _ in moved.buttons][2] == "✓ 已录用"
    again = await press(session, HUINING, f"{data}:hired")
    assert again.text == t("application.unchanged", "zh_CN", id=application.id, status="已录用")
    assert await session.scalar(select(Vacancy.filled).where(Vacancy.id == job.id)) == 1
    assert len(list(await session.scalars(select(OutboxMessage.id)))) == 1
    entry = await session.scalar(select(AuditEntry))
    assert (entry.staff_id, entry.detail["via"]) == (world.staff[HUINING].id, "telegram")


async def test_an_application_out_of_scope_reads_as_missing(session, world):
    job = world.vacancies["会宁普工"]
    application = await applied(session, world.seekers["会宁张三"], job, "interested", AT)
    await session.commit()
    data = f"staff:app:{application.id}:rejected"
    answer = await press(session, LANZHOU, data)
    assert answer.text == t("application.not_found", "zh_CN", id=application.id)
    assert await session.scalar(select(Application.status)) == "interested"


async def test_data_no_button_sends_is_not_answered(session, world):
    for data in ("staff:app:x", "staff:app:1:fired", "staff:other", "staff:app:1:2:3"):
        assert await press(session, HUINING, data) is None
