"""`gongyou export seekers|vacancies|applications [--format csv|json] [-o FILE]`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.exporting import KINDS, records, to_csv, to_json
from storage.engine import create_engine, session_factory
from storage.migrate import upgrade


def register(sub) -> None:
    cmd = sub.add_parser("export", help="export seekers, vacancies or applications")
    cmd.add_argument("kind", choices=KINDS)
    cmd.add_argument("--format", choices=("csv", "json"), default="csv")
    cmd.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    cmd.set_defaults(run=run)


async def _export(url: str, kind: str, fmt: str) -> str:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            columns, rows = await records(session, kind)
    finally:
        await engine.dispose()
    return to_csv(columns, rows) if fmt == "csv" else to_json(columns, rows) + "\n"


def run(args, settings) -> int:
    upgrade(settings.database_url)
    text = asyncio.run(_export(settings.database_url, args.kind, args.format))
    if args.output:
        args.output.write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)
    return 0
