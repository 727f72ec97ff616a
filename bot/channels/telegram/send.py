"""Sending to the Bot API with retries: flood waits once, network errors with backoff."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram import Bot, Message
from telegram.error import BadRequest, NetworkError, RetryAfter

from bot.channels.telegram.render import Rendered

log = logging.getLogger("gongyou.telegram")

T = TypeVar("T")
# Seconds to wait before each retry of a call that failed on the network.
BACKOFF = (0.5, 1.0, 2.0)
MAX_FLOOD_WAIT = 60.0  # a longer wait would hold the webhook past Telegram's own timeout


def retry_after_seconds(error: RetryAfter) -> float:
    """Seconds Telegram asked us to wait, whichever type this PTB version reports it in."""
    with warnings.catch_warnings():
        # PTB 22 warns that the attribute will become a timedelta; both types are handled here.
        warnings.simplefilter("ignore")
        value = error.retry_after
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    return max(seconds, 0.0)


def flood_wait(error: RetryAfter) -> float:
    """The wait, capped for a webhook answer that cannot wait long."""
    return min(retry_after_seconds(error), MAX_FLOOD_WAIT)


async def with_retries(call: Callable[[], Awaitable[T]], what: str, *, flood_retries: int = 1) -> T:
    """`call()`, retried after a flood wait (`flood_retries` times) and after network errors.

    Forbidden, BadRequest and other refusals are raised at once: retrying cannot change them.
    """
    flood_retried = flood_retries <= 0
    network_tries = 0
    while True:
        try:
            return await call()
        except RetryAfter as error:
            if flood_retried:
                raise
            flood_retried = True
            wait = flood_wait(error)
            log.warning("telegram flood wait", extra={"fields": {"call": what, "wait": wait}})
            await asyncio.sleep(wait)
        except BadRequest:
            raise
        except NetworkError as error:
            if network_tries >= len(BACKOFF):
                raise
            wait = BACKOFF[network_tries]
            network_tries += 1
            log.warning(
                "telegram network error, retrying",
                extra={"fields": {"call": what, "error": str(error), "wait": wait}},
            )
            await asyncio.sleep(wait)


async def deliver(
    bot: Bot, chat_id: int, rendered: Rendered, *, edit_message_id: int | None = None
) -> Message | bool:
    """Edit the message a button was on when that makes sense, else send a new one."""
    if edit_message_id is not None and rendered.editable:
        try:
            return await with_retries(
                lambda: bot.edit_message_text(
                    rendered.text,
                    chat_id=chat_id,
                    message_id=edit_message_id,
                    reply_markup=rendered.inline,
                ),
                "editMessageText",
            )
        except BadRequest as error:
            # A second press of the same button changes nothing; that is not worth a new message.
            if "not modified" in str(error).lower():
                return True
            # Too old to edit, or deleted: the answer still has to reach the user.
            log.info("edit refused, sending", extra={"fields": {"error": str(error)}})
    return await with_retries(
        lambda: bot.send_message(chat_id, rendered.text, reply_markup=rendered.send_markup),
        "sendMessage",
    )
