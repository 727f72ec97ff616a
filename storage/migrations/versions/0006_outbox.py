"""Outbox v2: rows name what to say (template, parameters, choices) and for what (purpose, campaign,
enrolment), lanes, deferral apart from attempts, claims that fence, sends in doubt; early status
callbacks; the channels' shared send pace; leases; pending staff steps; SMS numbers unreachable.

Revision ID: 0006_outbox
Revises: 0005_console
Create Date: 2026-11-29 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_outbox"
down_revision: str | None = "0005_console"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)
OPEN = sa.text("status IN ('pending', 'sending')")


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("kind", new_column_name="purpose", existing_type=sa.String(length=20))
        batch.alter_column("text", existing_type=sa.Text(), nullable=True)
        batch.add_column(sa.Column("template", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("choices", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("footer", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("campaign_id", ID, nullable=True))
        batch.add_column(sa.Column("enrolment_id", ID, nullable=True))
        batch.add_column(sa.Column("not_before", WHEN, nullable=True))
        batch.add_column(sa.Column("claims", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("started_at", WHEN, nullable=True))
        batch.create_foreign_key(
            "fk_outbox_enrolment_id_enrolments", "enrolments", ["enrolment_id"], ["id"]
        )
        batch.drop_index("ix_outbox_status_due")
    # Rows queued before: their parameters are none, and they may be claimed when they were due;
    # a row being sent keeps its lease, and counts its attempts so far as its claims.
    op.execute("UPDATE outbox SET params = '{}', not_before = due_at, claims = attempts")
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("params", existing_type=sa.JSON(), nullable=False)
        batch.alter_column("not_before", existing_type=WHEN, nullable=False)
        batch.alter_column("claims", existing_type=sa.Integer(), server_default=None)
        batch.create_index("ix_outbox_campaign_id", ["campaign_id"])
        batch.create_index("ix_outbox_enrolment_id", ["enrolment_id"])
        batch.create_index(
            "ix_outbox_queue", ["purpose", "not_before"], postgresql_where=OPEN, sqlite_where=OPEN
        )
        batch.create_index("ix_outbox_chat_sent", ["channel", "address", "sent_at"])
    with op.batch_alter_table("seekers") as batch:
        batch.add_column(
            sa.Column("sms_unreachable", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("seekers") as batch:
        batch.alter_column("sms_unreachable", existing_type=sa.Boolean(), server_default=None)
    op.create_table(
        "early_statuses",
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("error_code", sa.Integer(), nullable=True),
        sa.Column("received_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("provider_id", name="pk_early_statuses"),
    )
    op.create_index("ix_early_statuses_received_at", "early_statuses", ["received_at"])
    op.create_table(
        "channel_pace",
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("next_at", WHEN, nullable=False),
        sa.Column("paused_until", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("channel", name="pk_channel_pace"),
    )
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=80), nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_leases"),
    )
    op.create_table(
        "staff_pending",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("argument", sa.String(length=200), nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name="pk_staff_pending"),
    )


def downgrade() -> None:
    op.drop_table("staff_pending")
    op.drop_table("leases")
    op.drop_table("channel_pace")
    op.drop_index("ix_early_statuses_received_at", table_name="early_statuses")
    op.drop_table("early_statuses")
    with op.batch_alter_table("seekers") as batch:
        batch.drop_column("sms_unreachable")
    # Rows queued by template had no text; they cannot go back to a text-only outbox.
    op.execute("DELETE FROM outbox WHERE text IS NULL")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_chat_sent")
        batch.drop_index("ix_outbox_queue")
        batch.drop_index("ix_outbox_enrolment_id")
        batch.drop_index("ix_outbox_campaign_id")
        batch.drop_constraint("fk_outbox_enrolment_id_enrolments", type_="foreignkey")
        batch.drop_column("started_at")
        batch.drop_column("claims")
        batch.drop_column("not_before")
        batch.drop_column("enrolment_id")
        batch.drop_column("campaign_id")
        batch.drop_column("footer")
        batch.drop_column("choices")
        batch.drop_column("params")
        batch.drop_column("template")
        batch.alter_column("text", existing_type=sa.Text(), nullable=False)
        batch.alter_column("purpose", new_column_name="kind", existing_type=sa.String(length=20))
        batch.create_index("ix_outbox_status_due", ["status", "due_at"])
