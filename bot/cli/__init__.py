"""The `gongyou` command: every subcommand is wired here, each lives in its own module.

Start-up rule: `gongyou --help` and `gongyou chat` start in well under a second, so nothing heavy
is imported before a command runs. When adding a command:

- Its module (`bot/cli/<command>.py`) imports at module level only the standard library (not
  asyncio), `messages` and light `bot.cli` helpers. `register(sub)` adds the parser; every
  argument gets a help text. Choices that live in a heavy module are
  `LazyChoices("module", "NAME")` with a metavar (bot.cli.types), read only when argparse checks
  a value or prints that command's help.
- `run(args, settings)` (and its helpers) import what the command needs inside the function
  (asyncio, SQLAlchemy, the dialog, Starlette, rich...); annotations name heavy types under
  TYPE_CHECKING. A command that uses the database calls `bot.cli.database.migrate(url)` first:
  it skips Alembic when the database is already at head.
- Add the module to COMMANDS. tests/cli/test_startup.py checks in fresh interpreters that
  building the parser and printing help load no heavy package, and what one chat message loads;
  benchmarks/bench_cli.py times the start-up.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot.cli import (
    applications,
    broadcast,
    chat,
    database,
    demo,
    employer,
    enrol,
    export,
    imports,
    match,
    roster,
    schedule,
    serve,
    staff,
    understand,
    vacancy,
)
from messages import t

COMMANDS = (
    database,
    serve,
    demo,
    imports,
    export,
    broadcast,
    understand,
    match,
    chat,
    staff,
    applications,
    schedule,
    enrol,
    roster,
    vacancy,
    employer,
)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="gongyou",
        description="工友 Gongyou: jobs by chat and SMS for labour-dispatch agencies",
    )
    sub = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return root


def _database_error(error: Exception) -> bool:
    """Whether `error` is SQLAlchemy's: checked without importing SQLAlchemy for commands that
    never load it (a command that did not load it cannot have raised one)."""
    exc = sys.modules.get("sqlalchemy.exc")
    return exc is not None and isinstance(error, exc.SQLAlchemyError)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit status."""
    args = parser().parse_args(argv)
    # Settings need pydantic: read them only once the arguments hold (not for --help).
    from pydantic import ValidationError

    from bot.config import load_settings

    try:
        settings = load_settings()
    except ValidationError as error:
        problems = "; ".join(f"{'/'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        print(t("cli.bad_setting", None, problems=problems), file=sys.stderr)
        return 2
    from bot.schedule import reminders

    reminders.configure(settings.timezone, settings.reminders)  # the zone reminders are timed in
    try:
        return args.run(args, settings) or 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `gongyou export ... | head`: the reader has gone; stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        if not _database_error(error):
            raise
        from storage.engine import safe_url

        # A staff member mistyped GONGYOU_DATABASE_URL or the server is down: say so, no traceback.
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        url = safe_url(settings.database_url)
        print(t("cli.database_error", settings.locale, url=url, reason=reason), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
