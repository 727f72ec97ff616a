"""The migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from storage.engine import sync_url
from storage.models import Base


def test_migrated_schema_matches_models(database_url):
    engine = create_engine(sync_url(database_url))
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_servers_starting_together_migrate_once(postgres_template):
    """Three processes upgrade one fresh PostgreSQL database at once: one migrates under the
    advisory lock, the others wait and find it at head. Without the lock they raced to create
    the same tables and all but one failed."""
    import subprocess
    import sys
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    name = f"gongyou_race_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_template, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(postgres_template).set(database=name).render_as_string(hide_password=False)
    try:
        code = f"from storage.migrate import upgrade; upgrade({url!r})"
        starts = [
            subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        errors = [process.communicate(timeout=120)[1] for process in starts]
        assert [p.returncode for p in starts] == [0, 0, 0], errors
        from storage.migrate import at_head

        assert at_head(url)
    finally:
        with psycopg.connect(postgres_template, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
