"""Staff commands over Telegram: who may run them, the spreadsheet download, and the answer sent."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import (
    Bot,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.error import Forbidden, TelegramError

from bot import clock
from bot.channels.base import clean_text
from bot.channels.telegram.bridge import CHANNEL, Sessions
from bot.channels.telegram.send import with_retries
from bot.config import Settings
from bot.staff import (
    BUTTON_PREFIX,
    STAFF_COMMANDS,
    StaffReply,
    run_staff_button,
    run_staff_command,
    staff_for_telegram,
)
from bot.staff.login import LINK_LIFETIME, console_base, create_login_link
from messages import t
from storage import inbound as inbound_log
from storage.models import Staff
from storage.turn import WriteTurn

log = logging.getLogger("gongyou.telegram")

MAX_MESSAGE = 4096  # Telegram's limit, counted in UTF-16 code units
MAX_DOWNLOAD = 20 * 1024 * 1024  # the most the cloud Bot API lets a bot download
SUFFIXES = (".csv", ".xlsx")
PENDING_TTL = timedelta(minutes=10)
QUIET = LinkPreviewOptions(is_disabled=True)

__all__ = ["BUTTON_PREFIX", "STAFF_COMMANDS", "StaffDesk", "command_word", "cut", "masked_id"]


def masked_id(user_id: int) -> str:
    """A Telegram id with all but its last three digits hidden, for logs."""
    text = str(user_id)
    return "*" * max(len(text) - 3, 0) + text[-3:]


def cut(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` within `limit` UTF-16 code units, ending in "…" when something was cut."""
    if len(text.encode("utf-16-le")) // 2 <= limit:
        return text
    kept: list[str] = []
    used = 0
    for char in text:
        size = 2 if ord(char) > 0xFFFF else 1
        if used + size > limit - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…"


def command_word(text: str) -> tuple[str, str]:
    """("import", "春季洽谈会") for "/import@gongyou_bot 春季洽谈会"; ("", "") for plain text."""
    parts = text.strip().split(maxsplit=1)
    if not parts or not parts[0].startswith("/"):
        return "", ""
    word = parts[0][1:].split("@")[0].lower()
    return word, clean_text(parts[1]).strip() if len(parts) > 1 else ""


class Refused(Exception):
    """A file not imported; the message says why, in the staff member's language."""


@dataclass(frozen=True)
class PendingImport:
    """A /import without a file: the next document in the chat is the spreadsheet."""

    meeting: str
    until: datetime


