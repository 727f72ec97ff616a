"""Property tests: in every state the dialog can be in, any text gets a reply or silence, never an
exception; the reply renders on SMS within budget and on Telegram."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.sms.render import render_sms
from bot.channels.sms.segments import segments
from bot.channels.telegram.render import render_telegram
from bot.dialog import converse
from bot.replies import Inbound
from bot.search import VacancySearch
from storage.engine import create_engine, session_factory
from storage.seekers import find_seeker

START = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
REGISTERED = ["注册 张三 会宁 电焊 省外"]

# How a worker reaches each state, and the state the dialog must then be in. A path that stops
# reaching its state fails the test, so no state silently drops out of the property.
PATHS: list[tuple[str | None, list[str]]] = [
    ("register:name", ["你好"]),
    ("register:region", ["你好", "王五"]),
    ("register:region_choice", ["你好", "王五", "朝阳"]),
    ("register:skills", ["你好", "王五", "会宁"]),
    ("register:scope", ["你好", "王五", "会宁", "电焊"]),
    ("browse", [*REGISTERED, "找工作"]),
    ("details", [*REGISTERED, "找工作", "1"]),
    ("language", [*REGISTERED, "语言"]),
    (None, REGISTERED),
    (None, [*REGISTERED, "T"]),  # opted out
]

# Digits str.isdigit() accepts and int() refuses, and others a phone keyboard can produce.
DIGITS = ["⓵", "፩", "①", "١", "२", "²", "𝟙", "Ⅻ", "½", "٣号", "第３个", "⑩", "0", "00", "999"]
WORDS = DIGITS + ["报名", "更多", "找工作", "我的", "地区", "技能", "跳过", "取消", "T", "返回"]
bodies = st.one_of(
    st.text(max_size=60),
    st.sampled_from(DIGITS),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join),
    st.lists(st.characters(codec="utf-8"), max_size=30).map("".join),
)
PROPERTY = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_numbers = count(13800000000)


async def _say(sessions, search, phone: str, text: str, now: datetime):
    async with sessions() as session, session.begin():
        inbound = Inbound("sms", phone, text, now)
        return await converse(session, inbound, search, default_locale="zh_CN", today=now.date())


async def _state(sessions, phone: str) -> str | None:
    async with sessions() as session:
        seeker = await find_seeker(session, "sms", phone)
        return seeker.dialog_state if seeker else None


@pytest.fixture
def dialog(demo_url):
    """(run, sessions, search) on the demo meeting, on one event loop kept across examples."""
    runner = asyncio.Runner()
    engine = create_engine(demo_url)
    yield runner.run, session_factory(engine), VacancySearch()
    runner.run(engine.dispose())
    runner.close()


@pytest.mark.parametrize(("state", "path"), PATHS, ids=[f"{s}-{len(p)}" for s, p in PATHS])
def test_any_text_in_any_state(state, path, dialog) -> None:
    run, sessions, search = dialog

    async def walk(body: str):
        phone = f"+86{next(_numbers)}"
        now = START
        for text in path:
            await _say(sessions, search, phone, text, now)
            now += timedelta(minutes=1)
        assert await _state(sessions, phone) == state
        return await _say(sessions, search, phone, body, now)

    @PROPERTY
    @given(body=bodies)
    def property_(body: str) -> None:
        reply = run(walk(body))
        if reply is not None:
            assert 1 <= segments(render_sms(reply)) <= 2
            render_telegram(reply)

    property_()


@pytest.mark.parametrize("digit", ["⓵", "፩", "𝟙", "١"])
async def test_apply_with_any_unicode_digit(digit, demo_sessions) -> None:
    """`报名 ⓵` raised in browse.apply (isdigit, then int); it means 报名 1."""
    search = VacancySearch()
    phone = f"+86{next(_numbers)}"
    for n, text in enumerate([*REGISTERED, "找工作"]):
        await _say(demo_sessions, search, phone, text, START + timedelta(minutes=n))
    reply = await _say(demo_sessions, search, phone, f"报名 {digit}", START + timedelta(minutes=5))
    assert reply is not None and reply.lines[0].key == "apply.done"
