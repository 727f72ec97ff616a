"""Staff commands (import, vacancies, applicants, stats): channel-neutral text and pictures."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from bot import clock
from bot.handlers.present import place_name, short_employer, wage
from bot.importing.reader import UnreadableFile
from bot.importing.service import ImportReport, Turn, import_table, unreadable_report
from bot.importing.worker import read_in_worker
from bot.matching.countries import countries
from bot.matching.regions import regions
from bot.render import render_line
from bot.staff import audit
from bot.staff.stats import stats_answer
from messages import t
from storage.models import Application, Employer, Meeting, Seeker, Staff, Vacancy
from storage.staff import Scope, meeting_by_name, region_prefix, scope_of, staff_by_telegram

# "login" is answered by the channel (it needs the server's address), the rest here.
STAFF_COMMANDS = ("import", "vacancies", "applicants", "stats", "login")
# Telegram allows 4,096 characters a message; the rest is headroom for the adapter's own framing.
TEXT_LIMIT = 4000
VACANCY_LINES = 20
# A filter word naming more divisions than this ("县") is matched as text only.
MAX_PLACE_PREFIXES = 200


@dataclass(frozen=True)
class StaffReply:
    """What the channel sends back: text, and optionally a PNG picture."""

    text: str
    image: bytes | None = None
    image_name: str | None = None


async def staff_for_telegram(session: AsyncSession, telegram_id: int) -> Staff | None:
    """The staff member behind a Telegram user id; None for everyone else."""
    return await staff_by_telegram(session, telegram_id)


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


async def run_staff_command(
    session: AsyncSession,
    staff: Staff,
    command: str,
    argument: str,
    *,
    document: tuple[str, bytes] | None,
    today: date,
    locale: str = "zh_CN",
    timezone: str = "Asia/Shanghai",
    turn: Turn = contextlib.nullcontext,
) -> StaffReply:
    """Answer one staff command; an import commits in its own transaction (its writes in `turn`),
    the rest only read."""
    name = command.strip().lstrip("/").lower()
    argument = argument.strip()
    scope = await scope_of(session, staff)
    if name == "import":
        return await _import(session, staff, scope, argument, document, locale, turn, today)
    if name == "vacancies":
        return StaffReply(await vacancies_text(session, scope, argument, locale, timezone))
    if name == "applicants":
        return StaffReply(await applicants_text(session, scope, argument, locale, timezone))
    if name == "stats":
        text, image = await stats_answer(session, scope, today, locale, timezone)
        name = f"stats-{today.isoformat()}.png" if image else None
        return StaffReply(text, image, name)
    return StaffReply(t("staff.help", locale))


async def _import(
    session: AsyncSession,
    staff: Staff,
    scope: Scope,
    argument: str,
    document: tuple[str, bytes] | None,
    locale: str,
    turn: Turn,
    today: date,
) -> StaffReply:
    if document is None:
        return StaffReply(t("staff.import.how", locale))
    file_name, data = document
    meeting_name = argument or Path(file_name).stem.strip() or file_name
    if foreign_meeting(await meeting_by_name(session, meeting_name), scope):
        return StaffReply(t("staff.import.not_yours", locale, meeting=meeting_name))
    # The importer commits in its own session; a channel's session is only read from here.
    sessions = async_sessionmaker(session.bind, expire_on_commit=False)
    try:
        # Parsed in a bounded child process, checked in a thread: the server answers meanwhile.
        table = await read_in_worker(data, file_name)
        report = await import_table(
            sessions, table, meeting_name, source=file_name, turn=turn, today=today
        )
    except UnreadableFile as error:
        report = unreadable_report(meeting_name, error)
    if not report.ok:
        return StaffReply(fit([report.summary(locale)], report.error_lines(locale), locale))
    await imported(sessions, staff, report, file_name, "telegram", turn)
    return StaffReply(_import_done(report, scope, locale))


def foreign_meeting(existing: Meeting | None, scope: Scope) -> bool:
    """Whether importing into `existing` would rewrite vacancies another office hosts."""
    if existing is None or scope.everything:
        return False
    return existing.host_agency_id not in (scope.agency_ids or ())


async def imported(
    sessions: async_sessionmaker,
    staff: Staff,
    report: ImportReport,
    source: str,
    via: str,
    turn: Turn = contextlib.nullcontext,
) -> None:
    """After an import went in: the staff member's office hosts the meeting if nobody did, and
    the import is in the audit log."""
    async with turn(), sessions() as writer:
        meeting = await meeting_by_name(writer, report.meeting)
        if meeting is not None and meeting.host_agency_id is None:
            meeting.host_agency_id = staff.agency_id
        counts = {k: getattr(report, k) for k in ("rows", "added", "updated", "unchanged")}
        detail = {"meeting": report.meeting, "file": source, "via": via} | counts
        detail["held"] = len(report.held.rows)
        target = f"meeting:{meeting.id}" if meeting else None
        audit.record(writer, staff, "import", target, detail, at=clock.now())
        await writer.commit()


def _import_done(report: ImportReport, scope: Scope, locale: str) -> str:
    return "\n".join(
        [report.summary(locale), t("staff.import.host", locale, agency=scope.agency_name)]
    )


def place_prefixes(word: str) -> list[str]:
    """Region-code prefixes of the divisions `word` names (深圳 -> 4403); none when too vague."""
    named = sorted(r.code for r in regions() if word in r.full_name)
    prefixes: list[str] = []
    for code in named:  # sorted, so an enclosing division comes before what it contains
        prefix = region_prefix(code)
        if not any(prefix.startswith(p) for p in prefixes):
            prefixes.append(prefix)
    return prefixes if len(prefixes) <= MAX_PLACE_PREFIXES else []


def country_codes(word: str) -> list[str]:
    """ISO codes of the countries `word` names, in Chinese or English (沙特 -> SA)."""
    return [c.code for c in countries() if word in c.name_zh or word.lower() in c.name_en.lower()]


def _place_condition(word: str) -> ColumnElement[bool] | None:
    """Vacancies whose division or country is named by `word` (深圳 -> every 4403xx code)."""
    conditions = [Vacancy.region_code.startswith(p) for p in place_prefixes(word)]
    if codes := country_codes(word):
        conditions.append(Vacancy.country.in_(codes))
    return or_(*conditions) if conditions else None


def vacancy_word_condition(word: str) -> ColumnElement[bool]:
    """Vacancies whose title, employer, place text or place named by `word` matches it."""
    texts = [
        Vacancy.title.icontains(word, autoescape=True),
        Employer.name.icontains(word, autoescape=True),
        Vacancy.location_text.icontains(word, autoescape=True),
    ]
    place = _place_condition(word)
    return or_(*texts, *([place] if place is not None else []))


async def vacancies_text(
    session: AsyncSession, scope: Scope, text: str, locale: str, timezone: str
) -> str:
    """Open vacancies in scope matching every word of `text`, newest first."""
    conditions = [Vacancy.status == "open", scope.vacancies()]
    conditions += [vacancy_word_condition(word) for word in text.split()]
    base = select(Vacancy).join(Employer, Vacancy.employer_id == Employer.id).where(*conditions)
    total = await session.scalar(select(func.count()).select_from(base.subquery())) or 0
    if total == 0:
        key = "staff.vacancies.none_matching" if text else "staff.vacancies.none"
        return t(key, locale, filter=text) if text else t(key, locale)
    query = (
        base.options(selectinload(Vacancy.employer))
        .order_by(Vacancy.created_at.desc(), Vacancy.id.desc())
        .limit(VACANCY_LINES)
    )
    rows = list(await session.scalars(query))
    head = (
        t("staff.vacancies.header_matching", locale, filter=text, count=total)
        if text
        else t("staff.vacancies.header", locale, count=total)
    )
    items = [_vacancy_line(v, locale) for v in rows]
    foot = [t("staff.vacancies.more", locale, shown=len(rows))] if total > len(rows) else []
    return fit([head], items + foot, locale)


def _vacancy_line(vacancy: Vacancy, locale: str) -> str:
    return t(
        "staff.vacancies.item",
        locale,
        id=vacancy.id,
        employer=short_employer(vacancy.employer.name),
        title=vacancy.title,
        place=place_name(vacancy, locale=locale),
        openings=vacancy.open_places,
        wage=render_line(wage(vacancy, locale), locale),
    )


def mask_phone(phone: str | None) -> str:
    """138****1234 for +8613812341234: enough to tell people apart, not enough to call them."""
    if not phone:
        return ""
    digits = phone.removeprefix("+86").lstrip("+")
    if len(digits) <= 4:
        return "*" * len(digits)
    keep = 3 if len(digits) >= 11 else max(len(digits) - 8, 0)
    return digits[:keep] + "****" + digits[-4:]


async def applicants_text(
    session: AsyncSession, scope: Scope, argument: str, locale: str, timezone: str
) -> str:
    """Who applied to one vacancy in scope; a vacancy out of scope reads as not existing."""
    word = argument.lstrip("#")
    # Plain ASCII digits that fit a 64-bit id: "²" is isdigit() too, and 20 digits overflow bigint.
    if not re.fullmatch(r"[0-9]{1,18}", word):
        return t("staff.applicants.usage", locale)
    vacancy = await session.scalar(
        select(Vacancy)
        .where(Vacancy.id == int(word), scope.vacancies())
        .options(selectinload(Vacancy.employer))
    )
    if vacancy is None:
        return t("staff.applicants.not_found", locale, id=word)
    applications = list(
        await session.scalars(
            select(Application)
            .where(Application.vacancy_id == vacancy.id)
            .options(selectinload(Application.seeker))
            .order_by(Application.created_at, Application.id)
        )
    )
    names = {"id": vacancy.id, "employer": short_employer(vacancy.employer.name)}
    names["title"] = vacancy.title
    if not applications:
        return t("staff.applicants.none", locale, **names)
    head = t("staff.applicants.header", locale, count=len(applications), **names)
    zone = ZoneInfo(timezone)
    items = [_applicant_line(a.seeker, a, zone, locale) for a in applications]
    return fit([head], items, locale)


def _utc(moment: datetime) -> datetime:
    # SQLite hands timestamps back without a zone; the storage layer writes them in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _applicant_line(seeker: Seeker, application: Application, zone: ZoneInfo, locale: str) -> str:
    contact = mask_phone(seeker.phone) or t("staff.applicants.telegram_only", locale)
    return t(
        "staff.applicants.item",
        locale,
        name=seeker.name or t("staff.applicants.no_name", locale),
        phone=contact,
        status=t(f"staff.status.{application.status}", locale),
        date=_utc(application.created_at).astimezone(zone).date().isoformat(),
    )
