"""Who is at the desk: redeeming a sign-in link, the signed session cookie, signing out.

The cookie holds a random session token, its expiry and an HMAC of both under the signing key
(bot/console/keys.py). The database keeps the token's digest, so a session can end before its
cookie does: at sign-out, or when the staff member is removed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.staff.login import CONSOLE_PREFIX, KEEP_SPENT, digest
from messages import normalise_locale
from storage.models import ConsoleLink, ConsoleSession, Staff
from storage.staff import Scope, scope_of

COOKIE = "gongyou_console"
COOKIE_PATH = CONSOLE_PREFIX
SESSION_LIFETIME = timedelta(hours=8)


def _mac(key: bytes, message: str) -> str:
    raw = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def sign_cookie(key: bytes, token: str, expires: datetime) -> str:
    """`token.expiry.mac`: tampering with either part breaks the MAC."""
    body = f"{token}.{int(expires.timestamp())}"
    return f"{body}.{_mac(key, 'session:' + body)}"


def read_cookie(key: bytes, value: str, now: datetime) -> str | None:
    """The session token in a cookie whose MAC checks out and whose time is not up; else None."""
    parts = value.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    token, expiry, mac = parts
    if not hmac.compare_digest(mac, _mac(key, f"session:{token}.{expiry}")):
        return None
    if int(expiry) <= now.timestamp():
        return None
    return token


def csrf_token(key: bytes, token: str) -> str:
    """The CSRF token for one session: bound to it, so another session's token is worthless."""
    return _mac(key, "csrf:" + token)


@dataclass(frozen=True)
class Desk:
    """A signed-in staff member: who, what they may see, their language and their CSRF token."""

    staff: Staff
    scope: Scope
    session_id: int
    locale: str
    csrf: str

    @property
    def admin(self) -> bool:
        return self.staff.role == "admin"


def csrf_ok(desk: Desk, sent: object) -> bool:
    """Whether a form carried this session's CSRF token."""
    return isinstance(sent, str) and hmac.compare_digest(sent.encode(), desk.csrf.encode())


async def redeem_link(session: AsyncSession, token: str, now: datetime) -> int | None:
    """The staff id of an unused, unexpired link, which is used up by this call; else None.

    One UPDATE does the check and the spending, so two browsers racing with the same link
    cannot both get in.
    """
    if not token or len(token) > 100:
        return None
    spent = await session.execute(
        update(ConsoleLink)
        .where(
            ConsoleLink.token_hash == digest(token),
            ConsoleLink.used_at.is_(None),
            ConsoleLink.expires_at > now,
        )
        .values(used_at=now)
        .returning(ConsoleLink.staff_id)
    )
    return spent.scalar()


async def start_session(
    session: AsyncSession, staff_id: int, locale: str, now: datetime
) -> tuple[str, datetime]:
    """A new session for the staff member: (token for the cookie, expiry). The caller commits."""
    await session.execute(
        delete(ConsoleSession).where(ConsoleSession.expires_at < now - KEEP_SPENT)
    )
    token = secrets.token_urlsafe(32)
    expires = now + SESSION_LIFETIME
    session.add(
        ConsoleSession(
            token_hash=digest(token),
            staff_id=staff_id,
            locale=normalise_locale(locale),
            created_at=now,
            expires_at=expires,
        )
    )
    await session.flush()
    return token, expires


async def find_desk(session: AsyncSession, key: bytes, cookie: str | None, now: datetime):
    """The Desk behind a cookie, or None when it is missing, forged, expired or signed out."""
    token = read_cookie(key, cookie, now) if cookie else None
    if token is None:
        return None
    row = (
        await session.execute(
            select(ConsoleSession, Staff)
            .join(Staff, Staff.id == ConsoleSession.staff_id)
            .where(
                ConsoleSession.token_hash == digest(token),
                ConsoleSession.ended_at.is_(None),
                ConsoleSession.expires_at > now,
            )
        )
    ).first()
    if row is None:
        return None
    record, staff = row
    scope = await scope_of(session, staff)
    return Desk(staff, scope, record.id, record.locale, csrf_token(key, token))


async def end_session(session: AsyncSession, session_id: int, now: datetime) -> None:
    """Sign out: the cookie stops working at once, in every process. The caller commits."""
    await session.execute(
        update(ConsoleSession).where(ConsoleSession.id == session_id).values(ended_at=now)
    )


async def set_locale(session: AsyncSession, session_id: int, locale: str) -> None:
    await session.execute(
        update(ConsoleSession)
        .where(ConsoleSession.id == session_id)
        .values(locale=normalise_locale(locale))
    )
