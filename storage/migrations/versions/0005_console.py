"""Staff console: sign-in links, sessions, the shared signing key, import uploads, the audit log,
and the indexes the Today page and county scopes read by.

Revision ID: 0005_console
Revises: 0003
Create Date: 2026-11-28 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_console"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", ID, nullable=False)


def _staff(table: str, nullable: bool = False) -> list:
    """The staff_id column and its foreign key, named as the models' convention names them."""
    return [
        sa.Column("staff_id", ID, nullable=nullable),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=f"fk_{table}_staff_id_staff"),
    ]


def upgrade() -> None:
    op.create_table(
        "console_secrets",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_console_secrets"),
    )
    op.create_table(
        "console_links",
        _id(),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        *_staff("console_links"),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_console_links"),
        sa.UniqueConstraint("token_hash", name="uq_console_links_token_hash"),
    )
    op.create_index("ix_console_links_staff_id", "console_links", ["staff_id"])
    op.create_table(
        "console_sessions",
        _id(),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        *_staff("console_sessions"),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("ended_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_console_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_console_sessions_token_hash"),
    )
    op.create_index("ix_console_sessions_staff_id", "console_sessions", ["staff_id"])
    op.create_index("ix_console_sessions_expires_at", "console_sessions", ["expires_at"])
    op.create_table(
        "console_uploads",
        _id(),
        *_staff("console_uploads"),
        sa.Column("meeting", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("preview", sa.JSON(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("imported_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_console_uploads"),
    )
    op.create_index("ix_console_uploads_staff_id", "console_uploads", ["staff_id"])
    op.create_index("ix_console_uploads_created_at", "console_uploads", ["created_at"])
    op.create_table(
        "audit_log",
        _id(),
        sa.Column("at", WHEN, nullable=False),
        *_staff("audit_log", nullable=True),
        sa.Column("agency_id", ID, nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name="fk_audit_log_agency_id_agencies"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_staff_id", "audit_log", ["staff_id"])
    # What the Today page counts by (see storage/models/console.py).
    op.create_index(
        "ix_seekers_region_group_created",
        "seekers",
        ["region_code", "group", "created_at", "agency_id"],
    )
    op.create_index("ix_seekers_agency_region", "seekers", ["agency_id", "region_code"])
    op.create_index("ix_application_events_status_at", "application_events", ["status", "at"])


def downgrade() -> None:
    op.drop_index("ix_application_events_status_at", table_name="application_events")
    op.drop_index("ix_seekers_agency_region", table_name="seekers")
    op.drop_index("ix_seekers_region_group_created", table_name="seekers")
    for table in ("audit_log", "console_uploads", "console_sessions", "console_links"):
        op.drop_table(table)  # their indexes go with them
    op.drop_table("console_secrets")
