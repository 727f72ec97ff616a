"""One-time sign-in links to the staff console: made here, redeemed by bot/console/auth.py.

A link carries a random token; the database keeps only its SHA-256 digest, so reading the table
gives nobody a way in. A link works once, for ten minutes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from storage.models import ConsoleLink, Staff

LINK_LIFETIME = timedelta(minutes=10)
CONSOLE_PREFIX = "/console"
LOGIN_PATH = CONSOLE_PREFIX + "/login/"
# Used or expired links are kept this long (an audit trail of sign-in attempts), then deleted.
KEEP_SPENT = timedelta(days=7)


def digest(token: str) -> str:
    """The SHA-256 hex digest the database keeps instead of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def console_base(settings: Settings) -> str:
    """Where browsers reach this server: GONGYOU_PUBLIC_URL, else the address it listens on."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    host = settings.host if settings.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{settings.port}"


async def create_login_link(
    session: AsyncSession, staff: Staff, base_url: str, now: datetime
) -> str:
    """A fresh sign-in URL for `staff` (the caller commits)."""
    token = secrets.token_urlsafe(32)
    await session.execute(delete(ConsoleLink).where(ConsoleLink.expires_at < now - KEEP_SPENT))
    session.add(
        ConsoleLink(
            token_hash=digest(token),
            staff_id=staff.id,
            created_at=now,
            expires_at=now + LINK_LIFETIME,
        )
    )
    await session.flush()
    return f"{base_url.rstrip('/')}{LOGIN_PATH}{token}"
