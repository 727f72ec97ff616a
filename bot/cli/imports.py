"""`gongyou import FILE --meeting NAME`: vacancies from a labour cooperation meeting's list."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.types import name
from bot.importing.fields import HEADERS, REQUIRED
from messages import t

if TYPE_CHECKING:
    from rich.console import Console

    from bot.importing.service import ImportReport

EXIT_BAD_ROWS = 2
PREVIEW_ROWS = 20


def columns_epilog() -> str:
    """The accepted headers, from the importer's own table, for `gongyou import --help`."""
    width = max(map(len, HEADERS))
    lines = [
        "columns: a header row first, then one vacancy per row; a column may be headed by any",
        "of the names below (Chinese or English; * = required, other columns are ignored):",
    ]
    for field, names in HEADERS.items():
        mark = "*" if field in REQUIRED else " "
        lines.append(f"  {mark} {field:<{width}}  {', '.join(names)}")
    return "\n".join(lines)


def register(sub) -> None:
    cmd = sub.add_parser(
        "import",
        help="import vacancies from a CSV or XLSX file",
        description="Import vacancies from a labour cooperation meeting's list: CSV (UTF-8 or\n"
        "GB18030) or XLSX. A file with any bad row imports nothing; the errors name each\n"
        "row. Importing the same list again updates the rows that changed.",
        epilog=columns_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("file", type=Path, help="the meeting's list, .csv or .xlsx")
    cmd.add_argument("--meeting", required=True, type=name, help="labour cooperation meeting name")
    cmd.add_argument("--date", type=date.fromisoformat, help="meeting date YYYY-MM-DD")
    cmd.add_argument("--place", help="where the meeting was held")
    cmd.add_argument("--dry-run", action="store_true", help="check and show, write nothing")
    cmd.add_argument(
        "--broadcast",
        action="store_true",
        help="then alert the seekers the new vacancies fit (one message each; see broadcast)",
    )
    cmd.set_defaults(run=run)


def _print_preview(console: Console, report: ImportReport) -> None:
    """One plain line per vacancy, so the preview can be read, grepped and diffed."""
    for row in report.vacancies[:PREVIEW_ROWS]:
        place = row.region_code or row.country or ""
        fields = (
            row.employer,
            row.title,
            f"{row.location_text} ({place})",
            str(row.headcount),
            row.wage_text or "",
            row.occupations,
        )
        console.print(
            f"{row.row}: " + " | ".join(fields), markup=False, highlight=False, soft_wrap=True
        )
    if len(report.vacancies) > PREVIEW_ROWS:
        console.print(t("import.preview_more", None, count=len(report.vacancies) - PREVIEW_ROWS))


def _missing_sqlite_file(url: str) -> bool:
    """Whether `url` names a SQLite file that does not exist yet (opening it would create it)."""
    from sqlalchemy.engine import make_url

    from storage.engine import is_sqlite

    database = make_url(url).database
    return (
        is_sqlite(url) and bool(database) and database != ":memory:" and not Path(database).exists()
    )


@contextlib.contextmanager
def _database(url: str, dry_run: bool) -> Iterator[str]:
    """The migrated database an import runs against.

    A dry run must leave no database behind: when the target is a SQLite file that does not exist
    yet, the check runs against a fresh scratch database in a temporary directory, which is what
    the target would be (every row new), then the scratch file goes.
    """
    import tempfile

    from bot.cli.database import migrate
    from storage.migrate import upgrade

    if not (dry_run and _missing_sqlite_file(url)):
        migrate(url)
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="gongyou-dry-run-") as scratch:
        url = f"sqlite:///{Path(scratch) / 'dry-run.db'}"
        upgrade(url)
        yield url


async def _import(args, url: str, progress, timezone: str) -> ImportReport:
    from bot.clock import local_today
    from bot.importing.reader import read_bytes
    from bot.importing.service import import_table
    from bot.importing.worker import read_in_worker
    from storage.engine import create_engine, session_factory

    # The same bounded worker as a Telegram upload: a file named on the command line may be hostile too.
    table = await read_in_worker(read_bytes(args.file), args.file.name)
    task = progress.add_task(args.file.name, total=len(table.rows) * 2)
    engine = create_engine(url)
    try:
        return await import_table(
            session_factory(engine),
            table,
            args.meeting,
            held_on=args.date,
            place=args.place,
            source=args.file.name,
            dry_run=args.dry_run,
            progress=lambda n: progress.advance(task, n),
            today=local_today(timezone),
        )
    finally:
        await engine.dispose()


def run(args, settings) -> int:
    import asyncio

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from bot.importing.reader import UnreadableFile
    from bot.importing.service import unreadable_report

    out, err = Console(), Console(stderr=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    try:
        with _database(settings.database_url, args.dry_run) as url, bar:
            report = asyncio.run(_import(args, url, bar, settings.timezone))
    except UnreadableFile as error:
        report = unreadable_report(args.meeting, error)
    if not report.ok:
        for line in report.error_lines(settings.locale):
            err.print(line, markup=False, highlight=False)
        err.print(report.summary(settings.locale), markup=False)
        return EXIT_BAD_ROWS
    if args.dry_run:
        _print_preview(out, report)
    # One line per held row, unwrapped, so it can be grepped.
    out.print(report.summary(settings.locale), markup=False, highlight=False, soft_wrap=True)
    if report.held.rows and not args.dry_run:
        out.print(t("import.held_how", settings.locale), markup=False, soft_wrap=True)
    if args.dry_run:
        out.print(t("import.dry_run", settings.locale), markup=False)
    elif args.broadcast:
        _broadcast(out, settings, report)
    return 0


def _broadcast(out: Console, settings, report: ImportReport) -> None:
    """One meeting broadcast of the vacancies this import added."""
    import asyncio

    from bot.broadcasts.service import Subject
    from bot.cli.broadcast import said, start

    locale = settings.locale
    out.print(t("broadcast.import", locale, count=len(report.added_ids)), markup=False)
    if not report.added_ids:
        return  # nothing new: nobody to tell
    subject = Subject(meeting=report.meeting, vacancy_ids=tuple(report.added_ids))
    queued = asyncio.run(start(settings, subject, "all", dry_run=False, via="import"))
    said(out, queued, False, locale)
