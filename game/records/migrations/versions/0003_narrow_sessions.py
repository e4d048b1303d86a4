"""Sessions narrow enough to scan: the saved record moves to its own table (without the
events, which the events table holds); the decisions get an index of their own, and a gate
event says in columns whether it passed and which stage it led to, so the manager's reports
never read a record or event JSON.

Revision ID: 0003
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_records",
        sa.Column(
            "session_id", sa.String(64), sa.ForeignKey("sessions.session_id"), primary_key=True
        ),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.execute(
        "INSERT INTO session_records (session_id, record) SELECT session_id, record FROM sessions"
    )
    # SQLite 3.35+ and PostgreSQL both drop a column in place (a copy of the table would
    # trip the foreign keys that point at it)
    op.execute("ALTER TABLE sessions DROP COLUMN record")
    op.create_index(
        "ix_events_decisions", "events", ["kind", "node", "choice", "move", "session_id"]
    )
    op.add_column("events", sa.Column("passed", sa.Boolean, nullable=True))
    conn = op.get_bind()
    gates = conn.execute(sa.text("SELECT session_id, seq, data FROM events WHERE kind = 'gate'"))
    for session_id, seq, data in gates.all():
        gate = json.loads(data)
        conn.execute(
            sa.text(
                "UPDATE events SET passed = :passed, stage = :stage "
                "WHERE session_id = :session_id AND seq = :seq"
            ),
            {
                "passed": bool(gate.get("passed")),
                "stage": gate.get("stage_to"),
                "session_id": session_id,
                "seq": seq,
            },
        )


def downgrade() -> None:
    op.drop_column("events", "passed")
    op.drop_index("ix_events_decisions", "events")
    op.add_column("sessions", sa.Column("record", sa.Text, nullable=False, server_default="{}"))
    op.execute(
        "UPDATE sessions SET record = (SELECT r.record FROM session_records r "
        "WHERE r.session_id = sessions.session_id)"
    )
    op.drop_table("session_records")
