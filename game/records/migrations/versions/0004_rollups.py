"""Rollups: what the manager's report groups by, added up per trainee, scenario version and
UTC day as each session is saved (game/records/rollup.py), so a report over 100,000 sessions
reads thousands of rows, not millions. The stored sessions are added up once here (with the
store's own rollup code, from the columns saved with them); the decisions index and the gate
column of 0003 give way to the rollups.

Revision ID: 0004
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

from game.records import rollup
from game.records import tables as t

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SESSION_COLUMNS = (
    "session_id", "trainee_id", "scenario_version_id", "started_at", "passed", "outcome",
    "status", "furthest_stage", "furthest_index", "gates_blocked", *t.SCORE_COLUMNS,
)  # fmt: skip


def upgrade() -> None:
    op.create_index(
        "ix_sessions_trainee_started",
        "sessions",
        ["trainee_id", "started_at", "session_id", *t.SCORE_COLUMNS],
    )
    conn = op.get_bind()
    for table in t.ROLLUPS:
        table.create(conn)
    adds = rollup.empty()
    sessions: dict[str, tuple[tuple[object, ...], float | None]] = {}
    query = sa.text(f"SELECT {', '.join(SESSION_COLUMNS)} FROM sessions")
    for row in conn.execute(query).mappings():
        session = dict(row)
        session["started_at"] = _datetime(session["started_at"])
        rollup.add_session(adds, session)
        sessions[row["session_id"]] = (rollup.base_key(session), row["overall"])
    rules = sa.text("SELECT session_id, rule, dimension, kind, points, max FROM rule_scores")
    for row in conn.execute(rules).mappings():
        rollup.add_rule(adds, sessions[row["session_id"]][0], dict(row))
    choices = sa.text("SELECT session_id, node, choice, move FROM events WHERE kind = 'choice'")
    for session_id, node, choice, move in conn.execute(choices):
        base, overall = sessions[session_id]
        rollup.add_choice(adds, base, overall, node, choice, move)
    gates = sa.text("SELECT session_id, stage, passed FROM events WHERE kind = 'gate'")
    for session_id, stage, passed in conn.execute(gates):
        rollup.add_gate(adds, sessions[session_id][0], stage or "", bool(passed))
    rollup.write(conn, adds)
    op.drop_index("ix_events_decisions", "events")
    op.execute("ALTER TABLE events DROP COLUMN passed")


def downgrade() -> None:
    op.add_column("events", sa.Column("passed", sa.Boolean, nullable=True))
    op.create_index(
        "ix_events_decisions", "events", ["kind", "node", "choice", "move", "session_id"]
    )
    for table in reversed(t.ROLLUPS):
        op.drop_table(table.name)
    op.drop_index("ix_sessions_trainee_started", "sessions")


def _datetime(value: object) -> object:
    """SQLite hands a stored time back as text: read it (UTC, as the store wrote it)."""
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return value
