"""Reply -> Telegram message: text within 4,096 characters and an inline or contact keyboard."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.render import plain_text, render_line
from bot.replies import Choice, Line, Reply

MAX_TEXT = 4096  # Bot API limit for one message, counted in UTF-16 code units
MAX_CALLBACK_BYTES = 64  # Bot API limit for callback_data
MAX_LABEL = 40  # longer labels are ellipsised by phone clients anyway
# Commands that replace the list on screen rather than answer it with a new message.
PAGING_COMMANDS = frozenset({"更多", "上一页", "返回"})

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    inline: InlineKeyboardMarkup | None
    contact: ReplyKeyboardMarkup | None = None

    @property
    def editable(self) -> bool:
        """An edited message can carry only an inline keyboard, never a contact button."""
        return self.contact is None

    @property
    def send_markup(self) -> Markup:
        """The keyboard for a new message; a plain one also takes away a leftover contact button."""
        return self.contact or self.inline or ReplyKeyboardRemove()


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, limit: int) -> str:
    """`text` shortened to `limit` UTF-16 units, marked with an ellipsis when cut."""
    if _utf16_len(text) <= limit:
        return text
    out = text[: limit - 1]
    while _utf16_len(out) > limit - 1:
        out = out[:-1]
    return out + "…"


def _button(choice: Choice, label: str) -> InlineKeyboardButton:
    data = choice.command
    if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback_data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return InlineKeyboardButton(cut(label, MAX_LABEL), callback_data=data)


def inline_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """One row per choice ("1. 宝安精密电子 普工 …"), then the actions side by side."""
    locale = reply.locale
    rows = [[_button(c, f"{c.command}. {render_line(c.label, locale)}")] for c in reply.choices]
    if reply.actions:
        rows.append([_button(a, render_line(a.label, locale)) for a in reply.actions])
    return InlineKeyboardMarkup(rows) if rows else None


def contact_keyboard(locale: str) -> ReplyKeyboardMarkup:
    """One button that shares the user's own phone number; it goes away once pressed."""
    label = render_line(Line("action.share_contact"), locale)
    return ReplyKeyboardMarkup(
        [[KeyboardButton(label, request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def render_telegram(reply: Reply) -> Rendered:
    """The text (choices numbered too, so typing a number works) and its keyboards."""
    text = cut(plain_text(reply), MAX_TEXT)
    contact = contact_keyboard(reply.locale) if reply.ask_contact else None
    return Rendered(text, inline_keyboard(reply), contact)


def replaces_message(command: str) -> bool:
    """Whether a pressed button's answer should edit the message it was on (paging, picking)."""
    return command in PAGING_COMMANDS or command.isdigit()
