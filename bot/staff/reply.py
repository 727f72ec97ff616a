"""What a staff command answers, channel-neutral: text, a picture, buttons; and fitting lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from messages import t

# Telegram allows 4,096 characters a message; the rest is headroom for the adapter's own framing.
TEXT_LIMIT = 4000
# The data a staff button carries starts with this, so the channel hands it to staff, not the dialog.
BUTTON_PREFIX = "staff:"


@dataclass(frozen=True)
class StaffReply:
    """What the channel sends back: text, optionally a PNG picture, and buttons (one per row:
    the label, and the data pressing it sends back, starting with BUTTON_PREFIX, ≤ 64 bytes)."""

    text: str
    image: bytes | None = None
    image_name: str | None = None
    buttons: tuple[tuple[str, str], ...] = ()


def fit(head: Sequence[str], items: Sequence[str], locale: str, limit: int = TEXT_LIMIT) -> str:
    """Head lines, then as many items as fit in `limit` characters, then "…and N more"."""
    lines = list(head)
    used = sum(len(s) + 1 for s in lines)
    for index, item in enumerate(items):
        rest = len(items) - index - 1
        reserve = len(t("staff.more", locale, count=len(items))) + 1 if rest else 0
        if used + len(item) + 1 + reserve > limit:
            lines.append(t("staff.more", locale, count=len(items) - index))
            break
        lines.append(item)
        used += len(item) + 1
    return "\n".join(lines)


def mask_phone(phone: str | None) -> str:
    """138****1234 for +8613812341234: enough to tell people apart, not enough to call them."""
    if not phone:
        return ""
    digits = phone.removeprefix("+86").lstrip("+")
    if len(digits) <= 4:
        return "*" * len(digits)
    keep = 3 if len(digits) >= 11 else max(len(digits) - 8, 0)
    return digits[:keep] + "****" + digits[-4:]
