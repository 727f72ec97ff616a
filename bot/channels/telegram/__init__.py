"""Telegram through python-telegram-bot: webhook or long polling, the dialog with buttons, staff
commands, and outbound sends."""

from bot.channels.telegram.channel import TelegramChannel, routes, start_channel

__all__ = ["TelegramChannel", "routes", "start_channel"]
