"""What a manager report says, gathered from the records store in one place: the summaries
(SQL aggregates over columns, game/records/summary.py), named in the report's language, plus
the full debrief of each trainee's newest sessions. The HTML and CSV writers only format it.

Reports stand on the records store (same floor, one way: records never import reports).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from game.engine.diagnostics import ScenarioError
from game.engine.labels import stage_name
from game.engine.scenario import Scenario, load_scenario_text
from game.record.errors import RecordError
from game.record.events import read_events
from game.records.store import Store, records_of, session_id_of
from game.records.summary import (
    Attempt,
    ChoiceStat,
    CostlyRule,
    Filters,
    Funnel,
    GateStat,
    RuleStat,
    TraineeSummary,
    choice_stats,
    costly_rules,
    every_attempt,
    funnels,
    gates,
    newest,
    rule_stats,
    scenario_texts,
    team_table,
    trend_points,
)
from game.scoring import score_record
from game.scoring.debrief import render_debrief
from game.scoring.report import pick, report_from_dict
from game.scoring.score import DIMENSION_NAMES, rule_titles

#: Per trainee, how many of the newest sessions come with their full debrief: a few in a
#: team's report (each is rebuilt from its record), more in a report on one or two people.
DEBRIEFS = 10
DEBRIEFS_TEAM = 3
TEAM = 5  # trainees from which a report is a team's
#: Points in a trainee's trend chart (beyond, each point is the mean of a run of sessions).
TREND_POINTS = 40
SCORES = ("overall", "questioning", "listening", "pricing_timing", "next_step")


@dataclass(frozen=True)
class Scope:
    """What the report covers and in which language."""

    lang: str
    trainees: tuple[str, ...] | None = None  # None: every trainee
    teams: dict[str, list[str]] = field(default_factory=dict)
    team_file: str | None = None
    scenario: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def filters(self) -> Filters:
        return Filters(self.trainees, self.scenario, self.since, self.until)


@dataclass(frozen=True)
class ItemRow:
    """One choice of the item analysis, named in the report's language."""

    scenario: str
    node: str
    choice: str
    said: str
    move: str | None
    taken: int
    at_node: float  # share of the node's decisions
    mean_overall: float | None
    effect: float | None  # mean overall of the sessions taking it, minus the node's


@dataclass(frozen=True)
class TeamRow:
    team: str
    trainees: int
    attempts: int
    passed: int
    mean: dict[str, float | None]

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class Debrief:
    attempt: Attempt
    text: str  # the terminal's debrief, or one sentence saying why it cannot be rebuilt
    rebuilt: bool = True


@dataclass
class TraineePage:
    summary: TraineeSummary
    points: list[dict[str, float | None]]  # scores over sessions, oldest first (maybe runs)
    rules: list[RuleStat]  # the rules with marks to earn, weakest first
    taboos: list[RuleStat]
    funnels: list[Funnel]
    debriefs: list[Debrief]

    @property
    def name(self) -> str:
        return self.summary.trainee


@dataclass
class Report:
    scope: Scope
    table: list[TraineeSummary]
    teams: list[TeamRow]
    funnels: list[Funnel]
    gates: list[GateStat]
    costly: list[CostlyRule]
    items: list[ItemRow]
    pages: list[TraineePage]
    rule_names: dict[str, str]
    stage_names: dict[str, str]
    stage_order: dict[str, list[str]]  # scenario -> its stages, in the cycle's order
    scenario_titles: dict[str, str]
    rule_stats: list[RuleStat] = field(default_factory=list)
    #: every session, (trainee, attempt), when the caller asked for them (the CSV tables)
    every: list[tuple[str, Attempt]] = field(default_factory=list)

    @property
    def sessions(self) -> int:
        return sum(row.attempts for row in self.table)

    def dimension(self, key: str) -> str:
        if key == "overall":
            return "总分" if self.scope.lang == "zh" else "Overall"
        return pick(DIMENSION_NAMES.get(key), self.scope.lang) or key


