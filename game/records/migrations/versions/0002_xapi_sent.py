"""Statements already accepted by a Learning Record Store: what a push still has to send.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "xapi_sent",
        sa.Column("lrs", sa.String(500), primary_key=True),
        sa.Column("statement_id", sa.String(36), primary_key=True),
        sa.Column(
            "session_id", sa.String(64), sa.ForeignKey("sessions.session_id"), nullable=False
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("xapi_sent")
