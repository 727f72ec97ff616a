"""`gongyou roster --training ID | --departure ID [--format table|csv] [--json] [-o FILE]
[--mark-attended SEEKER...]`: who is on the list, what they answered, who came."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli.types import positive


def register(sub) -> None:
    cmd = sub.add_parser("roster", help="who is enrolled on a training or departure")
    event = cmd.add_mutually_exclusive_group(required=True)
    event.add_argument("--training", type=positive, metavar="ID", help="the training id")
    event.add_argument("--departure", type=positive, metavar="ID", help="the departure id")
    cmd.add_argument(
        "--format",
        choices=("table", "csv"),
        default="table",
        help="table (default) or csv (with BOM, opens in Excel)",
    )
    cmd.add_argument(
        "--json",
        action="store_true",
        help='print [{"seeker_id", "name", "channel", "status", "reminders_sent"}]',
    )
    cmd.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    cmd.add_argument(
        "--mark-attended",
        type=positive,
        nargs="+",
        metavar="SEEKER",
        help="mark these seekers attended (after the event, the others enrolled are no-shows)",
    )
    cmd.set_defaults(run=run)


async def _work(session, args: argparse.Namespace, settings) -> dict:
    from bot import clock
    from bot.schedule.describe import kind_name, summary
    from bot.schedule.events import find
    from bot.schedule.kinds import ScheduleError
    from bot.schedule.roster import mark_attended, roster

    kind = "training" if args.training else "departure"
    event_id = args.training or args.departure
    event = await find(session, kind, event_id)
    if event is None:
        raise ScheduleError("schedule.error.not_found", kind=kind, id=event_id)
    now = clock.now()
    marked = None
    if args.mark_attended:
        marked = await mark_attended(session, event, args.mark_attended, now, staff=None, via="cli")
        await session.commit()
    title = await summary(session, event, settings.timezone, settings.locale)
    return {
        "title": f"{kind_name(event, settings.locale)} #{event.id}: {title}",
        "rows": await roster(session, event, now),
        "marked": marked,
    }


def _table(result: dict, settings, out) -> None:
    from rich.console import Console
    from rich.table import Table

    from bot.schedule.roster import CSV_COLUMNS, counts
    from bot.schedule.times import shown
    from messages import t

    locale = settings.locale
    table = Table(title=result["title"], title_justify="left")
    for column in CSV_COLUMNS:
        table.add_column(t(f"schedule.column.{column}", locale))
    for row in result["rows"]:
        table.add_row(
            str(row.seeker_id),
            row.name or "",
            row.phone or "",
            row.channel,
            t(f"schedule.status.{row.status}", locale),
            str(row.waiting_position or ""),
            shown(row.answered_at, settings.timezone) if row.answered_at else "",
            str(row.reminders_sent),
        )
    console = Console(file=out, soft_wrap=True)
    console.print(table)
    console.print(t("schedule.roster.counts", locale, **counts(result["rows"])), highlight=False)


def _write(result: dict, args: argparse.Namespace, settings, out) -> None:
    from bot.schedule.roster import write_csv

    if args.json:
        print(json.dumps([row.contract() for row in result["rows"]], ensure_ascii=False), file=out)
    elif args.format == "csv":
        write_csv(result["rows"], out, settings.timezone, settings.locale)
    else:
        _table(result, settings, out)


def run(args: argparse.Namespace, settings) -> int:
    from bot.cli.acting import act
    from messages import t

    status, result = act(settings, lambda session: _work(session, args, settings))
    if result is None:
        return status
    if result["marked"] is not None:
        print(t("schedule.roster.marked", settings.locale, count=result["marked"]), file=sys.stderr)
    if args.output is None:
        _write(result, args, settings, sys.stdout)
        return 0
    with args.output.open("w", encoding="utf-8", newline="") as out:
        _write(result, args, settings, out)
    return 0
