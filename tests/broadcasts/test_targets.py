"""Who a broadcast reaches: the dry run counts exactly the seekers the real run queues, once each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from broadcast_world import BY_CHANNEL, ELIGIBLE, NOW, World
from sqlalchemy import func, select

from bot.broadcasts.service import NotFound, Subject, launch, preview, status
from bot.outgoing import preview as preview_row
from storage.models import Alert, AuditEntry, Broadcast, OutboxMessage, Vacancy
from storage.vacancies import APPROVED, HELD


async def queued(sessions, broadcast_id: int | None = None) -> list[OutboxMessage]:
    async with sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.purpose == "alert")
        if broadcast_id is not None:
            query = query.where(OutboxMessage.campaign_id == broadcast_id)
        return list(await session.scalars(query.order_by(OutboxMessage.id)))


def said(message: OutboxMessage) -> str:
    """What the row will say when it is sent (rendered in the seeker's language then)."""
    return preview_row(message, "zh_CN")


def one(world: World, name: str) -> Subject:
    return Subject(vacancy_id=world.vacancies[name].id)


async def test_dry_run_counts_the_eligible_and_writes_nothing(sessions, world, settings):
    async with sessions() as session:
        counted = await preview(session, one(world, "huining"), settings, now=NOW)
    assert counted.as_json() == {
        "broadcast_id": None,
        "targeted": len(ELIGIBLE),
        "by_channel": {"sms": len(BY_CHANNEL["sms"]), "telegram": len(BY_CHANNEL["telegram"])},
        "sent": 0,
        "delivered": 0,
        "failed": 0,
        "pending": 0,
    }
    assert await queued(sessions) == []
    async with sessions() as session:
        assert await session.scalar(select(func.count(Broadcast.id))) == 0


async def test_the_real_run_queues_one_message_per_eligible_seeker(sessions, world, settings):
    async with sessions() as session:
        dry = await preview(session, one(world, "huining"), settings, now=NOW)
    done = await launch(sessions, one(world, "huining"), settings, now=NOW)
    assert done.targeted == dry.targeted == len(ELIGIBLE)
    messages = await queued(sessions, done.broadcast_id)
    assert world.names(m.seeker_id for m in messages) == ELIGIBLE
    assert len(messages) == len(ELIGIBLE)  # one each
    channels = {world.names([m.seeker_id]).pop(): m.channel for m in messages}
    assert {n for n, c in channels.items() if c == "sms"} == BY_CHANNEL["sms"]
    # The seeker who blocked the bot is reached on their phone instead.
    blocked = world.seekers["blocked_with_phone"]
    assert [m.address for m in messages if m.seeker_id == blocked.id] == [blocked.phone]
    assert all(m.purpose == "alert" and m.campaign_id == done.broadcast_id for m in messages)
    assert all("电焊工" in said(m) for m in messages)
    async with sessions() as session:
        now = await status(session, done.broadcast_id)
        alerts = list(await session.scalars(select(Alert)))
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "broadcast"))
    assert now.pending == len(ELIGIBLE) and now.sent == now.failed == 0
    assert {a.vacancy_id for a in alerts} == {world.vacancies["huining"].id}
    assert world.names(a.seeker_id for a in alerts) == ELIGIBLE
    assert str(alerts[0].local_day) == "2026-12-01"
    assert entry is not None and entry.target == f"vacancy:{world.vacancies['huining'].id}"
    assert entry.detail["targeted"] == len(ELIGIBLE)


@pytest.mark.parametrize("channel", ["sms", "telegram"])
async def test_a_channel_filter_reaches_that_channel_only(sessions, world, settings, channel):
    async with sessions() as session:
        dry = await preview(session, one(world, "huining"), settings, channel=channel, now=NOW)
    assert dry.targeted == len(BY_CHANNEL[channel])
    done = await launch(sessions, one(world, "huining"), settings, channel=channel, now=NOW)
    messages = await queued(sessions, done.broadcast_id)
    assert world.names(m.seeker_id for m in messages) == BY_CHANNEL[channel]
    assert {m.channel for m in messages} == {channel}


async def test_nobody_hears_of_one_vacancy_twice(sessions, world, settings):
    await launch(sessions, one(world, "huining"), settings, now=NOW)
    tomorrow = NOW + timedelta(days=1)
    again = await launch(sessions, one(world, "huining"), settings, now=tomorrow)
    assert again.targeted == 0
    assert await queued(sessions, again.broadcast_id) == []


