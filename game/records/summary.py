"""What a manager asks of the store, as SQL aggregates over the columns saved with each
session (never over event JSON): the team table, where the buyer stalled, the costly rules
and taboos, one trainee's trend. Reports render these; they do not query."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    until: datetime | None = None  # sessions started before this moment

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.trainees is not None:
            query = query.where(t.trainees.c.name.in_(self.trainees))
        if self.scenario is not None:
            query = query.where(t.scenario_versions.c.scenario_id == self.scenario)
        if self.since is not None:
            query = query.where(t.sessions.c.started_at >= self.since)
        if self.until is not None:
            query = query.where(t.sessions.c.started_at < self.until)
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
    """How far the buyer moved, per scenario (and per trainee, when asked): sessions by
    furthest stage and by outcome."""

    scenario: str
    sessions: int
    furthest: dict[str, int]  # stage id -> sessions whose buyer got no further
    outcomes: dict[str, int]  # outcome (or status) -> sessions
    gates_blocked: int  # blocked gates, summed
    trainee: str | None = None


def funnels(
    store: Store, filters: Filters = Filters(), *, per_trainee: bool = False
) -> list[Funnel]:
    """One funnel per scenario, or per scenario and trainee."""
    s, sv, tr = t.sessions, t.scenario_versions, t.trainees
    outcome = func.coalesce(s.c.outcome, s.c.status)
    who = [tr.c.name] if per_trainee else []
    by_stage = filters.apply(
        _joined(
            select(sv.c.scenario_id, *who, s.c.furthest_stage, s.c.furthest_index, func.count())
        )
    ).group_by(sv.c.scenario_id, *who, s.c.furthest_stage, s.c.furthest_index)
    by_outcome = filters.apply(
        _joined(select(sv.c.scenario_id, *who, outcome, func.count(), func.sum(s.c.gates_blocked)))
    ).group_by(sv.c.scenario_id, *who, outcome)
    found: dict[tuple[str, str | None], Funnel] = {}

    def funnel(row: Sequence[Any]) -> Funnel:
        key = (row[0], row[1] if per_trainee else None)
        return found.setdefault(key, Funnel(key[0], 0, {}, {}, 0, key[1]))

    width = len(who)
    with store.engine.connect() as conn:
        stage_rows = conn.execute(by_stage).all()
        for row in sorted(
            stage_rows, key=lambda r: r[2 + width] if r[2 + width] is not None else -1
        ):
            f = funnel(row)
            stage = row[1 + width] or "-"
            f.furthest[stage] = f.furthest.get(stage, 0) + int(row[3 + width])
        for row in conn.execute(by_outcome).all():
            f = funnel(row)
            f.outcomes[str(row[1 + width])] = int(row[2 + width])
            f.sessions += int(row[2 + width])
            f.gates_blocked += int(row[3 + width] or 0)
    return [found[k] for k in sorted(found, key=lambda k: (k[0], k[1] or ""))]


@dataclass(frozen=True)
class GateStat:
    """A decision point (named by the stage it leads to): how often it was tried, and how
    often the buyer would not move on."""

    scenario: str
    stage: str
    tried: int
    blocked: int


def gates(store: Store, filters: Filters = Filters()) -> list[GateStat]:
    """Every decision point tried, per scenario, in the order of the cycle's stages."""
    e, sv = t.events, t.scenario_versions
    blocked = func.sum(case((e.c.passed.is_(False), 1), else_=0))
    query = filters.apply(
        _joined(select(sv.c.scenario_id, e.c.stage, func.count(), blocked)).join(
            e, e.c.session_id == t.sessions.c.session_id
        )
    )
    query = query.where(e.c.kind == "gate").group_by(sv.c.scenario_id, e.c.stage)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [GateStat(a, b or "-", int(n), int(x or 0)) for a, b, n, x in rows]


@dataclass(frozen=True)
class CostlyRule:
    rule: str
    dimension: str
    kind: str  # "rule", "taboo" or "trainer"
    sessions: int  # sessions in which it lost points
    lost: float  # rule points lost, summed (a taboo: penalty points)


@dataclass(frozen=True)
class RuleStat:
    """One trainee's record on one rule: how often it was judged, its mean share of the
    rule's points (1.0: full marks; None for a taboo, which has no marks to earn), and
    what it cost."""

    trainee: str
    rule: str
    dimension: str
    kind: str
    judged: int  # sessions in which the rule was assessed
    share: float | None
    lost_in: int  # sessions in which it lost points
    lost: float  # points lost, summed (a taboo: penalty points)


