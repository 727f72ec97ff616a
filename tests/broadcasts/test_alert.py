"""The alert as the outbox row renders it when sent: one SMS segment for short names, never more
than two; buttons on Telegram; the seeker's language of the moment."""

from __future__ import annotations

import pytest
from broadcast_world import NOW
from sqlalchemy import select

from bot.broadcasts.service import Subject, launch
from bot.channels.sms.render import render_sms
from bot.channels.sms.segments import segments
from bot.channels.telegram.render import render_telegram
from bot.outgoing import reply_of
from storage.models import Employer, OutboxMessage, Vacancy


async def rows(sessions, broadcast_id: int) -> list[OutboxMessage]:
    async with sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.campaign_id == broadcast_id)
        return list(await session.scalars(query))


async def alert_for(sessions, world, settings, name: str = "huining") -> OutboxMessage:
    done = await launch(sessions, Subject(vacancy_id=world.vacancies[name].id), settings, now=NOW)
    sms = world.seekers["sms"].id
    return next(m for m in await rows(sessions, done.broadcast_id) if m.seeker_id == sms)


async def test_a_short_alert_is_one_segment(sessions, world, settings):
    text = render_sms(reply_of(await alert_for(sessions, world, settings), "zh_CN"))
    assert (
        text
        == "新岗位：陇原建工集团 电焊工，白银会宁，6000-8000元\n1. 报名\n2. 看详情\n3. 不要推送"
    )
    assert segments(text) == 1


async def test_long_names_still_fit_two_segments_with_the_answers(sessions, world, settings):
    async with sessions() as session:
        vacancy = await session.get(Vacancy, world.vacancies["huining"].id)
        employer = await session.get(Employer, vacancy.employer_id)
        employer.name = "甘肃陇原建筑工程劳务派遣与职业技能培训服务集团股份有限公司白银分公司"
        vacancy.title = "持证电焊工（氩弧焊、二氧化碳气体保护焊、手工电弧焊均可，熟练者优先）"
        vacancy.wage_text = "每月7000至9000元，计件另有奖励，包吃包住"
        await session.commit()
    text = render_sms(reply_of(await alert_for(sessions, world, settings), "zh_CN"))
    assert segments(text) <= 2
    assert text.endswith("\n1. 报名\n2. 看详情\n3. 不要推送") and "每月7000至9000元" in text


async def test_english_and_telegram_buttons(sessions, world, settings):
    row = await alert_for(sessions, world, settings)
    english = render_sms(reply_of(row, "en"))
    assert english.startswith("New job:") and "1. Apply" in english and segments(english) <= 2
    rendered = render_telegram(reply_of(row, "zh_CN"))
    assert rendered.inline is not None
    data = [b.callback_data for line in rendered.inline.inline_keyboard for b in line]
    assert data == ["1", "2", "3"]


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
async def test_a_meeting_alert_lists_three_within_two_segments(sessions, world, settings, locale):
    done = await launch(sessions, Subject(meeting=world.meeting.name), settings, now=NOW)
    sms = world.seekers["sms"].id
    row = next(m for m in await rows(sessions, done.broadcast_id) if m.seeker_id == sms)
    text = render_sms(reply_of(row, locale))
    assert segments(text) <= 2
    assert "1. " in text and "3. " in text and "4. " not in text
    assert len(row.params["vacancies"]) == 3
