"""All-or-nothing vacancy import: check every row first, then write them in one transaction."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import clock
from bot.importing.norms import WageNorms
from bot.importing.reader import Table, UnreadableFile
from bot.importing.review import Checks, Held, HeldRow, any_changed, number_held, wage_norms
from bot.importing.rows import Problem, VacancyRow, column_map, missing_columns, parse_row
from messages import t
from storage.employers import reported_employers
from storage.models import Employer, Meeting, Vacancy, utcnow

CHUNK = 2000
MEETING_WIDTH = (
    200  # storage column widths: a caption or --meeting past them is refused, not crashed
)
SOURCE_WIDTH = 300
Progress = Callable[[int], None]
# Where the write waits its turn in a server (storage.turn.WriteTurn); nothing to wait for elsewhere.
Turn = Callable[[], AbstractAsyncContextManager[object]]


@dataclass
class ImportReport:
    meeting: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, list[Problem]]] = field(default_factory=list)
    file_problem: Problem | None = None
    vacancies: list[VacancyRow] = field(default_factory=list)
    # The ids of the vacancies this import added (empty after a dry run): what --broadcast alerts.
    added_ids: list[int] = field(default_factory=list)
    # Rows the import checks held: imported, never shown to workers until staff approve them.
    held: Held = field(default_factory=Held)
    # Employers of this file whose vacancies workers reported (举报): (name, reports).
    reported: list[tuple[str, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.file_problem is None

    def error_lines(self, locale: str | None = None) -> list[str]:
        """One line per bad row, naming every reason."""
        if self.file_problem:
            return [render_problem(self.file_problem, locale)]
        return [
            t(
                "import.row_error",
                locale,
                row=row,
                reason="；".join(render_problem(p, locale) for p in problems),
            )
            for row, problems in self.errors
        ]

    def summary(self, locale: str | None = None) -> str:
        if self.file_problem is not None:
            return t("import.failed_file", locale)
        if not self.ok:
            return t("import.failed", locale, count=len(self.errors))
        counts = {k: getattr(self, k) for k in ("meeting", "rows", "added", "updated", "unchanged")}
        reported = [
            t("import.reported", locale, employer=name, count=count)
            for name, count in self.reported
        ]
        return "\n".join(
            [t("import.summary", locale, **counts), *self.held.lines(locale), *reported]
        )


def render_problem(problem: Problem, locale: str | None = None) -> str:
    """Catalog text for a problem; `field` parameters are themselves catalog keys."""
    params = dict(problem.params)
    if "field" in params:
        params["field"] = t(str(params["field"]), locale)
    return t(problem.key, locale, **params)


def check(
    table: Table, report: ImportReport, progress: Progress = lambda n: None
) -> list[VacancyRow]:
    """Parse every row, collecting all problems; returns the good rows (meaningful only if report.ok)."""
    columns = column_map(table.header)
    if missing := missing_columns(columns):
        names = "、".join(t(f"field.{name}") for name in missing)
        report.file_problem = Problem(
            "import.missing_columns", {"columns": names, "header": ", ".join(table.header)}
        )
        return []
    good: list[VacancyRow] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        parsed = parse_row(number, cells, columns)
        progress(1)
        if isinstance(parsed, list):
            report.errors.append((number, parsed))
            continue
        key = parsed.source_key()
        if parsed.ref and key in first_row_of:
            again = Problem(
                "import.duplicate_ref", {"value": parsed.ref, "first": first_row_of[key]}
            )
            report.errors.append((number, [again]))
            continue
        first_row_of.setdefault(key, number)
        good.append(parsed)
    report.rows = len(table.rows)
    return good


def _keys(rows: Iterable[VacancyRow]) -> list[str]:
    # The same posting twice without refs: the second copy is "#2", so re-import matches them in order.
    seen: Counter[str] = Counter()
    keys = []
    for row in rows:
        key = row.source_key()
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys


async def _meeting(
    session: AsyncSession, name: str, held_on: date | None, place: str | None
) -> int:
    meeting = await session.scalar(select(Meeting).where(Meeting.name == name))
    if meeting is None:
        meeting = Meeting(name=name, held_on=held_on, place=place)
        session.add(meeting)
    else:
        meeting.held_on = held_on or meeting.held_on
        meeting.place = place or meeting.place
    await session.flush()
    return meeting.id


async def _employers(session: AsyncSession, names: set[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    ordered = sorted(names)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        result = await session.execute(
            select(Employer.name, Employer.id).where(Employer.name.in_(chunk))
        )
        ids.update(dict(result.tuples().all()))
    missing = [name for name in ordered if name not in ids]
    if missing:
        now = utcnow()
        await session.execute(
            insert(Employer), [{"name": n, "created_at": now, "updated_at": now} for n in missing]
        )
        return await _employers(session, names)
    return ids


def _values(
    row: VacancyRow, key: str, meeting_id: int, employer_id: int, source: str | None
) -> dict:
    values = asdict(row)
    values.pop("employer")
    values["source_row"] = values.pop("row")
    return values | {
        "meeting_id": meeting_id,
        "employer_id": employer_id,
        "source_key": key,
        "source_file": source,
        "content_hash": row.content_hash(),
    }


async def _existing(session: AsyncSession, meeting_id: int) -> dict[str, tuple[int, str, int]]:
    """source key -> (vacancy id, content digest, employer id) of the meeting's vacancies."""
    query = select(Vacancy.source_key, Vacancy.id, Vacancy.content_hash, Vacancy.employer_id).where(
        Vacancy.meeting_id == meeting_id
    )
    return {key: rest for key, *rest in (await session.execute(query)).tuples()}


