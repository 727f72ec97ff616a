"""Staff commands for agency workers, channel-neutral: the Telegram adapter sends what they return."""

from bot.staff.commands import (
    STAFF_COMMANDS,
    run_staff_button,
    run_staff_command,
    staff_for_telegram,
)
from bot.staff.reply import BUTTON_PREFIX, StaffReply, mask_phone

__all__ = [
    "BUTTON_PREFIX",
    "STAFF_COMMANDS",
    "StaffReply",
    "mask_phone",
    "run_staff_button",
    "run_staff_command",
    "staff_for_telegram",
]
