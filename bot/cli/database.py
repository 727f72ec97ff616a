"""`gongyou db upgrade`."""

from __future__ import annotations

from storage.migrate import upgrade


def register(sub) -> None:
    db = sub.add_parser("db", help="database migrations").add_subparsers(
        dest="db_command", required=True
    )
    up = db.add_parser("upgrade", help="apply migrations")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(run=run_upgrade)


def run_upgrade(args, settings) -> int:
    upgrade(settings.database_url, args.revision)
    print(f"database at revision {args.revision}")
    return 0
