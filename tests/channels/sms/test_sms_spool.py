"""SMS while the database cannot answer: journaled and answered honestly, replayed in order later.

"Cannot answer" here is real: the app points at a database that is not there (a PostgreSQL port
nobody listens on, a SQLite file in a missing directory). Its restart on the real database, with
the same spool directory, replays what was journaled. The cluster stopped mid-burst is in
test_sms_outage.py.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from db_outage import unreachable
from sms_harness import PHONE, SmsHarness, settings_for
from sqlalchemy import create_engine, func, select, update

from bot.logs import mask_phone
from messages import t
from storage.engine import sync_url
from storage.journal import SUFFIX
from storage.models import InboundMessage, OutboxMessage, Seeker

DEFERRED = t("sms.deferred", "zh_CN")
SORRY = t("sms.sorry", "zh_CN")
REGISTER = "注册 张三 会宁 电焊 省外"
OTHER = "+8613900005678"
DEADLINE = 60.0


def journal_files(spool: Path) -> list[Path]:
    return sorted(spool.glob(f"*{SUFFIX}")) if spool.exists() else []


def eventually(h: SmsHarness, condition: Callable[[], bool], what: str) -> None:
    """Let the app's loop (and its scheduler) run until `condition` holds, or fail at the deadline."""

    async def poll() -> None:
        deadline = time.monotonic() + DEADLINE
        while not condition():
            assert time.monotonic() < deadline, f"not within {DEADLINE} s: {what}"
            await asyncio.sleep(0.05)

    h.run(poll())


def logged_now(database_url: str) -> int:
    """Inbound messages committed so far, read beside the app (its loop is busy replaying)."""
    engine = create_engine(sync_url(database_url))
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(InboundMessage)).scalar_one()
    engine.dispose()
    return count


def counts(h: SmsHarness) -> tuple[int, int, int]:
    return h.count(Seeker), h.count(InboundMessage), h.count(OutboxMessage)


def test_journaled_messages_are_replayed_in_order_with_their_replies_queued(demo_url, tmp_path):
    spool = tmp_path / "spool"
    sent = [(REGISTER, PHONE), ("找工作", PHONE), (REGISTER, OTHER)]
    with SmsHarness(settings_for(unreachable(demo_url, tmp_path), spool_dir=spool)) as down:
        sids = [down.next_sid() for _ in sent]
        for (text, phone), sid in zip(sent, sids, strict=True):
            answer = down.sms(text, phone=phone, sid=sid)
            assert (answer.status, answer.message) == (200, DEFERRED)
    (journal,) = journal_files(spool)
    saved = journal.read_bytes()
    assert saved.count(b"\n") == 3

    with SmsHarness(settings_for(demo_url, spool_dir=spool)) as up:
        # The start-up replay; nothing is posted to the restarted server.
        eventually(up, lambda: not journal_files(spool), "the journal replayed and deleted")
        logged = up.all(select(InboundMessage.provider_id).order_by(InboundMessage.id))
        assert [row[0] for row in logged] == sids
        queued = up.all(
            select(OutboxMessage.address, OutboxMessage.text, OutboxMessage.purpose)
            .where(OutboxMessage.dedupe_key.in_([f"sms-reply:{sid}" for sid in sids]))
            .order_by(OutboxMessage.id)
        )
        assert [(address, kind) for address, _, kind in queued] == [
            (PHONE, "reply"),
            (PHONE, "reply"),
            (OTHER, "reply"),
        ]
        # In order: the job list could only be the answer once the registration was done.
        assert "已登记" in queued[0][1]
        assert "适合您的岗位：" in queued[1][1]
        assert "已登记" in queued[2][1]
        before = counts(up)

        # The same journal again, as a crash after the commits but before the delete leaves it.
        (spool / "sms-crashed-1-00000000.jsonl").write_bytes(saved)
        up.run(up.app.state.scheduler.replay_once())
        assert journal_files(spool) == []
        assert counts(up) == before


