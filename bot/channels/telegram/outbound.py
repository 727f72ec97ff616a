"""Outbound Telegram messages (broadcasts, reminders) over the channel's send helpers."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels.outbound import SendResult
from bot.channels.telegram.render import MAX_TEXT, cut
from bot.channels.telegram.send import flood_wait, with_retries

log = logging.getLogger("gongyou.telegram")

CHANNEL = "telegram"


class TelegramSender:
    """Sends plain text to a chat id; the bot must be initialised (the running channel's is)."""

    channel = CHANNEL

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, address: str, text: str) -> SendResult:
        """One sendMessage; a block is `unreachable`, a flood wait or outage is retryable."""
        try:
            chat_id = int(address)
        except ValueError:
            return SendResult.failed(f"not a Telegram chat id: {address!r}")
        try:
            # No reply markup: a broadcast must not take away a keyboard the dialog is showing.
            message = await with_retries(
                lambda: self.bot.send_message(chat_id, cut(text, MAX_TEXT)), "sendMessage"
            )
        except Forbidden as error:
            return SendResult.refused(f"telegram forbidden: {error.message}")
        except RetryAfter as error:
            wait = flood_wait(error)
            return SendResult.failed("telegram flood wait", retryable=True, retry_after=wait)
        except BadRequest as error:
            # "chat not found" and the like: the address is wrong, and stays wrong.
            return SendResult.failed(f"telegram bad request: {error.message}")
        except NetworkError as error:
            return SendResult.failed(f"telegram network: {error.message}", retryable=True)
        except TelegramError as error:
            log.warning("telegram send refused", extra={"fields": {"error": error.message}})
            return SendResult.failed(f"telegram: {error.message}", retryable=True)
        return SendResult.sent(str(message.message_id))

    async def aclose(self) -> None:
        """The bot belongs to the Telegram channel, which closes it."""
