"""Telegram: a python-telegram-bot Application fed by our webhook route or by long polling."""

from __future__ import annotations

import hmac
import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import BotCommand, ChatMember, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import clock
from bot.channels.base import clean_text, read_limited
from bot.channels.telegram.bridge import CHANNEL, DialogBridge, Incoming, Sessions, contact_e164
from bot.channels.telegram.polling import Poller
from bot.channels.telegram.render import replaces_message
from bot.channels.telegram.send import with_retries
from bot.channels.telegram.staff import STAFF_COMMANDS, StaffDesk
from bot.channels.telegram.updates import ALLOWED_UPDATES, BadUpdate, read_update
from bot.config import Settings
from bot.replies import Inbound
from bot.search import VacancySearch
from messages import normalise_locale, t
from storage.outage import database_unavailable
from storage.turn import WriteTurn

log = logging.getLogger("gongyou.telegram")

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_TEXT = 1600  # what the dialog reads of one message; the rest of a long paste is noise
MAX_REQUEST_BYTES = 1024 * 1024
# Telegram commands onto the words the dialog already understands on every channel.
COMMANDS = {
    "start": "订阅",
    "jobs": "找工作",
    "me": "我的",
    "help": "帮助",
    "lang": "语言",
    "stop": "退订",
}
Context = ContextTypes.DEFAULT_TYPE


