"""The store's tables (SQLAlchemy Core). Migrations in ``migrations/versions`` create them;
a test checks the two agree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
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
    #: a trainee's sessions in order with their scores: the newest few, the trend (covering)
    Index(
        "ix_sessions_trainee_started",
        "trainee_id",
        "started_at",
        "session_id",
        *("overall", "questioning", "listening", "pricing_timing", "next_step"),
    ),
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


# -- rollups ----------------------------------------------------------------------------
#
# What the manager's report groups by, added up per trainee, scenario version and day (UTC)
# in the same transaction that saves a session, so a report reads a few thousand rows
# instead of every session, rule score and event. A report's date filter works in whole
# days, which is what it takes (YYYY-MM-DD).

#: The score columns each rollup keeps a sum, a count and a best of.
SCORE_COLUMNS = ("overall", "questioning", "listening", "pricing_timing", "next_step")


def _rollup(name: str, key: Sequence[str], *columns: Column[Any]) -> Table:
    """A rollup table keyed by ``key`` (in that order: the order its reports group in, so
    a group-by reads the key in order and sorts nothing), the trainee, scenario version and
    day among them. SQLite keeps it clustered on the key (WITHOUT ROWID)."""
    ids: dict[str, Column[Any]] = {
        "trainee_id": Column("trainee_id", Integer, ForeignKey("trainees.id"), nullable=False),
        "scenario_version_id": Column(
            "scenario_version_id", Integer, ForeignKey("scenario_versions.id"), nullable=False
        ),
        "day": Column("day", Date, nullable=False),
    }
    own: dict[str, Column[Any]] = {c.name: c for c in columns}
    ordered: list[Column[Any]] = [ids.pop(k) if k in ids else own.pop(k) for k in key]
    return Table(
        name,
        metadata,
        *ordered,
        *ids.values(),
        *own.values(),
        PrimaryKeyConstraint(*key),
        sqlite_with_rowid=False,
    )


daily_scores = _rollup(
    "daily_scores",
    ("trainee_id", "scenario_version_id", "day"),
    Column("sessions", Integer, nullable=False),
    Column("passed", Integer, nullable=False),
    Column("last_started", DateTime(timezone=True), nullable=False),
    *(Column(f"sum_{d}", Float, nullable=False) for d in SCORE_COLUMNS),
    *(Column(f"n_{d}", Integer, nullable=False) for d in SCORE_COLUMNS),
    *(Column(f"max_{d}", Float, nullable=True) for d in SCORE_COLUMNS),
)

#: Sessions by how far the buyer got (furthest stage, "" for none) and how they ended.
daily_stages = _rollup(
    "daily_stages",
    ("scenario_version_id", "trainee_id", "furthest_stage", "outcome", "day"),
    Column("furthest_stage", String(100), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("furthest_index", Integer, nullable=True),
    Column("sessions", Integer, nullable=False),
    Column("gates_blocked", Integer, nullable=False),
)

#: Decision points tried (named by the stage they lead to) and how often the buyer balked.
daily_gates = _rollup(
    "daily_gates",
    ("scenario_version_id", "stage", "trainee_id", "day"),
    Column("stage", String(100), nullable=False),
    Column("tried", Integer, nullable=False),
    Column("blocked", Integer, nullable=False),
)

#: Each rule's marks: how often judged, the summed share of its points, what it cost.
daily_rules = _rollup(
    "daily_rules",
    ("trainee_id", "rule", "scenario_version_id", "day"),
    Column("rule", String(60), nullable=False),
    Column("dimension", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("judged", Integer, nullable=False),
    Column("sum_share", Float, nullable=False),
    Column("n_share", Integer, nullable=False),
    Column("lost_in", Integer, nullable=False),
    Column("lost", Float, nullable=False),
)

#: The item analysis: each choice taken, and the overall of the sessions that took it.
daily_choices = _rollup(
    "daily_choices",
    ("scenario_version_id", "node", "choice", "trainee_id", "day"),
    Column("node", String(200), nullable=False),
    Column("choice", String(200), nullable=False),
    Column("move", String(40), nullable=True),
    Column("taken", Integer, nullable=False),
    Column("sum_overall", Float, nullable=False),
    Column("n_overall", Integer, nullable=False),
)

ROLLUPS = (daily_scores, daily_stages, daily_gates, daily_rules, daily_choices)
