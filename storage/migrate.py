"""`gongyou db upgrade`: Alembic driven from code, so no alembic.ini has to sit in the working directory."""

from __future__ import annotations

import ast
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


def heads() -> frozenset[str]:
    """The newest revisions, read from the migration files' `revision` and `down_revision` as
    Alembic reads them, without importing Alembic."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        revisions.add(_literal(tree, "revision"))
        down = _literal(tree, "down_revision")
        parents.update(down if isinstance(down, tuple | list) else [down])
    return frozenset(revisions - parents)


def at_head(url: str) -> bool:
    """Whether the database at `url` records exactly the newest revisions, so that upgrade() has
    nothing to do. A database without a version table is not at head, nor is any database when
    a migration file names its revisions in a way only Alembic can read."""
    from sqlalchemy import create_engine, inspect, text

    from storage.engine import configure, sync_url

    try:
        newest = heads()
    except (LookupError, ValueError):
        return False
    engine = create_engine(sync_url(url))
    configure(engine, url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return False
            found = connection.execute(text("SELECT version_num FROM alembic_version"))
            return frozenset(found.scalars()) == newest
    finally:
        engine.dispose()
