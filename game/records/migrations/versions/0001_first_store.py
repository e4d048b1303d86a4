"""The first store: trainees, scenario versions, sessions, events, rule scores.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trainees",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "scenario_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.String(200), nullable=False, index=True),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("title_zh", sa.Text, nullable=False),
        sa.Column("title_en", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=True),
    )
    op.create_table(
        "sessions",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column(
            "trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), nullable=False, index=True
        ),
        sa.Column(
            "scenario_version_id",
            sa.Integer,
            sa.ForeignKey("scenario_versions.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("ending", sa.String(200), nullable=True),
        sa.Column("final_stage", sa.String(100), nullable=True),
        sa.Column("furthest_stage", sa.String(100), nullable=True),
        sa.Column("furthest_index", sa.Integer, nullable=True),
        sa.Column("gates_blocked", sa.Integer, nullable=False),
        sa.Column("loop_backs", sa.Integer, nullable=False),
        sa.Column("meetings", sa.Integer, nullable=False),
        sa.Column("turns", sa.Integer, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=True),
        sa.Column("partial", sa.Boolean, nullable=False),
        sa.Column("overall", sa.Float, nullable=True),
        sa.Column("conduct", sa.Float, nullable=True),
        sa.Column("questioning", sa.Float, nullable=True),
        sa.Column("listening", sa.Float, nullable=True),
        sa.Column("pricing_timing", sa.Float, nullable=True),
        sa.Column("next_step", sa.Float, nullable=True),
        sa.Column("severe", sa.Integer, nullable=False),
        sa.Column("rubric_version", sa.String(50), nullable=True),
        sa.Column("rubric_sha256", sa.String(64), nullable=True),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column(
            "session_id", sa.String(64), sa.ForeignKey("sessions.session_id"), primary_key=True
        ),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("turn", sa.Integer, nullable=True),
        sa.Column("meeting", sa.Integer, nullable=True),
        sa.Column("node", sa.String(200), nullable=True),
        sa.Column("choice", sa.String(200), nullable=True),
        sa.Column("move", sa.String(40), nullable=True),
        sa.Column("stage", sa.String(100), nullable=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "rule_scores",
        sa.Column(
            "session_id", sa.String(64), sa.ForeignKey("sessions.session_id"), primary_key=True
        ),
        sa.Column("rule", sa.String(60), primary_key=True),
        sa.Column("dimension", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("points", sa.Float, nullable=True),
        sa.Column("max", sa.Float, nullable=False),
    )


def downgrade() -> None:
    for table in ("rule_scores", "events", "sessions", "scenario_versions", "trainees"):
        op.drop_table(table)