def build(
    store: Store, scope: Scope, *, debriefs: int | None = None, every_session: bool = False
) -> Report:
    """Everything the report shows, for ``scope`` (with ``every_session``, a row for each
    session too; ``debriefs`` None: DEBRIEFS, or DEBRIEFS_TEAM for a team): raises
    StoreError when the store cannot be read."""
    f = scope.filters
    lang = scope.lang
    table = team_table(store, f)
    stats = rule_stats(store, f)
    found_funnels = funnels(store, f)
    per_trainee = funnels(store, f, per_trainee=True)
    scenarios = {x.scenario for x in found_funnels}
    loaded = _scenarios(store, scenarios)
    titles = {k: pick(v, lang) for k, v in rule_titles().items()}
    report = Report(
        scope=scope,
        table=table,
        teams=_teams(table, scope.teams),
        funnels=found_funnels,
        gates=gates(store, f),
        costly=costly_rules(store, f, stats),
        items=_items(choice_stats(store, f), loaded, lang),
        pages=[],
        rule_names=titles,
        stage_names={},
        stage_order={},
        scenario_titles={},
        rule_stats=stats,
    )
    for scenario_id in sorted(scenarios):
        sc = loaded.get(scenario_id)
        order = list(sc.all_stages) if sc is not None else []
        seen = [s for x in found_funnels if x.scenario == scenario_id for s in x.furthest]
        order += [s for s in seen if s not in order]
        report.stage_order[scenario_id] = order
        for stage in order:
            report.stage_names[stage] = stage_name(stage, lang)
        report.scenario_titles[scenario_id] = (
            sc.text(sc.model.title, lang) if sc is not None else scenario_id
        )
    for gate in report.gates:
        report.stage_names.setdefault(gate.stage, stage_name(gate.stage, lang))
    points = trend_points(store, f, TREND_POINTS)
    if debriefs is None:
        debriefs = DEBRIEFS_TEAM if len(table) > TEAM else DEBRIEFS
    recent = newest(store, f, debriefs, [row.trainee for row in table])
    if every_session:
        report.every = every_attempt(store, f)
    for row in table:
        mine = [s for s in stats if s.trainee == row.trainee]
        report.pages.append(
            TraineePage(
                summary=row,
                points=points.get(row.trainee, []),
                rules=sorted(
                    (s for s in mine if s.kind == "rule" and s.share is not None),
                    key=lambda s: (s.share, s.rule),
                ),
                taboos=sorted(
                    (s for s in mine if s.kind == "taboo" and s.lost_in),
                    key=lambda s: (-s.lost_in, s.rule),
                ),
                funnels=[x for x in per_trainee if x.trainee == row.trainee],
                debriefs=_debriefs(store, recent.get(row.trainee, []), lang),
            )
        )
    return report


def _scenarios(store: Store, ids: set[str]) -> dict[str, Scenario]:
    """The stored scenarios, loaded to name their stages and choices; one that no longer
    loads is named by its ids."""
    out = {}
    for scenario_id, text in scenario_texts(store, ids).items():
        try:
            out[scenario_id] = load_scenario_text(text, f"<stored {scenario_id}>")
        except ScenarioError:
            continue
    return out


def _teams(table: Sequence[TraineeSummary], teams: dict[str, list[str]]) -> list[TeamRow]:
    """Each team's mean scores (weighted by sessions) and pass rate, from the trainee rows."""
    rows = {r.trainee: r for r in table}
    out = []
    for team, members in teams.items():
        mine = [rows[m] for m in dict.fromkeys(members) if m in rows]
        attempts = sum(r.attempts for r in mine)
        mean: dict[str, float | None] = {}
        for key in SCORES:
            weighted = [(r.mean.get(key), r.attempts) for r in mine if r.mean.get(key) is not None]
            total = sum(n for _, n in weighted)
            mean[key] = (
                round(sum(v * n for v, n in weighted if v is not None) / total, 1)
                if total
                else None
            )
        out.append(TeamRow(team, len(mine), attempts, sum(r.passed for r in mine), mean))
    return out


def _items(stats: Sequence[ChoiceStat], loaded: dict[str, Scenario], lang: str) -> list[ItemRow]:
    """Item analysis: each choice against the mean of its node."""
    said: dict[tuple[str, str, str], str] = {}
    for scenario_id, sc in loaded.items():
        for node_id in sc.model.nodes:
            for i, choice in enumerate(sc.choices(node_id)):
                said[(scenario_id, node_id, sc.choice_id(node_id, i))] = sc.text(choice.say, lang)
    nodes: dict[tuple[str, str], tuple[int, float, int]] = {}
    for st in stats:
        taken, total, scored = nodes.get((st.scenario, st.node), (0, 0.0, 0))
        if st.mean_overall is not None:
            total += st.mean_overall * st.taken
            scored += st.taken
        nodes[(st.scenario, st.node)] = (taken + st.taken, total, scored)
    out = []
    for st in stats:
        taken, total, scored = nodes[(st.scenario, st.node)]
        node_mean = total / scored if scored else None
        effect = (
            round(st.mean_overall - node_mean, 1)
            if st.mean_overall is not None and node_mean is not None
            else None
        )
        out.append(
            ItemRow(
                st.scenario,
                st.node,
                st.choice,
                said.get((st.scenario, st.node, st.choice), ""),
                st.move,
                st.taken,
                st.taken / taken if taken else 0.0,
                st.mean_overall,
                effect,
            )
        )
    return sorted(out, key=lambda r: (r.scenario, r.node, -r.taken, r.choice))


def _debriefs(store: Store, attempts: Sequence[Attempt], lang: str) -> list[Debrief]:
    """The terminal's full debrief of each attempt, from its stored record: the scores it
    was given (the same the report's tables count), scored again only when the stored ones
    cannot be read back."""
    by_id = {a.session_id: a for a in attempts}
    out = {}
    for record in records_of(store, list(by_id)):
        attempt = by_id.get(session_id_of(record))
        if attempt is None:
            continue
        try:
            events = read_events(record.get("events"))
            stored = record.get("scores")
            try:
                report = report_from_dict(stored) if isinstance(stored, dict) else None
            except (KeyError, TypeError, ValueError):
                report = None
            text = render_debrief(events, report or score_record(record), lang)
            out[attempt.session_id] = Debrief(attempt, text)
        except (RecordError, ScenarioError, ValueError) as exc:
            out[attempt.session_id] = Debrief(attempt, str(exc), rebuilt=False)
    return [out[a.session_id] for a in attempts if a.session_id in out]
