"""What a manager asks of the store, as SQL aggregates: the team table, where the buyer
stalled, the costly rules and taboos, the item analysis (over the rollups, which add up each
trainee's sessions per scenario version and day as they are saved), and one trainee's
sessions (over the sessions table, by its trainee-and-time index). Nothing here reads a
record or event JSON. Reports render these; they do not query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, func, select
from sqlalchemy.exc import SQLAlchemyError

from game.records import tables as t
from game.records.rollup import day_of
from game.records.store import DIMENSIONS, Store, StoreError, aware

SCORES = (*DIMENSIONS, "overall")


@dataclass(frozen=True)
class Filters:
    """Which sessions a summary covers (None: no limit). Dates count in whole UTC days, as
    the rollups keep them: ``since`` from the start of its day, ``until`` up to the start
    of its day (a time within the day counts that day in)."""

    trainees: tuple[str, ...] | None = None
    scenario: str | None = None
    since: datetime | None = None
    until: datetime | None = None  # sessions started before this day

    def sessions(self, query: Select[Any]) -> Select[Any]:
        """Limit a query over the sessions (joined to trainees and scenario versions)."""
        return self._where(query, t.sessions, t.sessions.c.started_at, exact=True)

    def rollup(self, query: Select[Any], table: Table) -> Select[Any]:
        """Limit a query over a rollup table."""
        return self._where(query, table, table.c.day, exact=False)

    def _where(self, query: Select[Any], table: Table, when: Any, *, exact: bool) -> Select[Any]:
        conditions: list[ColumnElement[bool]] = []
        if self.trainees is not None:
            names = select(t.trainees.c.id).where(t.trainees.c.name.in_(self.trainees))
            conditions.append(table.c.trainee_id.in_(names))
        if self.scenario is not None:
            versions = select(t.scenario_versions.c.id).where(
                t.scenario_versions.c.scenario_id == self.scenario
            )
            conditions.append(table.c.scenario_version_id.in_(versions))
        if self.since is not None:
            start = day_of(self.since)
            conditions.append(when >= (_midnight(start) if exact else start))
        if self.until is not None:
            end = day_of(self.until)
            if aware(self.until).astimezone(UTC).time() != time(0):
                end = end.fromordinal(end.toordinal() + 1)  # a time within a day: that day in
            conditions.append(when < (_midnight(end) if exact else end))
        return query.where(*conditions) if conditions else query


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass(frozen=True)
class _Names:
    """Trainee ids to names and scenario version ids to scenario ids: rollups are grouped by
    ids (in their key's order, so nothing is sorted) and named afterwards."""

    trainees: dict[int, str]
    scenarios: dict[int, str]

    @classmethod
    def of(cls, store: Store) -> _Names:
        with store.engine.connect() as conn:
            trainees = dict(conn.execute(select(t.trainees.c.id, t.trainees.c.name)).all())
            versions = select(t.scenario_versions.c.id, t.scenario_versions.c.scenario_id)
            scenarios = dict(conn.execute(versions).all())
        return cls(trainees, scenarios)


def _grouped(
    store: Store, filters: Filters, table: Table, keys: Sequence[Any], *sums: Any
) -> list[Any]:
    """``sums`` over a rollup, grouped by ``keys``, for the sessions ``filters`` covers."""
    query = filters.rollup(select(*keys, *sums), table).group_by(*keys)
    with store.engine.connect() as conn:
        return list(conn.execute(query).all())


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
    """Per trainee: attempts, passes, and each score's mean, best and latest."""
    d = t.daily_scores
    rows = _grouped(
        store,
        filters,
        d,
        [d.c.trainee_id],
        func.sum(d.c.sessions),
        func.sum(d.c.passed),
        func.max(d.c.last_started),
        *(func.sum(d.c[f"sum_{k}"]) for k in SCORES),
        *(func.sum(d.c[f"n_{k}"]) for k in SCORES),
        *(func.max(d.c[f"max_{k}"]) for k in SCORES),
    )
    names = _Names.of(store).trainees
    rows = sorted(rows, key=lambda r: names[r[0]])
    latest = newest(store, filters, 1, [names[r[0]] for r in rows])
    n = len(SCORES)
    out = []
    for r in rows:
        name = names[r[0]]
        sums, counts, bests = r[4 : 4 + n], r[4 + n : 4 + 2 * n], r[4 + 2 * n :]
        last = latest.get(name)
        out.append(
            TraineeSummary(
                name,
                int(r[1]),
                int(r[2] or 0),
                {
                    k: _round(x / c) if c else None
                    for k, x, c in zip(SCORES, sums, counts, strict=True)
                },
                {k: _round(b) for k, b in zip(SCORES, bests, strict=True)},
                {k: _round(last[0].scores.get(k)) if last else None for k in SCORES},
                aware(_datetime(r[3])) if r[3] is not None else None,
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
    d = t.daily_stages
    keys = [d.c.scenario_version_id, d.c.trainee_id, d.c.furthest_stage, d.c.outcome]
    rows = _grouped(
        store,
        filters,
        d,
        keys,
        func.min(d.c.furthest_index),
        func.sum(d.c.sessions),
        func.sum(d.c.gates_blocked),
    )
    names = _Names.of(store)
    found: dict[tuple[str, str | None], Funnel] = {}
    for version, trainee, stage, outcome, _index, count, blocked in sorted(
        rows, key=lambda r: r[4] if r[4] is not None else -1
    ):
        key = (names.scenarios[version], names.trainees[trainee] if per_trainee else None)
        f = found.setdefault(key, Funnel(key[0], 0, {}, {}, 0, key[1]))
        stage = stage or "-"
        outcome = outcome or "-"
        f.furthest[stage] = f.furthest.get(stage, 0) + int(count)
        f.outcomes[outcome] = f.outcomes.get(outcome, 0) + int(count)
        f.sessions += int(count)
        f.gates_blocked += int(blocked or 0)
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
    """Every decision point tried, per scenario."""
    d = t.daily_gates
    keys = [d.c.scenario_version_id, d.c.stage]
    rows = _grouped(store, filters, d, keys, func.sum(d.c.tried), func.sum(d.c.blocked))
    names = _Names.of(store).scenarios
    found: dict[tuple[str, str], list[int]] = {}
    for version, stage, tried, blocked in rows:
        entry = found.setdefault((names[version], stage or "-"), [0, 0])
        entry[0] += int(tried)
        entry[1] += int(blocked or 0)
    return [GateStat(a, b, n, x) for (a, b), (n, x) in sorted(found.items())]


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
    """Per trainee and rule."""
    d = t.daily_rules
    rows = _grouped(
        store,
        filters,
        d,
        [d.c.trainee_id, d.c.rule],
        func.max(d.c.dimension),
        func.max(d.c.kind),
        *(func.sum(d.c[c]) for c in ("judged", "sum_share", "n_share", "lost_in", "lost")),
    )
    names = _Names.of(store).trainees
    return [
        RuleStat(
            names[trainee],
            rule,
            dim,
            kind,
            int(judged),
            float(share) / n if n else None,
            int(lost_in or 0),
            round(float(lost or 0.0), 2),
        )
        for trainee, rule, dim, kind, judged, share, n, lost_in, lost in rows
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
    """Every choice taken, per scenario (its versions together)."""
    d = t.daily_choices
    rows = _grouped(
        store,
        filters,
        d,
        [d.c.scenario_version_id, d.c.node, d.c.choice],
        func.max(d.c.move),
        *(func.sum(d.c[c]) for c in ("taken", "sum_overall", "n_overall")),
    )
    names = _Names.of(store).scenarios
    found: dict[tuple[str, str, str], list[Any]] = {}
    for version, node, choice, move, taken, total, scored in rows:
        entry = found.setdefault((names[version], node, choice), [move, 0, 0.0, 0])
        entry[1] += int(taken)
        entry[2] += float(total or 0.0)
        entry[3] += int(scored or 0)
    return [
        ChoiceStat(a, b, c, m, n, _round(x / k) if k else None)
        for (a, b, c), (m, n, x, k) in sorted(found.items())
    ]


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


def _attempts() -> Select[Any]:
    s, sv, tr = t.sessions, t.scenario_versions, t.trainees
    return select(
        tr.c.name,
        s.c.session_id,
        sv.c.scenario_id,
        s.c.started_at,
        s.c.passed,
        s.c.language,
        s.c.outcome,
        s.c.status,
        *(s.c[d] for d in SCORES),
    ).select_from(
        s.join(tr, s.c.trainee_id == tr.c.id).join(sv, s.c.scenario_version_id == sv.c.id)
    )


def _attempt(r: Any) -> Attempt:
    return Attempt(
        r["session_id"],
        r["scenario_id"],
        aware(_datetime(r["started_at"])),
        r["passed"],
        {d: r[d] for d in SCORES},
        r["language"],
        r["outcome"],
        r["status"],
    )


def trend(store: Store, trainee: str, filters: Filters = Filters()) -> list[Attempt]:
    """A trainee's sessions, oldest first, with every score."""
    s = t.sessions
    query = filters.sessions(_attempts()).where(t.trainees.c.name == trainee)
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(s.c.started_at, s.c.session_id)).mappings().all()
    return [_attempt(r) for r in rows]


def every_attempt(store: Store, filters: Filters = Filters()) -> list[tuple[str, Attempt]]:
    """Every session the filters cover, as (trainee, attempt), by trainee then time."""
    s = t.sessions
    query = filters.sessions(_attempts()).order_by(
        t.trainees.c.name, s.c.started_at, s.c.session_id
    )
    with store.engine.connect() as conn:
        return [(r["name"], _attempt(r)) for r in conn.execute(query).mappings()]


def newest(
    store: Store, filters: Filters, count: int, trainees: Iterable[str]
) -> dict[str, list[Attempt]]:
    """Each trainee's newest ``count`` sessions, newest first (read by the trainee-and-time
    index: a few rows each, however many sessions there are)."""
    s = t.sessions
    base = filters.sessions(_attempts()).order_by(s.c.started_at.desc(), s.c.session_id.desc())
    out: dict[str, list[Attempt]] = {}
    if count <= 0:
        return out
    with store.engine.connect() as conn:
        for name in trainees:
            query = base.where(t.trainees.c.name == name).limit(count)
            out[name] = [_attempt(r) for r in conn.execute(query).mappings()]
    return out


def trend_points(
    store: Store, filters: Filters = Filters(), points: int = 40
) -> dict[str, list[dict[str, float | None]]]:
    """Each trainee's scores over their sessions, oldest first, as at most ``points``
    points: each the mean of a run of consecutive sessions (one session each when there are
    fewer), cut by the database's ``ntile`` window."""
    s = t.sessions
    run = (
        func.ntile(points)
        .over(partition_by=s.c.trainee_id, order_by=(s.c.started_at, s.c.session_id))
        .label("run")
    )
    inner = filters.sessions(
        select(s.c.trainee_id, run, *(s.c[d] for d in SCORES)).select_from(s)
    ).subquery()
    query = (
        select(inner.c.trainee_id, inner.c.run, *(func.avg(inner.c[d]) for d in SCORES))
        .group_by(inner.c.trainee_id, inner.c.run)
        .order_by(inner.c.trainee_id, inner.c.run)
    )
    out: dict[str, list[dict[str, float | None]]] = {}
    names = _Names.of(store).trainees
    with store.engine.connect() as conn:
        for row in conn.execute(query).all():
            out.setdefault(names[row[0]], []).append(
                {d: None if v is None else float(v) for d, v in zip(SCORES, row[2:], strict=True)}
            )
    return out


def _datetime(value: Any) -> datetime:
    """A stored time (SQLite may hand back text from an aggregate) as a datetime."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


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
