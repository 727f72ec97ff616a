"""The `gongyou` command: every subcommand is wired here, each lives in its own module."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot.cli import chat, database, demo, export, imports, match, serve, staff, understand
from bot.config import load_settings

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
    settings = load_settings()
    try:
        return args.run(args, settings) or 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `gongyou export ... | head`: the reader has gone; stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
