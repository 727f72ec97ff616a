"""The `gongyou` command: every subcommand is wired here, each lives in its own module."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from bot.cli import chat, database, demo, export, imports, match, serve, staff, understand
from bot.config import load_settings
from messages import t
from storage.engine import safe_url

COMMANDS = (database, serve, demo, imports, export, understand, match, chat, staff)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="gongyou",
        description="工友 Gongyou: jobs by chat and SMS for labour-dispatch agencies",
    )
    sub = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit status."""
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except ValidationError as error:
        problems = "; ".join(f"{'/'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        print(t("cli.bad_setting", None, problems=problems), file=sys.stderr)
        return 2
    try:
        return args.run(args, settings) or 0
    except SQLAlchemyError as error:
        # A staff member mistyped GONGYOU_DATABASE_URL or the server is down: say so, no traceback.
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        url = safe_url(settings.database_url)
        print(t("cli.database_error", settings.locale, url=url, reason=reason), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `gongyou export ... | head`: the reader has gone; stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
