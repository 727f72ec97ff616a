"""`gongyou broadcast --vacancy ID | --meeting NAME` and `gongyou broadcast status ID`.

The command queues and returns: the running server (`gongyou serve`) sends. `--wait` follows the
sending until nothing is pending, then shows the status table. `--json` prints the contract's
object: {"broadcast_id", "targeted", "by_channel": {"sms", "telegram"}, "sent", "delivered",
"failed", "pending"}.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from bot.cli.types import name, positive
from messages import t

if TYPE_CHECKING:
    from rich.console import Console

    from bot.broadcasts.service import Status, Subject
    from bot.config import Settings

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
POLL_SECONDS = 1.0  # how often --wait reads the progress: a person watches it, nothing waits on it


def register(sub) -> None:
    cmd = sub.add_parser(
        "broadcast",
        help="alert the seekers a new vacancy (or a meeting's vacancies) fits",
        description="Queue an alert to every seeker a vacancy fits (for a meeting: one message\n"
        "each, with their best vacancies of it they have not heard of); the running server\n"
        "(gongyou serve) sends them. `gongyou broadcast status ID` shows how far one has got.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("action", nargs="?", choices=["status"], help="status: follow a broadcast")
    cmd.add_argument("broadcast_id", nargs="?", type=positive, metavar="ID", help="broadcast id")
    subject = cmd.add_mutually_exclusive_group()
    subject.add_argument("--vacancy", type=positive, metavar="ID", help="the vacancy's id")
    subject.add_argument("--meeting", type=name, metavar="NAME", help="a meeting's vacancies")
    cmd.add_argument(
        "--channel",
        choices=["all", "sms", "telegram"],
        default="all",
        help="only seekers reached on this channel (default: all)",
    )
    cmd.add_argument("--dry-run", action="store_true", help="count the seekers, queue nothing")
    cmd.add_argument("--wait", action="store_true", help="show progress until all are sent")
    cmd.add_argument("--json", action="store_true", help="print one JSON object")
    cmd.set_defaults(run=run, parser=cmd)


def run(args, settings) -> int:
    import asyncio

    from rich.console import Console

    from bot.broadcasts.service import NotFound, Subject
    from bot.cli.database import migrate

    parser: argparse.ArgumentParser = args.parser
    if args.action == "status":
        if args.broadcast_id is None or args.vacancy or args.meeting or args.dry_run:
            parser.error("status takes a broadcast ID and nothing else")
    elif args.broadcast_id is not None or not (args.vacancy or args.meeting):
        parser.error("give --vacancy ID or --meeting NAME (or: status ID)")
    elif args.dry_run and args.wait:
        parser.error("a dry run sends nothing to wait for")
    migrate(settings.database_url)
    out, err = Console(), Console(stderr=True)
    try:
        if args.action == "status":
            found = asyncio.run(_status(settings, args.broadcast_id))
        else:
            subject = Subject(vacancy_id=args.vacancy, meeting=args.meeting)
            found = asyncio.run(start(settings, subject, args.channel, args.dry_run))
    except NotFound as missing:
        err.print(t(missing.key, settings.locale, **missing.params), markup=False)
        return EXIT_NOT_FOUND
    if args.action != "status" and not args.json:
        said(out, found, args.dry_run, settings.locale)
    if args.wait and found.broadcast_id is not None:
        found = _follow(err, settings, found)
    if args.json:
        print(json.dumps(found.as_json(), ensure_ascii=False))
    elif args.action == "status" or args.wait:
        _table(out, found, settings.locale)
    return 0


async def start(
    settings: Settings, subject: Subject, channel: str, dry_run: bool, *, via: str = "cli"
) -> Status:
    from bot.broadcasts.service import launch, preview
    from storage.engine import create_engine, session_factory

    engine = create_engine(settings.database_url)
    try:
        sessions = session_factory(engine)
        if dry_run:
            async with sessions() as session:
                return await preview(session, subject, settings, channel=channel)
        return await launch(sessions, subject, settings, channel=channel, via=via)
    finally:
        await engine.dispose()


async def _status(settings: Settings, broadcast_id: int) -> Status:
    from bot.broadcasts.service import status
    from storage.engine import create_engine, session_factory

    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return await status(session, broadcast_id)
    finally:
        await engine.dispose()


def said(out: Console, found: Status, dry_run: bool, locale: str) -> None:
    counts = {"targeted": found.targeted, "sms": found.sms, "telegram": found.telegram}
    if dry_run:
        out.print(t("broadcast.dry_run", locale, **counts), markup=False, soft_wrap=True)
    else:
        said = t("broadcast.queued", locale, id=found.broadcast_id, **counts)
        out.print(said, markup=False, soft_wrap=True)
    if found.targeted == 0:
        out.print(t("broadcast.nobody", locale), markup=False, soft_wrap=True)


def _follow(err: Console, settings: Settings, found: Status) -> Status:
    """Progress until nothing is pending; the status it ended on."""
    import asyncio
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        console=err,
        transient=True,
    )
    locale = settings.locale
    with bar:
        task = bar.add_task(
            t("broadcast.progress", locale, id=found.broadcast_id),
            total=found.targeted,
            detail="",
        )
        while True:
            found = asyncio.run(_status(settings, found.broadcast_id or 0))
            detail = _detail(found, locale)
            bar.update(task, completed=found.targeted - found.pending, detail=detail)
            if found.pending == 0:
                return found
            time.sleep(POLL_SECONDS)


def _detail(found: Status, locale: str) -> str:
    figures = ("sent", "delivered", "failed", "pending")
    return " ".join(f"{t(f'broadcast.{k}', locale)} {getattr(found, k)}" for k in figures)


def _table(out: Console, found: Status, locale: str) -> None:
    from rich.table import Table

    figures = ("targeted", "sent", "delivered", "failed", "pending")
    table = Table(title=t("broadcast.table", locale, id=found.broadcast_id))
    table.add_column("")
    for figure in figures:
        table.add_column(t(f"broadcast.{figure}", locale), justify="right")
    for channel in ("sms", "telegram"):
        row = found.channels.get(channel)
        if row is not None:
            label = t(f"broadcast.{channel}", locale)
            table.add_row(label, *(str(getattr(row, f)) for f in figures))
    table.add_row(t("broadcast.total", locale), *(str(getattr(found, f)) for f in figures))
    out.print(table)
    if found.pending:
        print(t("broadcast.waiting_server", locale, pending=found.pending), file=sys.stderr)
