"""What a score must never claim, checked over the paths the explorer finds.

A score is a claim about a person, so these hold over every path, not only the golden ones
(DESIGN.md, "Scoring"; issue "Scores that mean good selling"):

1. **Bad selling never passes**: no passing path contains severe conduct (an over-promise,
   an attack on a competitor, a pressure close, a discount with nothing in return, an
   objection met with a pitch, a price or a close), ends its last meeting stalled
   (continuation or no sale), or loses the deal.
2. **A lost or stalled deal is never "proficient"**: its overall stays below the
   proficient tier.
3. **One choice changed, the right dimension moves**: over pairs of paths that differ in one
   choice (the rest replayed as far as it still fits), skipping a cue never raises
   listening; pricing earlier, or a discount with nothing in return, never raises pricing or
   overall; dropping the next step never raises next step and leaves questioning unchanged.
4. **No mechanical strategy passes**: always the first, the last, the longest, the shortest
   choice, always a question when there is one, or random.

Each finding comes with the path (``--choices``) that shows it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from game.engine.scenario import Scenario
from game.engine.session import Session, Snapshot, Status, drive, replay
from game.explore import Exploration
from game.explore.paths import ScoredPath, Walk, scored
from game.record import BuyerLine, TraineeMove
from game.scoring import Rubric
from game.scoring.log import log_of

PRESSURE = frozenset({"urgency", "assumptive", "alternative"})
PITCH = frozenset({"present", "price", "discount", "close"})
STALLED = frozenset({"continuation", "no_sale"})
PROFICIENT = 75.0


def severe_conduct(session: Session) -> list[str]:
    """The severe taboos in a played session, each as ``turn N: what``."""
    found: list[str] = []
    after_objection = False
    for event in log_of(session.events).turns:
        if isinstance(event, BuyerLine):
            after_objection = event.objection is not None
            continue
        assert isinstance(event, TraineeMove)
        t = event.turn
        if "overpromise" in event.flags:
            found.append(f"turn {t}: over-promise")
        if "attack_competitor" in event.flags:
            found.append(f"turn {t}: attacks a competitor")
        if event.move == "close" and event.technique in PRESSURE:
            found.append(f"turn {t}: pressure close ({event.technique})")
        if event.move == "discount" and event.in_return is None:
            found.append(f"turn {t}: discount with nothing in return")
        if after_objection and event.move in PITCH:
            found.append(f"turn {t}: objection met with {event.move}")
        after_objection = False
    return found


@dataclass
class Finding:
    check: str
    what: str
    choices: str


@dataclass
class Validity:
    findings: list[Finding] = field(default_factory=list)
    pairs: int = 0  # one-choice neighbour pairs compared
    strategies: dict[str, list[ScoredPath]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.findings


def check(
    scenario: Scenario,
    walk: Walk,
    *,
    language: str | None = None,
    rubric: Rubric | None = None,
    max_pairs: int = 4000,
    seed: int = 0,
) -> Validity:
    result = Validity()
    session = Session(scenario, language=language)
    session.advance_to_choice()
    start = session.snapshot()
    for path in walk.paths:
        session.restore(start)
        replay(session, list(path.choices))
        _check_path(path, session, result)
    _check_pairs(scenario, walk, session, start, rubric, result, max_pairs, seed)
    _check_strategies(scenario, language, rubric, result, seed)
    return result


def _check_path(path: ScoredPath, session: Session, result: Validity) -> None:
    if path.passed:
        severe = severe_conduct(session)
        if severe:
            result.findings.append(
                Finding("bad selling passes", f"passes with {'; '.join(severe)}", path.choices_text)
            )
        if path.outcome in STALLED or path.outcome is None:
            result.findings.append(
                Finding(
                    "bad selling passes",
                    f"passes though the deal ends {path.outcome or path.reason}",
                    path.choices_text,
                )
            )
    overall = path.scores["overall"]
    if path.outcome in STALLED and overall is not None and overall >= PROFICIENT:
        result.findings.append(
            Finding(
                "a stalled deal scores proficient",
                f"{path.outcome} scores {overall:g}",
                path.choices_text,
            )
        )


def _check_pairs(
    scenario: Scenario,
    walk: Walk,
    session: Session,
    start: Snapshot,
    rubric: Rubric | None,
    result: Validity,
    max_pairs: int,
    seed: int,
) -> None:
    """Change one choice of a path, replay the rest as far as it fits, compare."""
    rng = random.Random(seed)
    paths = list(walk.paths)
    rng.shuffle(paths)
    for path in paths:
        if result.pairs >= max_pairs:
            return
        session.restore(start)
        replay(session, list(path.choices))
        base = [e for e in session.events if isinstance(e, TraineeMove)]
        positions = list(range(len(path.choices)))
        rng.shuffle(positions)
        for i in positions:
            if result.pairs >= max_pairs:
                return
            _pairs_at(session, start, path, base, i, rng, rubric, result, max_pairs)


def _pairs_at(
    session: Session,
    start: Snapshot,
    path: ScoredPath,
    base: list[TraineeMove],
    i: int,
    rng: random.Random,
    rubric: Rubric | None,
    result: Validity,
    max_pairs: int,
) -> None:
    """Every other choice at position ``i`` of ``path``, the rest replayed as far as it fits."""
    session.restore(start)
    replay(session, list(path.choices[:i]))
    offered = len(session.offered())
    for alt in range(1, offered + 1):
        if alt == path.choices[i] or result.pairs >= max_pairs:
            continue
        session.restore(start)
        replay(session, [*path.choices[:i], alt])
        rest = iter(path.choices[i + 1 :])
        taken = [*path.choices[:i], alt]

        def follow(s: Session, rest: Iterator[int] = rest, taken: list[int] = taken) -> int | None:
            n = next(rest, None)
            if n is None or n > len(s.offered()):
                return None  # the rest no longer fits: this pair is left out
            taken.append(n)
            return n

        drive(session, follow)
        if session.ending is None or session.ending.reason == "quit":
            continue
        other = scored(session, tuple(taken), rubric)
        changed = [e for e in session.events if isinstance(e, TraineeMove)][i]
        result.pairs += 1
        _compare(base[i], changed, path, other, result)


def _compare(
    was: TraineeMove, now: TraineeMove, before: ScoredPath, after: ScoredPath, result: Validity
) -> None:
    """``after`` is ``before`` with ``was`` replaced by ``now`` at one turn."""

    def rises(dim: str) -> bool:
        a, b = before.scores[dim], after.scores[dim]
        return a is not None and b is not None and b > a + 1e-9

    where = f"turn {was.turn}: {was.move} → {now.move}"
    pair = f"{before.choices_text}  vs  {after.choices_text}"
    if was.picks_up and not now.picks_up and rises("listening"):
        result.findings.append(Finding("skipping a cue raises listening", where, pair))
    price_moves = ("price", "discount")
    earlier_price = now.move in price_moves and was.move not in price_moves
    free = now.move == "discount" and now.in_return is None
    if (earlier_price or free) and (rises("pricing_timing") or rises("overall")):
        what = "a discount with nothing in return" if free else "pricing earlier"
        result.findings.append(Finding(f"{what} raises the score", where, pair))
    if was.move == "next_step" and now.move != "next_step":
        if rises("next_step"):
            result.findings.append(Finding("dropping the next step raises next step", where, pair))
        if before.scores["questioning"] != after.scores["questioning"]:
            result.findings.append(
                Finding("dropping the next step changes questioning", where, pair)
            )


Strategy = Callable[[Session], int]


def _length(s: Session, pick: Callable[[list[int]], int]) -> int:
    lengths = [len(c.text) for c in s.offered()]
    return pick(lengths)


STRATEGIES: dict[str, Strategy] = {
    "always first": lambda s: 1,
    "always last": lambda s: len(s.offered()),
    "always longest": lambda s: _length(s, lambda ls: ls.index(max(ls)) + 1),
    "always shortest": lambda s: _length(s, lambda ls: ls.index(min(ls)) + 1),
    "prefer questions": lambda s: next((c.number for c in s.offered() if c.move == "question"), 1),
}


def _check_strategies(
    scenario: Scenario,
    language: str | None,
    rubric: Rubric | None,
    result: Validity,
    seed: int,
    randoms: int = 50,
) -> None:
    plans: list[tuple[str, Strategy]] = list(STRATEGIES.items())
    rng = random.Random(seed)
    plans += [("random", lambda s: rng.randrange(1, len(s.offered()) + 1))] * randoms
    for name, plan in plans:
        taken: list[int] = []

        def pick(s: Session, plan: Strategy = plan, taken: list[int] = taken) -> int:
            n = plan(s)
            taken.append(n)
            return n

        session = drive(Session(scenario, language=language), pick, limit=500)
        if session.status is not Status.ENDED:
            continue
        path = scored(session, tuple(taken), rubric)
        result.strategies.setdefault(name, []).append(path)
        if path.passed:
            result.findings.append(
                Finding(
                    f"the strategy '{name}' passes",
                    f"scores {path.scores['overall']}",
                    path.choices_text,
                )
            )


def render_validity(ex: Exploration, v: Validity, *, examples: int = 3) -> str:
    """The checks' verdict for a trainer: each failed check with its count and examples,
    then what each mechanical strategy scores."""
    walked = "all" if ex.walk.exhaustive else f"a seeded sample of {len(ex.walk.paths)}"
    out = [
        f"== validity: {ex.scenario.id} ({ex.language}) ==",
        f"paths checked: {walked}; one-choice neighbour pairs: {v.pairs}",
    ]
    groups: dict[str, list[Finding]] = {}
    for f in v.findings:
        groups.setdefault(f.check, []).append(f)
    if not groups:
        out.append("every check holds")
    for name, found in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        out.append(f"FAIL {name}: {len(found)}")
        for f in found[:examples]:
            out.append(f"     {f.what}")
            out.append(f"       --choices {f.choices}")
    out.append("")
    out.append("Mechanical strategies (overall, verdict, ending):")
    for name, paths in v.strategies.items():
        scores = sorted(p.scores["overall"] or 0.0 for p in paths)
        passed = sum(p.passed for p in paths)
        if len(paths) == 1:
            p = paths[0]
            verdict = "PASS" if p.passed else "fail"
            out.append(f"  {name}: {scores[0]:g} {verdict} -> {p.label}")
        else:
            mid = scores[len(scores) // 2]
            out.append(
                f"  {name} ({len(paths)} runs): min {scores[0]:g} median {mid:g} "
                f"max {scores[-1]:g}, {passed} pass"
            )
    return "\n".join(out) + "\n"
