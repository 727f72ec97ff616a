"""Training and departures: end time, place region, what to bring, whom to call, who scheduled it,
cancellation, attendance; enrolments get a waiting-list position, answers, reminders sent, and one
enrolment per seeker and event.

Revision ID: 0007_schedule
Revises: 0008_broadcasts
Create Date: 2026-11-28 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_schedule"
down_revision: str | None = "0008_broadcasts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def _event_columns() -> list[sa.Column]:
    """Columns trainings and departures both gain."""
    return [
        sa.Column("staff_id", ID, nullable=True),
        sa.Column("bring", sa.Text(), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("cancelled_at", WHEN, nullable=True),
        sa.Column("attendance_taken_at", WHEN, nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        for column in _event_columns():
            batch_op.add_column(column)
        batch_op.add_column(sa.Column("ends_at", WHEN, nullable=True))
        batch_op.add_column(sa.Column("region_code", sa.String(length=6), nullable=True))
        batch_op.create_foreign_key(
            "fk_training_sessions_staff_id_staff", "staff", ["staff_id"], ["id"]
        )
        batch_op.create_index("ix_training_sessions_starts_at", ["starts_at"], unique=False)

    with op.batch_alter_table("departures", schema=None) as batch_op:
        for column in _event_columns():
            batch_op.add_column(column)
        batch_op.add_column(sa.Column("capacity", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_departures_staff_id_staff", "staff", ["staff_id"], ["id"])

    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waiting_position", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("source", sa.String(length=10), nullable=False, server_default="staff")
        )
        batch_op.add_column(sa.Column("answered_at", WHEN, nullable=True))
        batch_op.add_column(
            sa.Column("reminders_sent", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("attended_at", WHEN, nullable=True))
        batch_op.create_unique_constraint(
            "uq_enrolments_seeker_training", ["seeker_id", "training_session_id"]
        )
        batch_op.create_unique_constraint(
            "uq_enrolments_seeker_departure", ["seeker_id", "departure_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_constraint("uq_enrolments_seeker_departure", type_="unique")
        batch_op.drop_constraint("uq_enrolments_seeker_training", type_="unique")
        for name in ("attended_at", "reminders_sent", "answered_at", "source", "waiting_position"):
            batch_op.drop_column(name)

    with op.batch_alter_table("departures", schema=None) as batch_op:
        batch_op.drop_constraint("fk_departures_staff_id_staff", type_="foreignkey")
        for name in ("capacity", "attendance_taken_at", "cancelled_at", "contact", "bring"):
            batch_op.drop_column(name)
        batch_op.drop_column("staff_id")

    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_training_sessions_starts_at")
        batch_op.drop_constraint("fk_training_sessions_staff_id_staff", type_="foreignkey")
        for name in ("region_code", "ends_at", "attendance_taken_at", "cancelled_at", "contact"):
            batch_op.drop_column(name)
        for name in ("bring", "staff_id"):
            batch_op.drop_column(name)
