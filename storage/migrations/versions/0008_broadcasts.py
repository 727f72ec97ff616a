"""Broadcasts of new openings and the alerts they sent (one per seeker and vacancy, by local day).

Revision ID: 0008_broadcasts
Revises: 0006_outbox
Create Date: 2026-11-29 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_broadcasts"
down_revision: str | None = "0006_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    """A foreign key named as the models' naming convention names it."""
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "broadcasts",
        sa.Column("id", ID, nullable=False),
        sa.Column("staff_id", ID, nullable=True),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("vacancy_id", ID, nullable=True),
        sa.Column("meeting_id", ID, nullable=True),
        sa.Column("vacancy_ids", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("targeted", sa.Integer(), nullable=False),
        sa.Column("targeted_sms", sa.Integer(), nullable=False),
        sa.Column("targeted_telegram", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("queued_at", WHEN, nullable=True),
        sa.CheckConstraint(
            "(vacancy_id IS NULL) <> (meeting_id IS NULL)", name="ck_broadcasts_one_subject"
        ),
        _fk("broadcasts", "staff_id", "staff"),
        _fk("broadcasts", "vacancy_id", "vacancies"),
        _fk("broadcasts", "meeting_id", "meetings"),
        sa.PrimaryKeyConstraint("id", name="pk_broadcasts"),
    )
    op.create_index("ix_broadcasts_staff_id", "broadcasts", ["staff_id"])
    op.create_index("ix_broadcasts_vacancy_id", "broadcasts", ["vacancy_id"])
    op.create_index("ix_broadcasts_meeting_id", "broadcasts", ["meeting_id"])
    op.create_table(
        "alerts",
        sa.Column("id", ID, nullable=False),
        sa.Column("broadcast_id", ID, nullable=False),
        sa.Column("seeker_id", ID, nullable=False),
        sa.Column("vacancy_id", ID, nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        _fk("alerts", "broadcast_id", "broadcasts"),
        _fk("alerts", "seeker_id", "seekers"),
        _fk("alerts", "vacancy_id", "vacancies"),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.UniqueConstraint("seeker_id", "vacancy_id", name="uq_alerts_seeker_id"),
    )
    op.create_index("ix_alerts_day_seeker", "alerts", ["local_day", "seeker_id", "broadcast_id"])
    op.create_index("ix_alerts_broadcast_id", "alerts", ["broadcast_id"])
    op.create_index("ix_alerts_vacancy_id", "alerts", ["vacancy_id"])


def downgrade() -> None:
    op.drop_table("alerts")  # its indexes go with it
    op.drop_table("broadcasts")