class StaffDesk:
    """Runs staff commands for registered staff; everyone else is left to the dialog."""

    def __init__(self, settings: Settings, sessions: Sessions, bot: Bot, turn: WriteTurn) -> None:
        self.settings = settings
        self.sessions = sessions
        self.bot = bot
        self.turn = turn
        self.pending_ttl = PENDING_TTL
        # Per chat, in memory: a restart only means sending /import again.
        self.pending: dict[int, PendingImport] = {}

    async def command(self, upd: Update) -> bool:
        """Answer a staff command from staff; False (the attempt logged) for anyone else."""
        message, user = upd.effective_message, upd.effective_user
        if message is None or user is None:
            return False
        word, argument = command_word(message.text or "")
        async with self.sessions() as session:
            staff = await staff_for_telegram(session, user.id)
            if staff is None:
                self._refused(word, user.id)
                return False
            async with self.turn():
                if not await self._claim(session, upd, message.text or ""):
                    return True
                if word == "login":
                    reply = await self._login(session, staff)
            if word != "login":
                reply = await self._run(session, staff, word, argument, None)
        if word == "import":
            self._expect_file(message.chat_id, argument)
            reply = StaffReply(reply.text + "\n" + self._waiting(argument))
        await self._send(message.chat_id, reply)
        return True

    async def button(self, upd: Update) -> bool:
        """Answer a staff button pressed by staff; False (the attempt logged) for anyone else."""
        query, user = upd.callback_query, upd.effective_user
        if query is None or user is None or not (query.data or "").startswith(BUTTON_PREFIX):
            return False
        async with self.sessions() as session:
            staff = await staff_for_telegram(session, user.id)
            if staff is None:
                self._refused("button", user.id)
                return False
            async with self.turn():
                if not await self._claim(session, upd, query.data or ""):
                    return True
            reply = await run_staff_button(
                session, staff, query.data or "", locale=self.settings.locale, turn=self.turn
            )
        if reply is not None:
            await self._send(user.id, reply)
        return True

    async def document(self, upd: Update) -> bool:
        """Import a spreadsheet sent by staff; False for anyone else (nothing is downloaded)."""
        message, user = upd.effective_message, upd.effective_user
        if message is None or user is None or message.document is None:
            return False
        word, argument = command_word(message.caption or "")
        async with self.sessions() as session:
            staff = await staff_for_telegram(session, user.id)
            if staff is None:
                if word in STAFF_COMMANDS:
                    self._refused(word, user.id)
                return False
            async with self.turn():
                if not await self._claim(session, upd, message.caption or ""):
                    return True
        # Downloaded outside the write turn: nobody waits on Telegram's file server.
        upload = await self._upload(message, word, argument)
        if isinstance(upload, StaffReply):
            reply = upload
        else:
            async with self.sessions() as session:
                staff = await staff_for_telegram(session, user.id)
                if staff is None:  # removed while the file came down
                    return True
                reply = await self._run(session, staff, "import", *upload)
        await self._send(message.chat_id, reply)
        return True

    async def _upload(
        self, message: Message, word: str, argument: str
    ) -> tuple[str, tuple[str, bytes]] | StaffReply:
        """(meeting, (file name, content)) of a spreadsheet to import, or the reply refusing it."""
        locale = self.settings.locale
        pending = self._pending(message.chat_id)
        if word != "import" and pending is None:
            return StaffReply(t("staff.import.how", locale))
        meeting = argument if word == "import" else pending.meeting if pending else ""
        document = message.document
        assert document is not None
        try:
            self._check(document.file_name or "", document.file_size)
            data = await self._download(document)
        except Refused as refusal:
            return StaffReply(str(refusal))  # a pending import stays: the right file may follow
        self.pending.pop(message.chat_id, None)
        return meeting, (document.file_name or "upload", data)

    async def _run(
        self,
        session: AsyncSession,
        staff: Staff,
        word: str,
        argument: str,
        document: tuple[str, bytes] | None,
    ) -> StaffReply:
        settings = self.settings
        return await run_staff_command(
            session,
            staff,
            word,
            argument,
            document=document,
            today=clock.local_today(settings.timezone),
            locale=settings.locale,
            timezone=settings.timezone,
            turn=self.turn,
        )

    async def _login(self, session: AsyncSession, staff: Staff) -> StaffReply:
        """A one-time console sign-in link, sent to this private chat only."""
        url = await create_login_link(session, staff, console_base(self.settings), clock.now())
        await session.commit()
        minutes = int(LINK_LIFETIME.total_seconds() // 60)
        text = t("console.link.telegram", self.settings.locale, minutes=minutes, url=url)
        return StaffReply(text)

    @staticmethod
    async def _claim(session: AsyncSession, upd: Update, body: str) -> bool:
        """Record the update once; False when Telegram redelivered one already handled."""
        user = upd.effective_user
        address = str(user.id if user else "")
        return await inbound_log.claim(
            session, CHANNEL, str(upd.update_id), address, clean_text(body), clock.now()
        )

    def _refused(self, word: str, user_id: int) -> None:
        log.warning(
            "staff command from non-staff",
            extra={"fields": {"command": word, "telegram_id": masked_id(user_id)}},
        )

    def _expect_file(self, chat_id: int, meeting: str) -> None:
        now = clock.now()
        # Forget expired entries here, so the map stays as small as the staff actually waiting.
        self.pending = {k: v for k, v in self.pending.items() if v.until > now}
        self.pending[chat_id] = PendingImport(meeting, now + self.pending_ttl)

    def _pending(self, chat_id: int) -> PendingImport | None:
        pending = self.pending.get(chat_id)
        if pending is None or pending.until <= clock.now():
            self.pending.pop(chat_id, None)
            return None
        return pending

    def _waiting(self, meeting: str) -> str:
        minutes = int(self.pending_ttl.total_seconds() // 60)
        if meeting:
            return t("staff.import.waiting", self.settings.locale, meeting=meeting, minutes=minutes)
        return t("staff.import.waiting_file_name", self.settings.locale, minutes=minutes)

    def _check(self, name: str, size: int | None) -> None:
        """Refuse a file by its name and size before (and after) downloading it."""
        locale = self.settings.locale
        if PurePath(name.lower()).suffix not in SUFFIXES:
            raise Refused(t("staff.import.bad_type", locale, name=name or "?"))
        if size is not None and size > MAX_DOWNLOAD:
            megabytes = f"{size / 1024 / 1024:.1f}"
            limit = MAX_DOWNLOAD // 1024 // 1024
            raise Refused(t("staff.import.too_big", locale, size=megabytes, limit=limit))

    async def _download(self, document: Document) -> bytes:
        name = document.file_name or ""
        try:
            file = await with_retries(document.get_file, "getFile")
            self._check(name, file.file_size)
            data = bytes(await with_retries(file.download_as_bytearray, "downloadFile"))
        except TelegramError as error:
            log.warning("staff file download failed", extra={"fields": {"error": str(error)}})
            raise Refused(t("staff.import.download_failed", self.settings.locale)) from error
        self._check(name, len(data))
        return data

    async def _send(self, chat_id: int, reply: StaffReply) -> None:
        try:
            # No link preview: Telegram's preview fetch would spend a one-time sign-in link.
            markup = (
                InlineKeyboardMarkup(
                    [[InlineKeyboardButton(a, callback_data=b)] for a, b in reply.buttons]
                )
                if reply.buttons
                else None
            )
            await with_retries(
                lambda: self.bot.send_message(
                    chat_id, cut(reply.text), link_preview_options=QUIET, reply_markup=markup
                ),
                "sendMessage",
            )
            if reply.image is not None:
                await with_retries(
                    lambda: self.bot.send_photo(
                        chat_id, reply.image, filename=reply.image_name or "chart.png"
                    ),
                    "sendPhoto",
                )
        except Forbidden:
            log.info("staff member blocked the bot", extra={"fields": {"chat": masked_id(chat_id)}})
