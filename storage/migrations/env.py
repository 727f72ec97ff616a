"""Alembic environment: runs migrations synchronously on the URL given by storage.migrate."""

from alembic import context
from sqlalchemy import create_engine

from storage.engine import configure, sync_url
from storage.models import Base

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
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
