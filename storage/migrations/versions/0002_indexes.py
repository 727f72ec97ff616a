"""Indexes: recent inbound by address (SMS limit), newest vacancy change (search), inbound age (clean-up).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 05:12:21
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_inbound_messages_address_recent",
        "inbound_messages",
        ["channel", "address", "received_at"],
    )
    op.create_index("ix_vacancies_updated_at", "vacancies", ["updated_at"])
    op.create_index("ix_inbound_messages_received_at", "inbound_messages", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_inbound_messages_received_at", table_name="inbound_messages")
    op.drop_index("ix_vacancies_updated_at", table_name="vacancies")
    op.drop_index("ix_inbound_messages_address_recent", table_name="inbound_messages")
