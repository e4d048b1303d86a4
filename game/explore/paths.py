"""Every way through a scenario: what can be reached, and what score each way gives.

Two searches, both on the engine's own Session (snapshot, restore, run to the next choice),
so what they find is what a trainee can actually do:

- ``reach``: depth-first over *states*, merging states whose futures are equal
  (``Session.state_key``): which endings, nodes and choices can be reached once conditions
  are counted, with a witness path to each ending (the shortest found). Exhaustive when the
  state space fits the budget; it says so when it does not. Depth-first, because the
  endings that matter most (the order, the late losses) lie deep.
- ``walk_paths``: every *path* to its end (depth-first), scored; when there are more than
  ``max_paths``, a seeded random sample of paths instead, which it says. Scores depend on
  the whole history, so paths are never merged here.
"""

from __future__ import annotations

import random
import statistics
from collections import deque
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field

from game.engine.scenario import Scenario
from game.engine.session import Session, Snapshot, Status, replay
from game.record import Gate
from game.scoring import DIMENSIONS, Rubric, ScoreReport, score_log
from game.scoring.log import log_of
from game.scoring.score import effective_rubric

#: States the reachability search may visit before it stops and says it is not exhaustive.
STATE_BUDGET = 10_000


@dataclass(frozen=True)
class Reach:
    """What the state search found."""

    endings: dict[tuple[str | None, str], tuple[int, ...]]  # (ending, reason) -> witness
    nodes: frozenset[str]
    choices: frozenset[str]  # choice ids taken on some path
    states: int
    exhaustive: bool
    #: jump choices (by id) tried on some path -> whether the gate ever let the buyer on there
    jumps: dict[str, bool] = field(default_factory=dict)
    #: order endings reached while the buyer had not got to the last stage (the select
    #: stage): ending id -> (witness path, the buyer's stage at the end)
    early_orders: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict)

    @property
    def jumps_never_passing(self) -> list[str]:
        """Jump choices whose gate never opened on any path that took them (their ``pass``
        branch is dead there): a trap meant to fail, or a gate the trainer set too high."""
        return [cid for cid, passed in self.jumps.items() if not passed]


def reach(scenario: Scenario, *, language: str | None = None, budget: int = STATE_BUDGET) -> Reach:
    """Two searches over merged states, each with ``budget`` states (module docstring):

    1. breadth-first with the meeting clock left out of the state key: coarse, so it is
       small enough to finish, and breadth-first, so each ending's witness is the shortest;
    2. depth-first with the exact key: everything the clock decides (time running out).

    Nodes, choices and endings are the union; ``exhaustive`` is the exact search's."""
    coarse = _search(scenario, language, budget, depth_first=False, clock=False)
    exact = _search(scenario, language, budget, depth_first=True, clock=True)
    endings = dict(exact.endings)
    for key, path in coarse.endings.items():
        if key not in endings or len(path) < len(endings[key]):
            endings[key] = path
    jumps = dict(coarse.jumps)
    for cid, passed in exact.jumps.items():
        jumps[cid] = jumps.get(cid, False) or passed
    early = dict(exact.early_orders)
    for ending, (path, stage) in coarse.early_orders.items():
        if ending not in early or len(path) < len(early[ending][0]):
            early[ending] = (path, stage)
    return Reach(
        endings,
        coarse.nodes | exact.nodes,
        coarse.choices | exact.choices,
        exact.states,
        exact.exhaustive,
        jumps,
        early,
    )


def _search(
    scenario: Scenario,
    language: str | None,
    budget: int,
    *,
    depth_first: bool,
    clock: bool = True,
) -> Reach:
    session = Session(scenario, language=language)
    session.advance_to_choice()
    endings: dict[tuple[str | None, str], tuple[int, ...]] = {}
    nodes: set[str] = {session.node_id}
    taken: set[str] = set()
    seen: set[Hashable] = {session.state_key(clock=clock)}
    todo: deque[tuple[tuple[int, ...], Snapshot]] = deque([((), session.snapshot())])
    jumps: dict[str, bool] = {}
    early: dict[str, tuple[tuple[int, ...], str]] = {}
    last_stage = scenario.model.stage_ids()[-1]
    _note_end(session, (), endings)
    exhaustive = True
    while todo:
        if len(seen) >= budget:
            exhaustive = False
            break
        path, snap = todo.pop() if depth_first else todo.popleft()
        session.restore(snap)
        offered = session.offered()
        for choice in offered:
            session.restore(snap)
            taken.add(choice.id)
            before = len(session.events)
            session.choose(choice.number)
            if choice.move == "jump":
                tried = [e for e in session.events[before:] if isinstance(e, Gate)]
                if tried:  # none: the clock ran out first
                    jumps[choice.id] = jumps.get(choice.id, False) or tried[0].passed
            while True:
                nodes.add(session.node_id)
                if session.status is not Status.LISTENING:
                    break
                session.proceed()
            here = (*path, choice.number)
            if session.finished:
                _note_end(session, here, endings)
                _note_early_order(session, here, last_stage, early)
                continue
            key = session.state_key(clock=clock)
            if key not in seen:
                seen.add(key)
                todo.append((here, session.snapshot()))
    return Reach(endings, frozenset(nodes), frozenset(taken), len(seen), exhaustive, jumps, early)