def test_a_shutdown_in_the_middle_of_a_replay_loses_nothing(database_url, tmp_path):
    spool = tmp_path / "spool"
    phones = [f"+86138{n:08d}" for n in range(150)]
    with SmsHarness(settings_for(unreachable(database_url, tmp_path), spool_dir=spool)) as down:
        sids = []
        for phone in phones:
            for text in (REGISTER, "帮助"):
                sids.append(down.next_sid())
                assert down.sms(text, phone=phone, sid=sids[-1]).message == DEFERRED
    with SmsHarness(settings_for(database_url, spool_dir=spool)) as mid:
        # Shut down as soon as the start-up replay has committed something.
        eventually(mid, lambda: logged_now(database_url) > 0, "the replay under way")
    # It stopped after the message in hand instead of holding up the shutdown for all the rest.
    assert logged_now(database_url) < len(sids)
    assert journal_files(spool)
    with SmsHarness(settings_for(database_url, spool_dir=spool)) as up:
        eventually(up, lambda: not journal_files(spool), "the journal replayed and deleted")
        logged = [row[0] for row in up.all(select(InboundMessage.provider_id))]
        assert sorted(logged) == sorted(sids)
        keys = up.all(select(OutboxMessage.dedupe_key))
        assert sorted(key for (key,) in keys) == sorted(f"sms-reply:{sid}" for sid in sids)
        assert up.count(Seeker) == len(phones)


def test_a_dialog_bug_on_replay_is_logged_with_the_apology_queued(database_url, tmp_path):
    spool = tmp_path / "spool"
    with SmsHarness(settings_for(database_url, spool_dir=spool)) as up:
        assert "已登记" in (up.sms(REGISTER).message or "")
        up.write(update(Seeker).values(dialog_state="browse", dialog_data=["corrupt"]))
    with SmsHarness(settings_for(unreachable(database_url, tmp_path), spool_dir=spool)) as down:
        sid = "SM" + "f" * 32  # each harness counts its MessageSids from 1
        assert down.sms("2", sid=sid).message == DEFERRED
    with SmsHarness(settings_for(database_url, spool_dir=spool)) as up:
        eventually(up, lambda: not journal_files(spool), "the journal replayed and deleted")
        assert up.all(
            select(InboundMessage.body, InboundMessage.reply).where(
                InboundMessage.provider_id == sid
            )
        ) == [("2", SORRY)]
        assert up.all(
            select(OutboxMessage.text).where(OutboxMessage.dedupe_key == f"sms-reply:{sid}")
        ) == [(SORRY,)]


def test_a_dialog_bug_is_no_outage_and_is_not_journaled(harness: SmsHarness, tmp_path) -> None:
    assert "已登记" in (harness.sms(REGISTER).message or "")
    harness.write(update(Seeker).values(dialog_state="browse", dialog_data=["corrupt"]))
    assert harness.sms("2").message == SORRY
    assert journal_files(harness.settings.spool_dir) == []


def test_an_unwritable_journal_answers_503_for_twilio_to_carry_the_message(
    database_url, tmp_path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "full").write_text("a file where the spool directory should go")
    settings = settings_for(
        unreachable(database_url, tmp_path), spool_dir=tmp_path / "full" / "spool"
    )
    with SmsHarness(settings) as down, caplog.at_level(logging.WARNING, logger="gongyou.sms"):
        sid = down.next_sid()
        answer = down.sms(REGISTER, sid=sid)
    # Not 200: Twilio then requests the number's fallback URL, and its debugger shows the error.
    assert answer.status == 503
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "gongyou.sms"]
    assert [r.getMessage() for r in errors] == ["sms not spooled: journal unwritable"]
    assert errors[0].fields["sid"] == sid
    assert errors[0].fields["from"] == mask_phone(PHONE) != PHONE


def test_the_spool_directory_defaults_to_spool_in_the_working_directory(monkeypatch) -> None:
    from bot.config import Settings

    monkeypatch.delenv("GONGYOU_SPOOL_DIR", raising=False)
    assert Settings().spool_dir == Path("spool")
    monkeypatch.setenv("GONGYOU_SPOOL_DIR", "  ")
    assert Settings().spool_dir == Path("spool")
    monkeypatch.setenv("GONGYOU_SPOOL_DIR", "/var/spool/gongyou")
    assert Settings().spool_dir == Path("/var/spool/gongyou")


def test_the_deferred_answer_is_one_sms_in_every_locale() -> None:
    from bot.channels.sms.segments import segments

    for locale in ("zh_CN", "en"):
        assert segments(t("sms.deferred", locale)) == 1, locale