@dataclass
class _Plan:
    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    moved: list[tuple[int, list[Problem]]] = field(default_factory=list)
    held: list[HeldRow] = field(default_factory=list)


def _plan(
    rows: list[VacancyRow],
    meeting_id: int,
    employers: dict[str, int],
    existing: dict[str, tuple[int, str, int]],
    source: str | None,
    checks: Checks,
) -> _Plan:
    """Which rows are new, which changed, which refused: pure work, done off the event loop."""
    plan = _Plan()
    now = utcnow()
    for row, key in zip(rows, _keys(rows), strict=True):
        values = _values(row, key, meeting_id, employers[row.employer], source)
        if key not in existing:
            values = checks.verdict(values, row, key, plan.held)
            plan.inserts.append(values | {"created_at": now, "updated_at": now})
        elif existing[key][2] != values["employer_id"]:
            # A ref that now names another employer is a renumbered sheet, not an edit:
            # updating would move seekers' applications to a job they never chose.
            plan.moved.append((row.row, [Problem("import.ref_moved", {"value": row.ref})]))
        elif existing[key][1] != values["content_hash"]:
            values = checks.verdict(values, row, key, plan.held)
            plan.updates.append(values | {"id": existing[key][0], "updated_at": now})
    return plan


async def write(
    sessions: async_sessionmaker,
    rows: list[VacancyRow],
    report: ImportReport,
    held_on: date | None = None,
    place: str | None = None,
    source: str | None = None,
    dry_run: bool = False,
    progress: Progress = lambda n: None,
    today: date | None = None,
) -> None:
    """Insert new vacancies and update changed ones in one transaction; dry_run only counts.

    Every new or changed row is checked (bot/importing/checks.py) against `today` and the wage
    norms of the vacancies on record; a flagged row goes in held."""
    async with sessions() as session:
        meeting_id = await _meeting(session, report.meeting, held_on, place)
        employers = await _employers(session, {row.employer for row in rows})
        existing = await _existing(session, meeting_id)
        keys = _keys(rows)
        # Only new or changed rows are checked: re-importing an unchanged sheet loads no norms.
        if await asyncio.to_thread(any_changed, rows, keys, existing):
            replaced = (existing[k][0] for k in keys if k in existing)
            norms = await wage_norms(session, rows, replaced)
        else:
            norms = WageNorms([])
        checks = Checks(today or clock.local_today("Asia/Shanghai"), norms)
        plan = await asyncio.to_thread(_plan, rows, meeting_id, employers, existing, source, checks)
        report.errors.extend(plan.moved)
        report.held = Held(plan.held)
        report.reported = await reported_employers(session, sorted(employers.values()))
        if report.errors:
            await session.rollback()
            return
        report.added, report.updated = len(plan.inserts), len(plan.updates)
        report.unchanged = len(rows) - len(plan.inserts) - len(plan.updates)
        if dry_run:
            await session.rollback()
            return
        progress(report.unchanged)
        for batch, statement in ((plan.inserts, insert(Vacancy)), (plan.updates, update(Vacancy))):
            for start in range(0, len(batch), CHUNK):
                chunk = batch[start : start + CHUNK]
                await session.execute(statement, chunk)
                progress(len(chunk))
        report.added_ids = await _ids(session, meeting_id, [v["source_key"] for v in plan.inserts])
        await number_held(session, meeting_id, report.held)
        await session.commit()


async def _ids(session: AsyncSession, meeting_id: int, keys: list[str]) -> list[int]:
    """The ids of the meeting's vacancies with these source keys."""
    ids: list[int] = []
    for start in range(0, len(keys), CHUNK):
        query = select(Vacancy.id).where(
            Vacancy.meeting_id == meeting_id, Vacancy.source_key.in_(keys[start : start + CHUNK])
        )
        ids += await session.scalars(query)
    return sorted(ids)


async def import_table(
    sessions: async_sessionmaker,
    table: Table,
    meeting: str,
    *,
    held_on: date | None = None,
    place: str | None = None,
    source: str | None = None,
    dry_run: bool = False,
    progress: Progress = lambda n: None,
    turn: Turn = contextlib.nullcontext,
    today: date | None = None,
) -> ImportReport:
    """Check then (unless dry_run or any row is bad) write; the report says what happened.

    `turn` is the server's write turn (storage.turn): only the write waits in it, never the check.
    `today` is the day deadlines are checked against (default: today in Asia/Shanghai).
    """
    meeting = " ".join(meeting.split())
    report = ImportReport(meeting=meeting)
    if not meeting or len(meeting) > MEETING_WIDTH:
        report.file_problem = Problem("import.bad_meeting", {"limit": MEETING_WIDTH})
        return report
    source = source[-SOURCE_WIDTH:] if source else source
    # Resolving every row's place is CPU work: a thread keeps the event loop answering meanwhile.
    rows = await asyncio.to_thread(check, table, report, progress)
    report.vacancies = rows
    if report.ok:
        async with turn():
            await write(sessions, rows, report, held_on, place, source, dry_run, progress, today)
    return report


def unreadable_report(meeting: str, error: UnreadableFile) -> ImportReport:
    return ImportReport(meeting=meeting, file_problem=Problem(error.key, error.params))
