"""`gongyou demo [--port P]`: a fresh demo database, then serve in demo mode."""

from __future__ import annotations

import os

from bot.cli.serve import serve
from bot.config import DEMO_DATABASE_URL
from bot.demo import prepare


def register(sub) -> None:
    cmd = sub.add_parser("demo", help="fresh demo database with a sample meeting, then serve")
    cmd.add_argument("--port", type=int)
    cmd.set_defaults(run=run)


def run(args, settings) -> int:
    # Only an explicit GONGYOU_DATABASE_URL may point the demo elsewhere: never wipe gongyou.db.
    url = os.environ.get("GONGYOU_DATABASE_URL") or DEMO_DATABASE_URL
    updates = {"database_url": url, "demo": True} | ({"port": args.port} if args.port else {})
    settings = settings.model_copy(update=updates)
    report = prepare(url)
    if not report.ok:
        for line in report.error_lines(settings.locale):
            print(line)
        return 1
    print(report.summary(settings.locale))
    return serve(settings)
