"""Staff commands (import, vacancies, applicants, stats, scheduling): channel-neutral replies."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from bot import clock
from bot.config import Settings
from bot.handlers.present import place_name, short_employer, wage
from bot.importing.reader import UnreadableFile
from bot.importing.service import ImportReport, Turn, import_table, unreadable_report
from bot.importing.worker import read_in_worker
from bot.matching.countries import countries
from bot.matching.regions import regions
from bot.render import render_line
from bot.staff import audit
from bot.staff.applicants import applicants_reply, application_button
from bot.staff.reply import StaffReply, fit
from bot.staff.scheduling import SCHEDULE_COMMANDS, schedule_reply
from bot.staff.stats import stats_answer
from messages import t
from storage.models import Employer, Meeting, Staff, Vacancy
from storage.staff import Scope, meeting_by_name, region_prefix, scope_of, staff_by_telegram

# "login" is answered by the channel (it needs the server's address), the rest here.
STAFF_COMMANDS = (
    "import",
    "vacancies",
    "applicants",
    "stats",
    "broadcast",
    "login",
    *SCHEDULE_COMMANDS,
)
VACANCY_LINES = 20
# A filter word naming more divisions than this ("县") is matched as text only.
MAX_PLACE_PREFIXES = 200


async def staff_for_telegram(session: AsyncSession, telegram_id: int) -> Staff | None:
    """The staff member behind a Telegram user id; None for everyone else."""
    return await staff_by_telegram(session, telegram_id)


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
    settings: Settings | None = None,
) -> StaffReply:
    """Answer one staff command; an import commits in its own transaction, scheduling and
    attendance in the session (their writes in `turn`), the rest only read."""
    name = command.strip().lstrip("/").lower()
    argument = argument.strip()
    scope = await scope_of(session, staff)
    if name == "import":
        return await _import(session, staff, scope, argument, document, locale, turn, today)
    if name == "vacancies":
        return StaffReply(await vacancies_text(session, scope, argument, locale, timezone))
    if name == "applicants":
        return await applicants_reply(session, scope, argument, locale, timezone)
    if name == "broadcast" and settings is not None:
        # Imported here: broadcasting reaches into the console's address_of, whose package
        # imports these commands.
        from bot.staff.broadcast import broadcast_answer

        text, buttons = await broadcast_answer(
            session, staff, scope, argument, settings, locale, turn=turn
        )
        return StaffReply(text, buttons=buttons)
    if name == "stats":
        text, image = await stats_answer(session, scope, today, locale, timezone)
        name = f"stats-{today.isoformat()}.png" if image else None
        return StaffReply(text, image, name)
    if name in SCHEDULE_COMMANDS:
        return await schedule_reply(
            session, staff, scope, name, argument, locale=locale, zone=timezone, turn=turn
        )
    return StaffReply(t("staff.help", locale))


async def run_staff_button(
    session: AsyncSession,
    staff: Staff,
    data: str,
    *,
    locale: str = "zh_CN",
    turn: Turn = contextlib.nullcontext,
) -> StaffReply | None:
    """Answer a staff button (data starting "staff:"); None for data no staff button sends."""
    scope = await scope_of(session, staff)
    return await application_button(session, staff, scope, data, locale, turn)


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
