"""What a manager asks of the store, as SQL aggregates over the columns saved with each
session (never over event JSON): the team table, where the buyer stalled, the costly rules
and taboos, one trainee's trend. Reports render these; they do not query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.exc import SQLAlchemyError

from game.records import tables as t
from game.records.store import DIMENSIONS, Store, StoreError, aware

SCORES = (*DIMENSIONS, "overall")


@dataclass(frozen=True)
class Filters:
    """Which sessions a summary covers (None: no limit)."""

    trainees: tuple[str, ...] | None = None
    scenario: str | None = None
    since: datetime | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.trainees is not None:
            query = query.where(t.trainees.c.name.in_(self.trainees))
        if self.scenario is not None:
            query = query.where(t.scenario_versions.c.scenario_id == self.scenario)
        if self.since is not None:
            query = query.where(t.sessions.c.started_at >= self.since)
        return query


def _joined(query: Select[Any]) -> Select[Any]:
    s = t.sessions
    return query.select_from(
        s.join(t.trainees, s.c.trainee_id == t.trainees.c.id).join(
            t.scenario_versions, s.c.scenario_version_id == t.scenario_versions.c.id
        )
    )


@dataclass
class TraineeSummary:
    """One row of the team table."""

    trainee: str
    attempts: int
    passed: int
    mean: dict[str, float | None] = field(default_factory=dict)
    best: dict[str, float | None] = field(default_factory=dict)
    latest: dict[str, float | None] = field(default_factory=dict)
    last_played: datetime | None = None

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


def team_table(store: Store, filters: Filters = Filters()) -> list[TraineeSummary]:
    """Per trainee: attempts, passes, and each dimension's mean, best and latest score."""
    s, tr = t.sessions, t.trainees
    aggregates = [
        tr.c.name,
        func.count().label("attempts"),
        func.sum(case((s.c.passed.is_(True), 1), else_=0)).label("passed"),
        func.max(s.c.started_at).label("last"),
        *(func.avg(s.c[d]).label(f"mean_{d}") for d in SCORES),
        *(func.max(s.c[d]).label(f"best_{d}") for d in SCORES),
    ]
    grouped = filters.apply(_joined(select(*aggregates))).group_by(tr.c.name)
    latest_start = (
        filters.apply(_joined(select(tr.c.name, func.max(s.c.started_at).label("last"))))
        .group_by(tr.c.name)
        .subquery()
    )
    latest = filters.apply(
        _joined(select(tr.c.name, *(s.c[d] for d in SCORES))).join(
            latest_start,
            and_(latest_start.c.name == tr.c.name, latest_start.c.last == s.c.started_at),
        )
    )
    with store.engine.connect() as conn:
        rows = conn.execute(grouped.order_by(tr.c.name)).mappings().all()
        last = {r["name"]: r for r in conn.execute(latest).mappings().all()}
    out = []
    for r in rows:
        name = r["name"]
        out.append(
            TraineeSummary(
                name,
                int(r["attempts"]),
                int(r["passed"] or 0),
                {d: _round(r[f"mean_{d}"]) for d in SCORES},
                {d: _round(r[f"best_{d}"]) for d in SCORES},
                {d: _round(last[name][d]) if name in last else None for d in SCORES},
                aware(r["last"]) if r["last"] is not None else None,
            )
        )
    return out


@dataclass
class Funnel:
    """How far the buyer moved, per scenario: sessions by furthest stage and by outcome."""

    scenario: str
    sessions: int
    furthest: dict[str, int]  # stage id -> sessions whose buyer got no further
    outcomes: dict[str, int]  # outcome (or status) -> sessions
    gates_blocked: int  # blocked gates, summed


def funnels(store: Store, filters: Filters = Filters()) -> list[Funnel]:
    s, sv = t.sessions, t.scenario_versions
    outcome = func.coalesce(s.c.outcome, s.c.status)
    by_stage = filters.apply(
        _joined(select(sv.c.scenario_id, s.c.furthest_stage, s.c.furthest_index, func.count()))
    ).group_by(sv.c.scenario_id, s.c.furthest_stage, s.c.furthest_index)
    by_outcome = filters.apply(
        _joined(select(sv.c.scenario_id, outcome, func.count(), func.sum(s.c.gates_blocked)))
    ).group_by(sv.c.scenario_id, outcome)
    found: dict[str, Funnel] = {}
    with store.engine.connect() as conn:
        for scenario, stage, _index, count in sorted(
            conn.execute(by_stage).all(), key=lambda r: (r[0], r[2] if r[2] is not None else -1)
        ):
            f = found.setdefault(scenario, Funnel(scenario, 0, {}, {}, 0))
            f.furthest[stage or "-"] = f.furthest.get(stage or "-", 0) + int(count)
        for scenario, result, count, blocked in conn.execute(by_outcome).all():
            f = found.setdefault(scenario, Funnel(scenario, 0, {}, {}, 0))
            f.outcomes[str(result)] = int(count)
            f.sessions += int(count)
            f.gates_blocked += int(blocked or 0)
    return [found[k] for k in sorted(found)]


@dataclass(frozen=True)
class CostlyRule:
    rule: str
    dimension: str
    kind: str  # "rule", "taboo" or "trainer"
    sessions: int  # sessions in which it lost points
    lost: float  # rule points lost, summed (a taboo: penalty points)


def costly_rules(store: Store, filters: Filters = Filters()) -> list[CostlyRule]:
    """The rules that lost most points, and every taboo broken, most costly first."""
    r = t.rule_scores
    lost = case(
        (r.c.kind == "rule", r.c.max - r.c.points),
        else_=-r.c.points,
    )
    query = filters.apply(
        _joined(
            select(r.c.rule, r.c.dimension, r.c.kind, func.count(), func.sum(lost)).join(
                r, r.c.session_id == t.sessions.c.session_id
            )
        )
    )
    query = query.where(r.c.points.is_not(None), lost > 0).group_by(
        r.c.rule, r.c.dimension, r.c.kind
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    found = [CostlyRule(a, b, c, int(n), round(float(x), 2)) for a, b, c, n, x in rows]
    return sorted(found, key=lambda c: (-c.lost, c.rule))


@dataclass(frozen=True)
class Attempt:
    """One session of a trainee's trend."""

    session_id: str
    scenario: str
    started_at: datetime
    passed: bool | None
    scores: dict[str, float | None]


def trend(store: Store, trainee: str, filters: Filters = Filters()) -> list[Attempt]:
    """A trainee's sessions, oldest first, with every score."""
    s, sv = t.sessions, t.scenario_versions
    query = (
        filters.apply(
            _joined(
                select(
                    s.c.session_id,
                    sv.c.scenario_id,
                    s.c.started_at,
                    s.c.passed,
                    *(s.c[d] for d in SCORES),
                )
            )
        )
        .where(t.trainees.c.name == trainee)
        .order_by(s.c.started_at, s.c.session_id)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        Attempt(
            r["session_id"],
            r["scenario_id"],
            aware(r["started_at"]),
            r["passed"],
            {d: r[d] for d in SCORES},
        )
        for r in rows
    ]


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def attempts_at(url: str | None, trainee: str, scenario: str) -> list[Attempt]:
    """A named trainee's sessions of one scenario, oldest first, for the debrief; empty when
    the trainee has no name or the store cannot be read (the debrief goes on without it)."""
    if not trainee:
        return []
    try:
        store = Store(url)
    except StoreError:
        return []
    try:
        return trend(store, trainee, Filters(scenario=scenario))
    except SQLAlchemyError:
        return []
    finally:
        store.close()
