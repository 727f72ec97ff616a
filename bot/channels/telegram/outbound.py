"""Outbound Telegram messages (broadcasts, reminders) over the channel's send helpers."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels.outbound import Prepared, SendResult
from bot.channels.telegram.render import MAX_TEXT, cut, render_telegram
from bot.channels.telegram.send import retry_after_seconds, with_retries
from bot.replies import Reply

log = logging.getLogger("gongyou.telegram")

CHANNEL = "telegram"


class TelegramSender:
    """Sends to a chat id, with a button per choice; the bot must be initialised (the running
    channel's is)."""

    channel = CHANNEL

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    def prepare(self, message: Reply | str) -> Prepared:
        """A Reply as text with an inline keyboard of its choices; finished text as it is."""
        if not isinstance(message, Reply):
            return Prepared(cut(message, MAX_TEXT))
        rendered = render_telegram(message)
        # Only the inline keyboard: a message from the outbox must not take away a reply keyboard
        # the dialog is showing (send_markup would send ReplyKeyboardRemove without choices).
        return Prepared(rendered.text, rendered.inline)

    async def send(self, address: str, message: Prepared | str) -> SendResult:
        """One sendMessage; a block is `unreachable`, a flood wait pauses the channel, an outage
        is retryable. A flood wait is never slept out here: that would hold a send slot."""
        prepared = message if isinstance(message, Prepared) else self.prepare(message)
        try:
            chat_id = int(address)
        except ValueError:
            return SendResult.failed(f"not a Telegram chat id: {address!r}")
        try:
            sent = await with_retries(
                lambda: self.bot.send_message(chat_id, prepared.text, reply_markup=prepared.markup),
                "sendMessage",
                flood_retries=0,
            )
        except Forbidden as error:
            return SendResult.refused(f"telegram forbidden: {error.message}")
        except RetryAfter as error:
            wait = retry_after_seconds(error)
            return SendResult.failed(
                "telegram flood wait", retryable=True, retry_after=wait, rate_limited=True
            )
        except BadRequest as error:
            # "chat not found" and the like: the address is wrong, and stays wrong.
            return SendResult.failed(f"telegram bad request: {error.message}")
        except NetworkError as error:
            return SendResult.failed(f"telegram network: {error.message}", retryable=True)
        except TelegramError as error:
            log.warning("telegram send refused", extra={"fields": {"error": error.message}})
            return SendResult.failed(f"telegram: {error.message}", retryable=True)
        return SendResult.sent(str(sent.message_id))

    async def aclose(self) -> None:
        """The bot belongs to the Telegram channel, which closes it."""
