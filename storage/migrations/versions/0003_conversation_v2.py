"""Conversation v2: waits that expire, a seeker's destination, alerts on or off, birth year; wage units.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("seekers") as batch:
        batch.add_column(sa.Column("destination", sa.String(length=6), nullable=True))
        batch.add_column(sa.Column("birth_year", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("alerts", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("dialog_expires_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("vacancies") as batch:
        batch.add_column(sa.Column("wage_unit", sa.String(length=10), nullable=True))
    # Vacancies imported before units existed were monthly wages, or negotiable (no amount).
    op.execute("UPDATE vacancies SET wage_unit = 'month' WHERE wage_min IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("vacancies") as batch:
        batch.drop_column("wage_unit")
    with op.batch_alter_table("seekers") as batch:
        batch.drop_column("dialog_expires_at")
        batch.drop_column("alerts")
        batch.drop_column("birth_year")
        batch.drop_column("destination")