class TelegramChannel:
    """The PTB Application and the bridge from its handlers to the shared dialog."""

    def __init__(
        self, settings: Settings, sessions: Sessions, search: VacancySearch, turn: WriteTurn
    ) -> None:
        token = settings.secret("telegram_bot_token")
        assert token is not None
        self.settings = settings
        self.sessions = sessions
        self.search = search
        self.webhook_mode = bool(settings.public_url and settings.secret("telegram_webhook_secret"))
        root = settings.telegram_api_base_url.rstrip("/")
        builder = (
            Application.builder()
            .token(token)
            .base_url(f"{root}/bot")
            .base_file_url(f"{root}/file/bot")
        )
        if self.webhook_mode:
            # Our Starlette route feeds updates in; PTB's own web server is not wanted.
            builder = builder.updater(None)
        self.application = builder.build()
        self.bridge = DialogBridge(settings, sessions, search, self.application.bot, turn)
        self.staff = StaffDesk(settings, sessions, self.application.bot, turn)
        self.poller: Poller | None = None
        if not self.webhook_mode:
            assert self.application.updater is not None
            self.poller = Poller(self.application.updater, sessions, turn, ALLOWED_UPDATES)
        # Updates the database could not take: the webhook answers them 503, Telegram sends again.
        self.redeliver: set[int] = set()
        self._add_handlers()

    def _add_handlers(self) -> None:
        # New messages only: MessageHandler would also take edits and channel posts.
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        app = self.application
        app.add_handler(CommandHandler(list(COMMANDS), self._on_command, filters=private))
        # Not in the command menu: seekers never see them, and non-staff get the unknown-command hint.
        app.add_handler(CommandHandler(list(STAFF_COMMANDS), self._on_staff, filters=private))
        app.add_handler(MessageHandler(private & filters.CONTACT, self._on_contact))
        app.add_handler(MessageHandler(private & filters.Document.ALL, self._on_document))
        # Unknown commands (/foo) are text too: the dialog answers them with its hint.
        app.add_handler(MessageHandler(private & filters.TEXT, self._on_text))
        app.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, self._on_other))
        app.add_handler(CallbackQueryHandler(self._on_button))
        app.add_handler(ChatMemberHandler(self._on_member, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_error_handler(self._on_error)

    async def start(self) -> None:
        """Connect, publish the command menu, then register the webhook or start polling."""
        app = self.application
        await app.initialize()
        await app.start()
        await self._set_commands()
        if self.webhook_mode:
            secret = self.settings.secret("telegram_webhook_secret")
            assert self.settings.public_url and secret
            url = self.settings.public_url.rstrip("/") + WEBHOOK_PATH
            await with_retries(
                lambda: app.bot.set_webhook(
                    url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
                ),
                "setWebhook",
            )
        else:
            assert self.poller is not None
            await self.poller.start()
        log.info("telegram started", extra={"fields": {"webhook": self.webhook_mode}})

    async def stop(self) -> None:
        app = self.application
        if self.poller is not None:
            await self.poller.stop()
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    async def _set_commands(self) -> None:
        def commands(locale: str) -> list[BotCommand]:
            return [BotCommand(name, t(f"telegram.command.{name}", locale)) for name in COMMANDS]

        bot = self.application.bot
        for language, locale in (("zh", "zh_CN"), ("en", "en"), (None, self.settings.locale)):
            menu = commands(locale)
            await with_retries(
                lambda menu=menu, language=language: bot.set_my_commands(
                    menu, language_code=language
                ),
                "setMyCommands",
            )

    # -- handlers: each turns an update into an Incoming and hands it to the bridge --------------

    def _incoming(
        self,
        upd: Update,
        text: str,
        *,
        contact_phone: str | None = None,
        notice: str | None = None,
        edit_message_id: int | None = None,
    ) -> Incoming | None:
        user = upd.effective_user
        if user is None:
            return None
        inbound = Inbound(
            CHANNEL,
            str(user.id),
            clean_text(text)[:MAX_TEXT],
            clock.now(),
            provider_id=str(upd.update_id),
            contact_phone=contact_phone,
            display_name=user.full_name,
            language_hint=user.language_code,
        )
        # Answers go to the sender's own private chat, whose id is their user id, never to the chat
        # of whatever message a button was on.
        return Incoming(inbound, user.id, notice, edit_message_id)

    async def _on_command(self, upd: Update, _: Context) -> None:
        message = upd.effective_message
        word = (message.text or "").split()[0].lstrip("/").split("@")[0].lower() if message else ""
        await self.bridge.handle(self._incoming(upd, COMMANDS.get(word, word)))

    async def _on_text(self, upd: Update, _: Context) -> None:
        message = upd.effective_message
        await self.bridge.handle(self._incoming(upd, message.text or "" if message else ""))

    async def _on_staff(self, upd: Update, context: Context) -> None:
        if not await self.staff.command(upd):
            await self._on_text(upd, context)

    async def _on_document(self, upd: Update, context: Context) -> None:
        if not await self.staff.document(upd):
            await self._on_other(upd, context)

    async def _on_contact(self, upd: Update, _: Context) -> None:
        message, user = upd.effective_message, upd.effective_user
        contact = message.contact if message else None
        if contact is None or user is None:
            return
        if contact.user_id != user.id:
            # Someone else's card: linking it would hand that person's record to this account.
            await self.bridge.handle(self._incoming(upd, "", notice="telegram.contact_not_own"))
            return
        phone = contact_e164(contact.phone_number)
        if phone is None:
            await self.bridge.handle(self._incoming(upd, "", notice="telegram.contact_unreadable"))
            return
        await self.bridge.handle(self._incoming(upd, "", contact_phone=phone))

    async def _on_other(self, upd: Update, _: Context) -> None:
        await self.bridge.handle(self._incoming(upd, "", notice="telegram.text_only"))

    async def _on_button(self, upd: Update, _: Context) -> None:
        query = upd.callback_query
        if query is None:
            return
        try:
            # Stops the button's spinner; a query too old to answer still gets its reply.
            await query.answer()
        except TelegramError as error:
            log.info("callback answer failed", extra={"fields": {"error": str(error)}})
        shown = query.message
        if shown is None or shown.chat.id != query.from_user.id:
            # A button on a message outside the presser's own chat with us (inline, or someone
            # else's): its data was never the presser's to act on.
            log.info("button outside the presser's chat ignored")
            return
        data = query.data or ""
        if await self.staff.button(upd):
            return  # a staff button (an application, a roster, a broadcast confirm)
        edit = shown.message_id if replaces_message(data) else None
        await self.bridge.handle(self._incoming(upd, data, edit_message_id=edit))

    async def _on_member(self, upd: Update, _: Context) -> None:
        change = upd.my_chat_member
        if change is None or change.chat.type != "private":
            return
        status = change.new_chat_member.status
        if status in (ChatMember.BANNED, ChatMember.MEMBER):
            await self.bridge.mark_unreachable(change.from_user.id, status == ChatMember.BANNED)

    async def _on_error(self, upd: object, context: Context) -> None:
        """Log (phones masked by the formatter) and apologise; the application keeps running."""
        update_id = upd.update_id if isinstance(upd, Update) else None
        if self.webhook_mode and update_id is not None and database_unavailable(context.error):
            # No apology: the redelivered update gets the real answer.
            self.redeliver.add(update_id)
            log.warning(
                "telegram update refused: database unavailable",
                extra={"fields": {"update_id": update_id}},
            )
            return
        log.error(
            "telegram update failed",
            exc_info=context.error,
            extra={"fields": {"update_id": update_id}},
        )
        user = upd.effective_user if isinstance(upd, Update) else None
        chat = upd.effective_chat if isinstance(upd, Update) else None
        # Only into the sender's own private chat, in the language their app shows.
        if user is None or chat is None or chat.id != user.id:
            return
        locale = normalise_locale(user.language_code or self.settings.locale)
        try:
            await self.application.bot.send_message(user.id, t("sms.sorry", locale))
        except TelegramError:
            log.warning("apology not sent", extra={"fields": {"update_id": update_id}})


async def start_channel(
    settings: Settings, sessions: Sessions, search: VacancySearch, turn: WriteTurn
) -> TelegramChannel | None:
    """The running channel, or None (logged) when Telegram cannot be reached at start-up."""
    channel = TelegramChannel(settings, sessions, search, turn)
    try:
        await channel.start()
    except Exception as error:
        # SMS and the rest of the server keep working while Telegram is unreachable.
        log_start_failure(error)
        await channel.stop()
        return None
    return channel


def log_start_failure(error: Exception) -> None:
    """One line for the expected failures, which recur with every retry, a minute apart."""
    if isinstance(error, InvalidToken):
        # Not PTB's message: it quotes the token.
        log.error("Telegram refused the bot token (401); check TELEGRAM_BOT_TOKEN and the API URL")
    elif isinstance(error, TelegramError):
        log.warning("telegram failed to start", extra={"fields": {"error": str(error)}})
    else:
        log.error("telegram failed to start", exc_info=error)


async def webhook(request: Request) -> Response:
    """POST /telegram/webhook: an update from Telegram, authenticated by the secret token."""
    channel: TelegramChannel | None = getattr(request.app.state, "telegram", None)
    settings: Settings = request.app.state.settings
    secret = settings.secret("telegram_webhook_secret")
    if channel is None or not channel.webhook_mode or secret is None:
        return PlainTextResponse("not found", status_code=404)
    given = request.headers.get(SECRET_HEADER, "").encode()
    if not hmac.compare_digest(given, secret.encode()):
        log.warning("telegram webhook refused")
        return PlainTextResponse("forbidden", status_code=403)
    body = await read_limited(request, MAX_REQUEST_BYTES)
    if body is None:
        return PlainTextResponse("too large", status_code=413)
    try:
        data = read_update(body)
        if data is None:
            return Response(status_code=200)  # a type we never subscribed to: acknowledged, unread
        upd = Update.de_json(data, channel.application.bot)
    except (BadUpdate, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return PlainTextResponse("bad request", status_code=400)
    await channel.application.process_update(upd)
    if upd.update_id in channel.redeliver:
        channel.redeliver.discard(upd.update_id)
        return PlainTextResponse("database unavailable", status_code=503)
    return Response(status_code=200)


def routes() -> list[Route]:
    return [Route(WEBHOOK_PATH, webhook, methods=["POST"])]