def _note_early_order(
    session: Session,
    path: tuple[int, ...],
    last_stage: str,
    early: dict[str, tuple[tuple[int, ...], str]],
) -> None:
    """An order the buyer gave before reaching the select stage skipped decision points:
    keep the shortest witness per ending."""
    ending = session.ending
    if ending is None or ending.id is None or ending.outcome != "order":
        return
    stages = session.cycle.stages
    if stages.index(session.cycle.state) < stages.index(last_stage):
        known = early.get(ending.id)
        if known is None or len(path) < len(known[0]):
            early[ending.id] = (path, session.cycle.state)


def _note_end(
    session: Session, path: tuple[int, ...], endings: dict[tuple[str | None, str], tuple[int, ...]]
) -> None:
    if session.finished and session.ending is not None:
        key = (session.ending.id, session.ending.reason)
        if key not in endings or len(path) < len(endings[key]):
            endings[key] = path


@dataclass(frozen=True)
class ScoredPath:
    """One way through, to its end, and its verdict."""

    choices: tuple[int, ...]  # as ``--choices`` takes them
    ending: str | None
    reason: str
    outcome: str | None
    scores: dict[str, float | None]  # the four dimensions and "overall"
    passed: bool
    taboos: tuple[str, ...]
    ids: tuple[str, ...] = ()  # the choices taken, by stable id (node and choice)
    conduct: float | None = None  # the four dimensions' mean, before outcome and caps

    @property
    def promise(self) -> tuple[bool, int, float, float]:
        """How good a path is to search around: passing, how far the deal got, then the
        overall and the conduct beneath any cap."""
        rank = {"order": 3, "advance": 2, "continuation": 1}.get(self.outcome or "", 0)
        return (self.passed, rank, self.scores["overall"] or 0.0, self.conduct or 0.0)

    @property
    def label(self) -> str:
        return self.ending or self.reason

    @property
    def choices_text(self) -> str:
        return ",".join(str(n) for n in self.choices)


def scored(session: Session, choices: tuple[int, ...], rubric: Rubric | None) -> ScoredPath:
    log = log_of(session.events)
    report: ScoreReport = score_log(log, effective_rubric({}, log, rubric))
    ending = session.ending
    assert ending is not None
    scores: dict[str, float | None] = {d: report.dimensions[d].score for d in DIMENSIONS}
    scores["overall"] = report.overall
    return ScoredPath(
        choices,
        ending.id,
        ending.reason,
        ending.outcome,
        scores,
        report.passed,
        tuple(rule.id for rule, _ in report.taboos),
        tuple(m.choice for m in log.moves),
        report.conduct,
    )


@dataclass
class Walk:
    """What the path walk found: every path (exhaustive) or a seeded sample."""

    paths: list[ScoredPath] = field(default_factory=list)
    exhaustive: bool = True
    seed: int | None = None


def walk_paths(
    scenario: Scenario,
    *,
    language: str | None = None,
    max_paths: int = 1000,
    seed: int = 0,
    rubric: Rubric | None = None,
    guides: list[tuple[int, ...]] | None = None,
) -> Walk:
    """Every path scored if there are at most ``max_paths``; else ``max_paths`` distinct
    paths drawn by seeded random walks (each choice on offer equally likely).

    Uniform walks seldom get deep (most early choices end the meeting), so with ``guides``
    (the witness paths of the endings) every guide is scored, and half the walks follow a
    random guide for a random number of choices before going their own way. Two thirds of the
    tries change one choice of one of the best paths found so far (``_neighbour``): a local
    search that finds the best paths and the bad moves next to them."""
    session = Session(scenario, language=language)
    session.advance_to_choice()
    start = session.snapshot()
    found: list[ScoredPath] = []
    for choices in _every_path(session, start, max_paths + 1):
        found.append(scored(session, choices, rubric))
        if len(found) > max_paths:
            break
    if len(found) <= max_paths:
        return Walk(found, exhaustive=True)
    rng = random.Random(seed)
    sample: dict[tuple[int, ...], ScoredPath] = {}
    guides = [g for g in guides or () if g]
    for guide in guides[:max_paths]:
        session.restore(start)
        replay(session, list(guide))
        if session.finished:
            sample[guide] = scored(session, guide, rubric)
    tries = 0
    best: list[ScoredPath] = []
    while len(sample) < max_paths and tries < max_paths * 20:
        tries += 1
        if tries % 50 == 1:
            best = sorted(sample.values(), key=lambda p: p.promise, reverse=True)[:10]
        if best and tries % 3 != 1:
            path = _neighbour(session, start, rng.choice(best), rng, rubric)
            sample.setdefault(path.choices, path)
            continue
        session.restore(start)
        follow: tuple[int, ...] = ()
        if guides and tries % 2 == 0:
            guide = rng.choice(guides)
            follow = guide[: rng.randrange(len(guide))]
        picked: list[int] = []
        while session.advance_to_choice() is Status.CHOOSING:
            offered = len(session.offered())
            k = len(picked)
            n = follow[k] if k < len(follow) and follow[k] <= offered else 0
            n = n or rng.randrange(1, offered + 1)
            picked.append(n)
            session.choose(n)
        key = tuple(picked)
        if key not in sample:
            sample[key] = scored(session, key, rubric)
    return Walk(list(sample.values()), exhaustive=False, seed=seed)