async def test_a_second_vacancy_the_same_day_respects_the_daily_cap(sessions, world, settings):
    await launch(sessions, one(world, "huining"), settings, now=NOW)
    # Only the seeker who got no alert today (they had applied to the first job) hears of it.
    async with sessions() as session:
        assert (await preview(session, one(world, "baiyin"), settings, now=NOW)).targeted == 1
    later_today = NOW + timedelta(hours=11)  # 21:00 local, still 1 December
    second = await launch(sessions, one(world, "baiyin"), settings, now=later_today)
    assert world.names(m.seeker_id for m in await queued(sessions, second.broadcast_id)) == {
        "applied"
    }
    # The next local day (00:30 in Shanghai is 16:30 UTC the day before): the cap starts again.
    next_day = NOW + timedelta(hours=14, minutes=30)
    third = await launch(sessions, one(world, "lanzhou"), settings, now=next_day)
    reached = world.names(m.seeker_id for m in await queued(sessions, third.broadcast_id))
    # Every welder in scope; Lanzhou is outside the carpenter's home city.
    assert reached == {"sms", "telegram", "both", "blocked_with_phone", "applied"}


async def test_the_cap_is_configurable(sessions, world, settings):
    two = settings.model_copy(update={"alerts_per_day": 2})
    await launch(sessions, one(world, "huining"), two, now=NOW)
    second = await launch(sessions, one(world, "baiyin"), two, now=NOW)
    third = await launch(sessions, one(world, "lanzhou"), two, now=NOW)
    assert second.targeted == len(ELIGIBLE | {"applied"})
    assert world.names(m.seeker_id for m in await queued(sessions, third.broadcast_id)) == {
        "applied"  # the only one with an alert left today
    }


async def test_seekers_who_applied_are_skipped(sessions, world, settings):
    done = await launch(sessions, one(world, "huining"), settings, now=NOW)
    applied = world.seekers["applied"].id
    assert applied not in {m.seeker_id for m in await queued(sessions, done.broadcast_id)}
    # It fits them otherwise: another welding job reaches them.
    other = await launch(sessions, one(world, "baiyin"), settings, now=NOW + timedelta(days=1))
    assert applied in {m.seeker_id for m in await queued(sessions, other.broadcast_id)}


@pytest.mark.parametrize("name", ["closed", "full", "past"])
async def test_a_vacancy_nobody_can_get_is_broadcast_to_nobody(sessions, world, settings, name):
    async with sessions() as session:
        assert (await preview(session, one(world, name), settings, now=NOW)).targeted == 0
    assert (await launch(sessions, one(world, name), settings, now=NOW)).targeted == 0
    assert await queued(sessions) == []


async def test_a_vacancy_held_by_the_import_checks_is_broadcast_once_approved(
    sessions, world, settings
):
    async with sessions() as session:
        vacancy = await session.get(Vacancy, world.vacancies["huining"].id)
        vacancy.review = HELD
        await session.commit()
    assert (await launch(sessions, one(world, "huining"), settings, now=NOW)).targeted == 0
    assert await queued(sessions) == []
    async with sessions() as session:
        (await session.get(Vacancy, world.vacancies["huining"].id)).review = APPROVED
        await session.commit()
    approved = await launch(sessions, one(world, "huining"), settings, now=NOW)
    assert approved.targeted == len(ELIGIBLE)


async def test_a_meeting_broadcast_sends_one_message_per_seeker(sessions, world, settings):
    subject = Subject(meeting=world.meeting.name)
    async with sessions() as session:
        dry = await preview(session, subject, settings, now=NOW)
    done = await launch(sessions, subject, settings, now=NOW)
    messages = await queued(sessions, done.broadcast_id)
    seekers = [m.seeker_id for m in messages]
    assert len(seekers) == len(set(seekers)) == done.targeted == dry.targeted
    # Everyone the welding jobs fit, and the electrician for the electrician's job.
    assert world.names(seekers) == ELIGIBLE | {"applied", "electrician"}
    by_seeker = {world.names([m.seeker_id]).pop(): said(m) for m in messages}
    assert by_seeker["sms"].count("陇原建工集团") == 3  # the best three of four welding jobs
    assert "1. " in by_seeker["sms"] and "3. " in by_seeker["sms"]
    async with sessions() as session:
        alerts = list(await session.scalars(select(Alert)))
    per_seeker = {a.seeker_id for a in alerts}
    assert len(per_seeker) == len(messages)
    assert len({a.broadcast_id for a in alerts}) == 1  # one broadcast: one of the day's cap


async def test_unknown_subjects_are_named(sessions, world, settings):
    async with sessions() as session:
        with pytest.raises(NotFound) as missing:
            await preview(session, Subject(vacancy_id=999_999), settings, now=NOW)
        assert missing.value.key == "broadcast.no_vacancy"
        with pytest.raises(NotFound) as missing:
            await preview(session, Subject(meeting="没有这个会"), settings, now=NOW)
        assert missing.value.key == "broadcast.no_meeting"
        with pytest.raises(NotFound):
            await status(session, 12345)