def rule_stats(store: Store, filters: Filters = Filters()) -> list[RuleStat]:
    """Per trainee and rule, in one pass over the rule scores."""
    r, tr = t.rule_scores, t.trainees
    lost = case((r.c.kind == "rule", r.c.max - r.c.points), else_=-r.c.points)
    share = case((and_(r.c.kind == "rule", r.c.max > 0), r.c.points / r.c.max), else_=None)
    query = filters.apply(
        _joined(
            select(
                tr.c.name,
                r.c.rule,
                r.c.dimension,
                r.c.kind,
                func.count(),
                func.avg(share),
                func.sum(case((lost > 0, 1), else_=0)),
                func.sum(case((lost > 0, lost), else_=0)),
            ).join(r, r.c.session_id == t.sessions.c.session_id)
        )
    )
    query = query.where(r.c.points.is_not(None)).group_by(
        tr.c.name, r.c.rule, r.c.dimension, r.c.kind
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        RuleStat(
            name,
            rule,
            dim,
            kind,
            int(n),
            None if sh is None else float(sh),
            int(k or 0),
            round(float(x or 0.0), 2),
        )
        for name, rule, dim, kind, n, sh, k, x in rows
    ]


def costly_rules(
    store: Store, filters: Filters = Filters(), stats: Sequence[RuleStat] | None = None
) -> list[CostlyRule]:
    """The rules that lost most points, and every taboo broken, most costly first (from
    ``stats`` when the caller has them already)."""
    found: dict[tuple[str, str, str], list[float]] = {}
    for st in rule_stats(store, filters) if stats is None else stats:
        if st.lost_in:
            entry = found.setdefault((st.rule, st.dimension, st.kind), [0, 0.0])
            entry[0] += st.lost_in
            entry[1] += st.lost
    out = [CostlyRule(a, b, c, int(n), round(x, 2)) for (a, b, c), (n, x) in found.items()]
    return sorted(out, key=lambda c: (-c.lost, c.rule))


@dataclass(frozen=True)
class ChoiceStat:
    """Item analysis of one choice: how often it was taken at its node, and the mean overall
    score of the sessions that took it (a session taking it twice counts twice)."""

    scenario: str
    node: str
    choice: str
    move: str | None
    taken: int
    mean_overall: float | None


def choice_stats(store: Store, filters: Filters = Filters()) -> list[ChoiceStat]:
    """Every choice taken, per scenario: read from the decisions index, never event JSON."""
    e, s, sv = t.events, t.sessions, t.scenario_versions
    query = filters.apply(
        _joined(
            select(
                sv.c.scenario_id,
                e.c.node,
                e.c.choice,
                e.c.move,
                func.count(),
                func.avg(s.c.overall),
            ).join(e, e.c.session_id == s.c.session_id)
        )
    )
    query = query.where(e.c.kind == "choice").group_by(
        sv.c.scenario_id, e.c.node, e.c.choice, e.c.move
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [ChoiceStat(a, b, c, d, int(n), _round(m)) for a, b, c, d, n, m in rows]


def scenario_texts(store: Store, scenarios: Iterable[str]) -> dict[str, str]:
    """The newest stored text of each scenario id (for naming its nodes and choices);
    a scenario whose text was never at hand is left out."""
    sv = t.scenario_versions
    wanted = sorted(set(scenarios))
    query = (
        select(sv.c.scenario_id, sv.c.text)
        .where(sv.c.scenario_id.in_(wanted), sv.c.text.is_not(None))
        .order_by(sv.c.id)
    )
    with store.engine.connect() as conn:
        return {a: b for a, b in conn.execute(query).all()}


@dataclass(frozen=True)
class Attempt:
    """One session of a trainee's trend."""

    session_id: str
    scenario: str
    started_at: datetime
    passed: bool | None
    scores: dict[str, float | None]
    language: str = ""
    outcome: str | None = None
    status: str = ""


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
                    s.c.language,
                    s.c.outcome,
                    s.c.status,
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
            r["language"],
            r["outcome"],
            r["status"],
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


@dataclass
class Progress:
    """One trainee's record, for the game's "My progress" view: every attempt (all
    scenarios, oldest first), how they do on each rule, and each scenario's titles."""

    trainee: str
    attempts: list[Attempt] = field(default_factory=list)
    rules: list[RuleStat] = field(default_factory=list)  # rules with marks, weakest first
    titles: dict[str, dict[str, str]] = field(default_factory=dict)  # scenario -> zh/en
    problem: str | None = None  # why the store could not be read


def progress_of(url: str | None, trainee: str) -> Progress:
    """What the store holds of ``trainee``; a store that cannot be read gives an empty
    Progress that says why (the view shows that instead)."""
    found = Progress(trainee)
    if not trainee:
        return found
    try:
        store = Store(url)
    except StoreError as exc:
        found.problem = str(exc)
        return found
    try:
        only = Filters(trainees=(trainee,))
        found.attempts = trend(store, trainee)
        found.rules = sorted(
            (s for s in rule_stats(store, only) if s.kind == "rule" and s.share is not None),
            key=lambda s: (s.share, s.rule),
        )
        sv = t.scenario_versions
        query = select(sv.c.scenario_id, sv.c.title_zh, sv.c.title_en).where(
            sv.c.scenario_id.in_(sorted({a.scenario for a in found.attempts}))
        )
        with store.engine.connect() as conn:
            for scenario, zh, en in conn.execute(query.order_by(sv.c.id)).all():
                found.titles[scenario] = {"zh": zh, "en": en}
    except SQLAlchemyError as exc:
        found.problem = f"cannot read the records store: {type(exc).__name__}"
    finally:
        store.close()
    return found
