"""`gongyou db upgrade`: Alembic driven from code, so no alembic.ini has to sit in the working directory."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

# Alembic is imported inside the functions that run it: importing it costs a fifth of a second,
# which a command on a database already at head (`gongyou chat`) skips thanks to at_head().


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser treats % as interpolation; URLs may contain %-escapes.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def revision(url: str, message: str) -> None:
    """Autogenerate a migration from the models (developers only)."""
    from alembic import command

    command.revision(alembic_config(url), message=message, autogenerate=True)


def _literal(tree: ast.Module, name: str) -> object:
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == name and node.value is not None:
            return ast.literal_eval(node.value)
    raise LookupError(name)


# `revision: str = "0001_x"` at the start of a line, as Alembic's template writes it.
_ASSIGNED = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _identifiers(text: str) -> tuple[object, object]:
    """(revision, down_revision) of one migration file: read off their lines when each is written
    once as a literal, else from the parsed module (parsing every file is a tenth of the time a
    one-message `gongyou chat` takes to start)."""
    found: dict[str, list[str]] = {"revision": [], "down_revision": []}
    for m in _ASSIGNED.finditer(text):
        found[m.group(1)].append(m.group(2))
    try:
        if all(len(values) == 1 for values in found.values()):
            return ast.literal_eval(found["revision"][0]), ast.literal_eval(
                found["down_revision"][0]
            )
    except (ValueError, SyntaxError):
        pass
    tree = ast.parse(text)
    return _literal(tree, "revision"), _literal(tree, "down_revision")


def heads() -> frozenset[str]:
    """The newest revisions, read from the migration files' `revision` and `down_revision` as
    Alembic reads them, without importing Alembic."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        revision, down = _identifiers(path.read_text(encoding="utf-8"))
        revisions.add(revision)
        parents.update(down if isinstance(down, tuple | list) else [down])
    return frozenset(revisions - parents)


def at_head(url: str) -> bool:
    """Whether the database at `url` records exactly the newest revisions, so that upgrade() has
    nothing to do. A database without a version table is not at head, nor is any database when
    a migration file names its revisions in a way only Alembic can read."""
    from storage.engine import is_sqlite

    try:
        newest = heads()
    except (LookupError, ValueError):
        return False
    if is_sqlite(url):
        return _sqlite_revisions(url) == newest
    return _revisions(url) == newest


def _sqlite_revisions(url: str) -> frozenset[str] | None:
    """The revisions an SQLite database records, read with the standard library: an SQLAlchemy
    engine and its reflection cost a tenth of a one-message `gongyou chat`. None for a database
    that does not exist (yet) or has no version table."""
    import sqlite3
    from contextlib import closing

    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if not database or database == ":memory:" or not Path(database).is_file():
        return None
    try:
        uri = f"{Path(database).resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return None
    return frozenset(row[0] for row in rows)


def _revisions(url: str) -> frozenset[str] | None:
    from sqlalchemy import create_engine, inspect, text

    from storage.engine import configure, sync_url

    engine = create_engine(sync_url(url))
    configure(engine, url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            found = connection.execute(text("SELECT version_num FROM alembic_version"))
            return frozenset(found.scalars())
    finally:
        engine.dispose()
