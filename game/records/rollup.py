"""Adding sessions to the rollups (``tables.ROLLUPS``): what each session adds to each table,
merged over a batch, then written with one upsert per table (``INSERT ... ON CONFLICT DO
UPDATE``, which SQLite and PostgreSQL both speak), in the transaction that saves the
sessions: a session is in the rollups exactly when it is in the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Table, case
from sqlalchemy.dialects import postgresql, sqlite

from game.record import Event, Gate, TraineeMove
from game.records import tables as t

#: table name -> key (the primary key's values) -> the columns it adds
Adds = dict[str, dict[tuple[Any, ...], dict[str, Any]]]
#: The columns an Adds key names, in its order: the base (trainee, scenario version, day),
#: then the table's own item.
BASE = ("trainee_id", "scenario_version_id", "day")
KEYS = {
    "daily_scores": BASE,
    "daily_stages": (*BASE, "furthest_stage", "outcome"),
    "daily_gates": (*BASE, "stage"),
    "daily_rules": (*BASE, "rule"),
    "daily_choices": (*BASE, "node", "choice"),
}
#: Columns merged by keeping the greater value; every other number is summed.
GREATEST = {"last_started", *(f"max_{d}" for d in t.SCORE_COLUMNS)}
#: Columns that name the key's item and are the same for every session adding to it.
LABELS = {"move", "dimension", "kind", "furthest_index"}


def day_of(when: datetime) -> date:
    """The UTC day a session started on (a report's date filter works in these)."""
    return (when if when.tzinfo is not None else when.replace(tzinfo=UTC)).astimezone(UTC).date()


def empty() -> Adds:
    return {table.name: {} for table in t.ROLLUPS}


def base_key(session: Mapping[str, Any]) -> tuple[Any, ...]:
    """The rollups' key of a session: its trainee, scenario version and UTC day."""
    return (session["trainee_id"], session["scenario_version_id"], day_of(session["started_at"]))


def add_session(adds: Adds, session: Mapping[str, Any]) -> None:
    """A session row's scores, how far its buyer got and how it ended."""
    base = base_key(session)
    scores: dict[str, Any] = {
        "sessions": 1,
        "passed": 1 if session["passed"] else 0,
        "last_started": session["started_at"],
    }
    for d in t.SCORE_COLUMNS:
        value = session[d]
        scores[f"sum_{d}"] = float(value or 0.0)
        scores[f"n_{d}"] = 0 if value is None else 1
        scores[f"max_{d}"] = value
    _merge(adds["daily_scores"], base, scores)
    outcome = session["outcome"] or session["status"] or ""
    _merge(
        adds["daily_stages"],
        (*base, session["furthest_stage"] or "", outcome),
        {
            "furthest_index": session["furthest_index"],
            "sessions": 1,
            "gates_blocked": session["gates_blocked"],
        },
    )


def add_rule(adds: Adds, base: tuple[Any, ...], rule: Mapping[str, Any]) -> None:
    """One rule score row (a rule that judged nothing adds nothing)."""
    if rule["points"] is None:
        return
    kind = rule["kind"]
    lost = (rule["max"] - rule["points"]) if kind == "rule" else -rule["points"]
    share = rule["points"] / rule["max"] if kind == "rule" and rule["max"] > 0 else None
    _merge(
        adds["daily_rules"],
        (*base, rule["rule"]),
        {
            "dimension": rule["dimension"],
            "kind": kind,
            "judged": 1,
            "sum_share": share or 0.0,
            "n_share": 0 if share is None else 1,
            "lost_in": 1 if lost > 0 else 0,
            "lost": max(lost, 0.0),
        },
    )


def add_choice(
    adds: Adds, base: tuple[Any, ...], overall: float | None, node: str, choice: str, move: str
) -> None:
    """One choice taken, with the overall of the session that took it."""
    _merge(
        adds["daily_choices"],
        (*base, node, choice),
        {
            "move": move,
            "taken": 1,
            "sum_overall": float(overall or 0.0),
            "n_overall": 0 if overall is None else 1,
        },
    )


def add_gate(adds: Adds, base: tuple[Any, ...], stage: str, passed: bool) -> None:
    """One decision point tried, by the stage it leads to."""
    _merge(adds["daily_gates"], (*base, stage), {"tried": 1, "blocked": 0 if passed else 1})


def session_adds(
    session: Mapping[str, Any], rules: Sequence[Mapping[str, Any]], events: Iterable[Event]
) -> Adds:
    """What one session being saved (its session row, rule rows and events) adds."""
    adds = empty()
    add_session(adds, session)
    base = base_key(session)
    for rule in rules:
        add_rule(adds, base, rule)
    for e in events:
        if isinstance(e, TraineeMove):
            add_choice(adds, base, session["overall"], e.node, e.choice, e.move)
        elif isinstance(e, Gate):
            add_gate(adds, base, e.stage_to, e.passed)
    return adds


def merge_all(parts: Iterable[Adds]) -> Adds:
    """Many sessions' additions as one (a batch writes each key once)."""
    total = empty()
    for part in parts:
        for table, rows in part.items():
            for key, values in rows.items():
                _merge(total[table], key, values)
    return total


def write(conn: Connection, adds: Adds) -> None:
    """Add ``adds`` to the rollups: new keys are inserted, known ones summed into."""
    for table in t.ROLLUPS:
        rows = adds.get(table.name)
        if not rows:
            continue
        names = KEYS[table.name]
        values = [{**dict(zip(names, key, strict=True)), **v} for key, v in rows.items()]
        conn.execute(_upsert(conn, table, list(names)), values)


def _upsert(conn: Connection, table: Table, keys: list[str]) -> Any:
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(table)
    new = stmt.excluded
    update: dict[str, Any] = {}
    for column in table.columns:
        name = column.name
        if name in keys or name in LABELS:
            continue
        if name in GREATEST:
            old = table.c[name]
            update[name] = case(
                (old.is_(None), new[name]),
                (new[name].is_(None), old),
                (new[name] > old, new[name]),
                else_=old,
            )
        else:
            update[name] = table.c[name] + new[name]
    return stmt.on_conflict_do_update(index_elements=keys, set_=update)


def _merge(
    rows: dict[tuple[Any, ...], dict[str, Any]], key: tuple[Any, ...], add: dict[str, Any]
) -> None:
    known = rows.get(key)
    if known is None:
        rows[key] = dict(add)
        return
    for name, value in add.items():
        if name in LABELS:
            known.setdefault(name, value)
        elif name in GREATEST:
            if value is not None and (known[name] is None or value > known[name]):
                known[name] = value
        else:
            known[name] += value
