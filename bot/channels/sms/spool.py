"""Inbound SMS the database cannot take now: journaled before the worker is answered, replayed later.

The journal (storage/journal.py) keeps each verified message as Twilio sent it, with the time we
received it. Replay takes the journaled messages of this process and of dead processes, oldest
first, through a handler (bot/channels/sms_replay.py) and deletes a journal file once every
message in it is stored. While a sender has messages waiting in this process's journal, their
next messages wait behind them, so one worker's messages are never answered out of order.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from bot.logs import mask_phone
from bot.replies import Inbound
from storage.journal import Journal, JournalFile, Record
from storage.outage import database_unavailable

log = logging.getLogger("gongyou.sms")

CHANNEL = "sms"
# (the message, its NumMedia) -> done; raises when the database cannot take it after all.
Handler = Callable[[Inbound, int], Awaitable[None]]


def open_journal(directory: Path) -> Journal:
    """This process's SMS journal in GONGYOU_SPOOL_DIR; files appear only once something is spooled."""
    return Journal(directory, name=CHANNEL, key="from")


def to_record(inbound: Inbound, to: str, media: int) -> Record:
    """A verified message as one journal line (the sender already normalised, the body cleaned)."""
    return {
        "sid": inbound.provider_id,
        "from": inbound.address,
        "to": to,
        "body": inbound.text,
        "received_at": inbound.received_at.isoformat(),
        "num_media": media,
    }


def from_record(record: Record) -> tuple[Inbound, int]:
    """The message and its NumMedia, as the webhook had them."""
    received = datetime.fromisoformat(record["received_at"])
    inbound = Inbound(CHANNEL, record["from"], record["body"], received, provider_id=record["sid"])
    return inbound, int(record.get("num_media") or 0)


def waiting(journal: Journal | None, phone: str) -> bool:
    """Whether earlier messages from this number wait in this process's journal."""
    return journal is not None and journal.holds(phone)


async def spool(journal: Journal | None, inbound: Inbound, media: int, to: str) -> bool:
    """Journal a message before answering it; False (logged) when the journal cannot take it."""
    fields = {"sid": inbound.provider_id, "from": mask_phone(inbound.address)}
    if journal is None:
        log.error("sms not spooled: no journal", extra={"fields": fields})
        return False
    try:
        await asyncio.to_thread(journal.append, to_record(inbound, to, media))
    except (OSError, ValueError) as error:
        fields["error"] = f"{type(error).__name__}: {error}"
        log.error("sms not spooled: journal unwritable", extra={"fields": fields})
        return False
    log.warning("sms spooled until the database answers", extra={"fields": fields})
    return True


def _in_order(claimed: list[JournalFile]) -> list[tuple[datetime, JournalFile, Record]]:
    """Every claimed record, oldest first (a stable sort keeps each file's order for equal times)."""
    entries = []
    for held in claimed:
        for record in held.records or ():
            entries.append((datetime.fromisoformat(record["received_at"]), held, record))
    entries.sort(key=lambda entry: entry[0])
    return entries


def _readable(held: JournalFile) -> JournalFile:
    """The file with only the records a replay can use; any other is logged (we never write one)."""
    good = []
    for record in held.records or ():
        try:
            from_record(record)
        except (KeyError, TypeError, ValueError):
            log.error("journal record unusable", extra={"fields": {"file": held.path.name}})
            continue
        good.append(record)
    held.records = good
    return held


async def replay(
    journal: Journal | None, handle: Handler, stopping: Callable[[], bool] = lambda: False
) -> int:
    """Hand every journaled message to `handle`, oldest first; returns how many it took.

    Stops when `stopping()` says so, or at the first message the database cannot take; the next
    round starts again from the oldest, and the handler dedupes by MessageSid, so messages already
    taken change nothing. A message the handler fails on otherwise is logged and kept, and the
    others go on.
    """
    if journal is None:
        return 0
    claimed = [_readable(held) for held in await asyncio.to_thread(journal.claim)]
    left = {id(held): len(held.records or ()) for held in claimed}
    done = 0
    for _, held, record in _in_order(claimed):
        if stopping():
            break  # the server is shutting down; the rest waits for the next start
        inbound, media = from_record(record)
        try:
            await handle(inbound, media)
        except Exception as error:
            if database_unavailable(error):
                log.warning("sms replay waits for the database", extra={"fields": {"done": done}})
                break
            log.exception("sms replay failed", extra={"fields": {"sid": inbound.provider_id}})
            continue
        done += 1
        left[id(held)] -= 1
    for held in claimed:
        if left[id(held)] == 0:
            await asyncio.to_thread(journal.release, held)
    if done:
        log.info("sms replayed", extra={"fields": {"messages": done}})
    return done
