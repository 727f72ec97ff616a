"""Staff commands over Telegram: who may run them, the spreadsheet download, and the answer sent."""

from __future__ import annotations

import logging
from datetime import timedelta
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
from storage import pending as staff_pending
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


def _buttons(reply: StaffReply) -> InlineKeyboardMarkup | None:
    """One row per button; pressing it sends its command back, as /broadcast confirm 12."""
    if not reply.buttons:
        return None
    rows = [[InlineKeyboardButton(label, callback_data=data)] for label, data in reply.buttons]
    return InlineKeyboardMarkup(rows)


class Refused(Exception):
    """A file not imported; the message says why, in the staff member's language."""


class StaffDesk:
    """Runs staff commands for registered staff; everyone else is left to the dialog."""

    def __init__(self, settings: Settings, sessions: Sessions, bot: Bot, turn: WriteTurn) -> None:
        self.settings = settings
        self.sessions = sessions
        self.bot = bot
        self.turn = turn
        # A /import without a file waits this long for the file, in the database: the file may
        # reach another server process.
        self.pending_ttl = PENDING_TTL

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
            await self._expect_file(message.chat_id, argument)
            reply = StaffReply(reply.text + "\n" + self._waiting(argument))
        await self._send(message.chat_id, reply)
        return True

    async def button(self, upd: Update) -> bool:
        """A staff button pressed by staff: "staff:…" data (applications, rosters) or a staff
        command ("/broadcast confirm 12"); False (the attempt logged) for anyone else."""
        query, user = upd.callback_query, upd.effective_user
        if query is None or user is None:
            return False
        data = query.data or ""
        word, argument = command_word(data)
        if not data.startswith(BUTTON_PREFIX) and not (
            data.startswith("/") and word in STAFF_COMMANDS
        ):
            return False
        async with self.sessions() as session:
            staff = await staff_for_telegram(session, user.id)
            if staff is None:
                self._refused("button", user.id)
                return False
            async with self.turn():
                if not await self._claim(session, upd, data):
                    return True  # Telegram delivered the press twice: answered once
            if data.startswith(BUTTON_PREFIX):
                reply = await run_staff_button(
                    session, staff, data, locale=self.settings.locale, turn=self.turn
                )
            else:
                reply = await self._run(session, staff, word, argument, None)
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
        async with self.sessions() as session:
            pending = await staff_pending.waiting(session, message.chat_id, "import", clock.now())
        if word != "import" and pending is None:
            return StaffReply(t("staff.import.how", locale))
        meeting = argument if word == "import" else pending or ""
        document = message.document
        assert document is not None
        try:
            self._check(document.file_name or "", document.file_size)
            data = await self._download(document)
        except Refused as refusal:
            return StaffReply(str(refusal))  # a pending import stays: the right file may follow
        async with self.turn(), self.sessions() as session:
            await staff_pending.done(session, message.chat_id, clock.now())
            await session.commit()
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
            settings=settings,
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

    async def _expect_file(self, chat_id: int, meeting: str) -> None:
        now = clock.now()
        async with self.turn(), self.sessions() as session:
            await staff_pending.expect(session, chat_id, "import", meeting, now + self.pending_ttl)
            await session.commit()

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
            await with_retries(
                lambda: self.bot.send_message(
                    chat_id,
                    cut(reply.text),
                    link_preview_options=QUIET,
                    reply_markup=_buttons(reply),
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