def _neighbour(
    session: Session, start: Snapshot, base: ScoredPath, rng: random.Random, rubric: Rubric | None
) -> ScoredPath:
    """``base`` with one choice changed at random, then the same choices as ``base`` wherever
    they are still on offer (random ones where they are not): the neighbourhood of the good
    paths, where a single bad move must show in the score."""
    session.restore(start)
    where = rng.randrange(len(base.choices))
    replay(session, list(base.choices[:where]))
    picked = list(base.choices[:where])
    wanted = list(base.ids[where + 1 :])
    first = True
    while session.advance_to_choice() is Status.CHOOSING:
        offered = session.offered()
        if first:
            others = [c.number for c in offered if c.number != base.choices[where]]
            n = rng.choice(others) if others else offered[0].number
            first = False
        else:
            ids = {c.id: c.number for c in offered}
            k = next((k for k, cid in enumerate(wanted) if cid in ids), None)
            if k is None:
                n = rng.randrange(1, len(offered) + 1)
            else:
                n = ids[wanted[k]]
                del wanted[: k + 1]
        picked.append(n)
        session.choose(n)
    return scored(session, tuple(picked), rubric)


def _every_path(session: Session, start: Snapshot, cap: int) -> Iterator[tuple[int, ...]]:
    """Depth-first, in choice order; yields with ``session`` at the path's end."""
    stack: list[tuple[tuple[int, ...], Snapshot]] = [((), start)]
    count = 0
    while stack:
        path, snap = stack.pop()
        session.restore(snap)
        if session.finished:
            yield path
            count += 1
            if count >= cap:
                return
            continue
        offered = len(session.offered())
        for n in range(offered, 0, -1):  # pushed in reverse: popped in choice order
            session.restore(snap)
            session.choose(n)
            session.advance_to_choice()
            stack.append(((*path, n), session.snapshot()))


@dataclass(frozen=True)
class Spread:
    """min / median / max of one score over some paths (None: never assessed)."""

    low: float | None
    median: float | None
    high: float | None

    @classmethod
    def of(cls, values: list[float | None]) -> Spread:
        known = [v for v in values if v is not None]
        if not known:
            return cls(None, None, None)
        return cls(min(known), round(statistics.median(known), 1), max(known))


@dataclass(frozen=True)
class EndingSummary:
    ending: str  # the ending id, or time_up / no_choices
    outcome: str | None
    paths: int
    passed: int
    shortest: tuple[int, ...] | None  # the witness from the state search
    spreads: dict[str, Spread]

    @property
    def pass_rate(self) -> float:
        return self.passed / self.paths if self.paths else 0.0


def by_ending(walk: Walk, found: Reach) -> list[EndingSummary]:
    """Per ending (reachable ones first, in the scenario's order of witness length)."""
    groups: dict[str, list[ScoredPath]] = {}
    for p in walk.paths:
        groups.setdefault(p.label, []).append(p)
    witnesses = {(ending or reason): path for (ending, reason), path in found.endings.items()}
    names = sorted(set(groups) | set(witnesses), key=lambda e: (len(witnesses.get(e, ())), e))
    out = []
    for name in names:
        paths = groups.get(name, [])
        spreads = {d: Spread.of([p.scores[d] for p in paths]) for d in (*DIMENSIONS, "overall")}
        outcome = paths[0].outcome if paths else None
        out.append(
            EndingSummary(
                name,
                outcome,
                len(paths),
                sum(p.passed for p in paths),
                witnesses.get(name),
                spreads,
            )
        )
    return out
