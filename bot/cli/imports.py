"""`gongyou import FILE --meeting NAME`: vacancies from a labour cooperation meeting's list."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.cli.types import name
from bot.importing.reader import UnreadableFile, read_bytes
from bot.importing.service import ImportReport, import_table, unreadable_report
from bot.importing.worker import read_in_worker
from messages import t
from storage.engine import create_engine, session_factory
from storage.migrate import upgrade

EXIT_BAD_ROWS = 2
PREVIEW_ROWS = 20


def register(sub) -> None:
    cmd = sub.add_parser("import", help="import vacancies from a CSV or XLSX file")
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--meeting", required=True, type=name, help="labour cooperation meeting name")
    cmd.add_argument("--date", type=date.fromisoformat, help="meeting date YYYY-MM-DD")
    cmd.add_argument("--place", help="where the meeting was held")
    cmd.add_argument("--dry-run", action="store_true", help="check and show, write nothing")
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


async def _import(args, settings, progress) -> ImportReport:
    # The same bounded worker as a Telegram upload: a file named on the command line may be hostile too.
    table = await read_in_worker(read_bytes(args.file), args.file.name)
    task = progress.add_task(args.file.name, total=len(table.rows) * 2)
    engine = create_engine(settings.database_url)
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
        )
    finally:
        await engine.dispose()


def run(args, settings) -> int:
    out, err = Console(), Console(stderr=True)
    upgrade(settings.database_url)
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
        with bar:
            report = asyncio.run(_import(args, settings, bar))
    except UnreadableFile as error:
        report = unreadable_report(args.meeting, error)
    if not report.ok:
        for line in report.error_lines(settings.locale):
            err.print(line, markup=False, highlight=False)
        err.print(report.summary(settings.locale), markup=False)
        return EXIT_BAD_ROWS
    if args.dry_run:
        _print_preview(out, report)
    out.print(report.summary(settings.locale), markup=False, highlight=False)
    if args.dry_run:
        out.print(t("import.dry_run", settings.locale), markup=False)
    return 0
