"""Alembic environment: runs migrations synchronously on the URL given by storage.migrate."""

from alembic import context
from sqlalchemy import create_engine, text

from storage.engine import configure, sync_url
from storage.models import Base

# An advisory lock key of our own: "gongyou" in ASCII.
MIGRATION_LOCK = 0x676F6E67796F75

config = context.config
url = sync_url(config.get_main_option("sqlalchemy.url"))

if context.is_offline_mode():
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url)
    configure(engine, url)
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # Several `gongyou serve` starting at once: one migrates, the others wait here and
            # then find the database at head. The lock is the session's, so it outlives the
            # commit below and goes with the connection.
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
