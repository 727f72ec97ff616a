"""`gongyou db upgrade`, and the migration every other command makes sure of first."""

from __future__ import annotations


def register(sub) -> None:
    db = sub.add_parser("db", help="database migrations").add_subparsers(
        dest="db_command", required=True, metavar="ACTION"
    )
    up = db.add_parser("upgrade", help="apply migrations")
    up.add_argument(
        "revision", nargs="?", default="head", help="migration to reach (default: head, the latest)"
    )
    up.set_defaults(run=run_upgrade)


def migrate(url: str) -> None:
    """Bring the database at `url` to the newest migration, as every command does before it runs.

    A database already there is recognised without Alembic, whose import is a third of a one-message
    `gongyou chat`.
    """
    from storage.migrate import at_head, upgrade

    if not at_head(url):
        upgrade(url)


def run_upgrade(args, settings) -> int:
    from storage.migrate import upgrade

    upgrade(settings.database_url, args.revision)
    print(f"database at revision {args.revision}")
    return 0
