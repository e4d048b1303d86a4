"""The store's tables (SQLAlchemy Core). Migrations in ``migrations/versions`` create them;
a test checks the two agree."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

trainees = Table(
    "trainees",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
)

#: One row per scenario content (sha256): the text itself, so a record can be re-scored and
#: re-drawn after the scenario file changes.
scenario_versions = Table(
    "scenario_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario_id", String(200), nullable=False, index=True),
    Column("version", String(50), nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("title_zh", Text, nullable=False),
    Column("title_en", Text, nullable=False),
    Column("text", Text, nullable=True),  # None: the record's scenario was not at hand
)

sessions = Table(
    "sessions",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("trainee_id", Integer, ForeignKey("trainees.id"), nullable=False, index=True),
    Column(
        "scenario_version_id",
        Integer,
        ForeignKey("scenario_versions.id"),
        nullable=False,
        index=True,
    ),
    Column("language", String(8), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False, index=True),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Column("status", String(20), nullable=False),
    Column("outcome", String(20), nullable=True),
    Column("ending", String(200), nullable=True),
    Column("final_stage", String(100), nullable=True),
    Column("furthest_stage", String(100), nullable=True),
    Column("furthest_index", Integer, nullable=True),
    Column("gates_blocked", Integer, nullable=False),
    Column("loop_backs", Integer, nullable=False),
    Column("meetings", Integer, nullable=False),
    Column("turns", Integer, nullable=False),
    Column("passed", Boolean, nullable=True),
    Column("partial", Boolean, nullable=False),
    Column("overall", Float, nullable=True),
    Column("conduct", Float, nullable=True),
    Column("questioning", Float, nullable=True),
    Column("listening", Float, nullable=True),
    Column("pricing_timing", Float, nullable=True),
    Column("next_step", Float, nullable=True),
    Column("severe", Integer, nullable=False),
    Column("rubric_version", String(50), nullable=True),
    Column("rubric_sha256", String(64), nullable=True),
    Column("source", Text, nullable=True),  # the file it was imported from, if any
    Column("saved_at", DateTime(timezone=True), nullable=False),
)

#: The record as saved, without its events (the events table holds them): kept apart so the
#: sessions table stays narrow enough for the reports to scan.
session_records = Table(
    "session_records",
    metadata,
    Column("session_id", String(64), ForeignKey("sessions.session_id"), primary_key=True),
    Column("record", Text, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("session_id", String(64), ForeignKey("sessions.session_id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("turn", Integer, nullable=True),
    Column("meeting", Integer, nullable=True),
    Column("node", String(200), nullable=True),
    Column("choice", String(200), nullable=True),
    Column("move", String(40), nullable=True),
    Column("stage", String(100), nullable=True),
    Column("data", Text, nullable=False),
    Column("passed", Boolean, nullable=True),  # a gate: passed or blocked
    #: the item analysis reads decisions (kind "choice") from this index alone
    Index("ix_events_decisions", "kind", "node", "choice", "move", "session_id"),
)

rule_scores = Table(
    "rule_scores",
    metadata,
    Column("session_id", String(64), ForeignKey("sessions.session_id"), primary_key=True),
    Column("rule", String(60), primary_key=True),
    Column("dimension", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("points", Float, nullable=True),
    Column("max", Float, nullable=False),
)

#: Statements a Learning Record Store has accepted (per LRS URL): a push sends the rest.
xapi_sent = Table(
    "xapi_sent",
    metadata,
    Column("lrs", String(500), primary_key=True),
    Column("statement_id", String(36), primary_key=True),
    Column("session_id", String(64), ForeignKey("sessions.session_id"), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
)
