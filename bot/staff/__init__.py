"""Staff commands for agency workers, channel-neutral: the Telegram adapter sends what they return."""

from bot.staff.commands import (
    STAFF_COMMANDS,
    StaffReply,
    mask_phone,
    run_staff_command,
    staff_for_telegram,
)

__all__ = ["STAFF_COMMANDS", "StaffReply", "mask_phone", "run_staff_command", "staff_for_telegram"]
