"""`gongyou export seekers|vacancies|applications [--format csv|json] [-o FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.cli.types import LazyChoices


def register(sub) -> None:
    cmd = sub.add_parser("export", help="export seekers, vacancies or applications")
    cmd.add_argument(
        "kind",
        choices=LazyChoices("bot.exporting", "KINDS"),
        metavar="KIND",
        help="what to export: %(choices)s",
    )
    cmd.add_argument(
        "--format",
        choices=("csv", "json"),
        default="csv",
        help="csv (with BOM, opens in Excel; default) or json",
    )
    cmd.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    cmd.set_defaults(run=run)


async def _export(url: str, kind: str, fmt: str, out: TextIO) -> None:
    from bot.exporting import export
    from storage.engine import create_engine, session_factory

    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            await export(session, kind, fmt, out)
    finally:
        await engine.dispose()


def run(args, settings) -> int:
    import asyncio

    from bot.cli.database import migrate

    migrate(settings.database_url)
    if args.output is None:
        asyncio.run(_export(settings.database_url, args.kind, args.format, sys.stdout))
        return 0
    with args.output.open("w", encoding="utf-8", newline="") as out:
        asyncio.run(_export(settings.database_url, args.kind, args.format, out))
    return 0
