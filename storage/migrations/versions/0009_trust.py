"""Fit and trust: the optional import fields, the import checks' review of each vacancy, and
workers' reports (举报) of vacancies.

Revision ID: 0009_trust
Revises: 0007_schedule
Create Date: 2026-11-28 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_trust"
down_revision: str | None = "0007_schedule"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Batch mode: SQLite adds a foreign key only by rebuilding the table.
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pay_schedule", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("board", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("hours", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("contractor", sa.String(length=200), nullable=True))
        # Vacancies imported before the checks were never held.
        batch_op.add_column(
            sa.Column("review", sa.String(length=10), server_default="ok", nullable=False)
        )
        batch_op.add_column(sa.Column("review_flags", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", WHEN, nullable=True))
        batch_op.add_column(sa.Column("reviewed_by", ID, nullable=True))
        batch_op.create_foreign_key(
            "fk_vacancies_reviewed_by_staff", "staff", ["reviewed_by"], ["id"]
        )
    op.create_table(
        "vacancy_reports",
        sa.Column("id", ID, nullable=False),
        sa.Column("vacancy_id", ID, nullable=False),
        sa.Column("seeker_id", ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["seeker_id"], ["seekers.id"], name="fk_vacancy_reports_seeker_id_seekers"
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["vacancies.id"], name="fk_vacancy_reports_vacancy_id_vacancies"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_vacancy_reports"),
    )
    op.create_index("ix_vacancy_reports_seeker_id", "vacancy_reports", ["seeker_id"])
    op.create_index("ix_vacancy_reports_vacancy_id", "vacancy_reports", ["vacancy_id"])


def downgrade() -> None:
    op.drop_index("ix_vacancy_reports_vacancy_id", table_name="vacancy_reports")
    op.drop_index("ix_vacancy_reports_seeker_id", table_name="vacancy_reports")
    op.drop_table("vacancy_reports")
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.drop_constraint("fk_vacancies_reviewed_by_staff", type_="foreignkey")
        for column in (
            "reviewed_by",
            "reviewed_at",
            "review_flags",
            "review",
            "contractor",
            "hours",
            "board",
            "pay_schedule",
        ):
            batch_op.drop_column(column)
