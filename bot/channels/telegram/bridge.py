"""From a parsed Telegram update to the shared dialog and back: dedupe, converse, commit, send."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import phonenumbers
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.error import Forbidden

from bot import clock
from bot.channels.telegram.render import Rendered, render_telegram
from bot.channels.telegram.send import deliver
from bot.config import Settings
from bot.dialog import converse
from bot.replies import Inbound, Line, Reply
from bot.search import VacancySearch
from storage import inbound as inbound_log
from storage.models import Seeker
from storage.seekers import find_seeker
from storage.turn import WriteTurn

log = logging.getLogger("gongyou.telegram")

CHANNEL = "telegram"
Sessions = async_sessionmaker[AsyncSession]


@dataclass(frozen=True, slots=True)
class Incoming:
    """What one update asks of the dialog, after the Telegram-specific checks."""

    inbound: Inbound
    chat_id: int
    # A catalog key answered instead of the dialog (a forwarded contact, a sticker).
    notice: str | None = None
    # The message whose buttons were pressed, when the answer replaces it.
    edit_message_id: int | None = None


def contact_e164(raw: str) -> str | None:
    """Telegram's contact number ("8613800001111", sometimes with "+") in E.164, or None."""
    text = raw.strip()
    try:
        number = phonenumbers.parse(text if text.startswith("+") else f"+{text}", None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class DialogBridge:
    """Runs each update through the dialog exactly once and delivers the answer."""

    def __init__(
        self,
        settings: Settings,
        sessions: Sessions,
        search: VacancySearch,
        bot: Bot,
        turn: WriteTurn,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.search = search
        self.bot = bot
        self.turn = turn

    async def handle(self, incoming: Incoming | None) -> None:
        """Run one update through the dialog once, then send (or edit) the answer."""
        if incoming is None:
            return
        rendered: Rendered | None = None
        for attempt in range(2):
            try:
                rendered = await self._process(incoming)
                break
            except IntegrityError:
                # The same update_id committed concurrently (nothing more to do), or a first
                # message from the same new user did (the second attempt sees its seeker).
                if attempt or await self._seen(incoming.inbound.provider_id or ""):
                    return
        if rendered is None:
            return
        try:
            await deliver(
                self.bot,
                incoming.chat_id,
                rendered,
                edit_message_id=incoming.edit_message_id,
            )
        except Forbidden:
            await self.mark_unreachable(int(incoming.inbound.address), True)

    async def _seen(self, provider_id: str) -> bool:
        async with self.sessions() as session:
            return await inbound_log.seen(session, CHANNEL, provider_id)

    async def _process(self, incoming: Incoming) -> Rendered | None:
        """The rendered answer, committed with the update's InboundMessage row; None: say nothing."""
        inbound = incoming.inbound
        async with self.turn(), self.sessions() as session:
            if await inbound_log.seen(session, CHANNEL, inbound.provider_id or ""):
                return None
            if incoming.notice is not None:
                seeker = await find_seeker(session, CHANNEL, inbound.address)
                locale = seeker.locale if seeker is not None else self.settings.locale
                reply: Reply | None = Reply((Line(incoming.notice),), locale=locale)
            else:
                today = clock.local_today(self.settings.timezone, inbound.received_at)
                reply = await converse(
                    session,
                    inbound,
                    self.search,
                    default_locale=self.settings.locale,
                    today=today,
                    timezone=self.settings.timezone,
                )
                seeker = await find_seeker(session, CHANNEL, inbound.address)
            if seeker is not None and seeker.telegram_unreachable:
                seeker.telegram_unreachable = False  # they wrote to us, so they can be reached
            rendered = render_telegram(reply) if reply is not None else None
            inbound_log.log_message(
                session,
                CHANNEL,
                inbound.provider_id or "",
                inbound.address,
                inbound.text,
                inbound.received_at,
                reply=rendered.text if rendered is not None else None,
                seeker_id=seeker.id if seeker is not None else None,
            )
            await session.commit()
        return rendered

    async def mark_unreachable(self, user_id: int, unreachable: bool) -> None:
        """Record that the user blocked (or unblocked) the bot, in a transaction of its own."""
        async with self.turn(), self.sessions() as session:
            await session.execute(
                update(Seeker)
                .where(Seeker.telegram_id == user_id)
                .values(telegram_unreachable=unreachable)
            )
            await session.commit()
        log.info("telegram reachability", extra={"fields": {"unreachable": unreachable}})
