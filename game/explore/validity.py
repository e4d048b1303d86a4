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
   choice, always a question when there is one, or random, each played with the choices
   shuffled as a trainee sees them, passes at most one run in ten.

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
#: A mechanical strategy may pass at most this share of its shuffled runs: on a small
#: scenario a random clicker can stumble on the best path, but no strategy may pass by design.
MAX_PASS_RATE = 0.1


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
    max_pairs: int = 2000,
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
    """Change one choice of a path, keep every other choice, compare the two scores."""
    rng = random.Random(seed)
    paths = list(walk.paths)
    rng.shuffle(paths)
    for path in paths:
        if result.pairs >= max_pairs:
            return
        session.restore(start)
        stops: list[Snapshot] = []  # the session at each choice of the path

        def pick(s: Session, stops: list[Snapshot] = stops, path: ScoredPath = path) -> int:
            stops.append(s.snapshot())
            return path.choices[len(stops) - 1]

        drive(session, pick)
        base = [e for e in session.events if isinstance(e, TraineeMove)]
        positions = list(range(len(path.choices)))
        rng.shuffle(positions)
        for i in positions:
            if result.pairs >= max_pairs:
                return
            _pairs_at(session, stops[i], path, base, i, rubric, result, max_pairs)


def _pairs_at(
    session: Session,
    here: Snapshot,
    path: ScoredPath,
    base: list[TraineeMove],
    i: int,
    rubric: Rubric | None,
    result: Validity,
    max_pairs: int,
) -> None:
    """Every other choice at position ``i`` of ``path`` (``here``: the session at that
    choice) whose path then takes the very same choices (by id) as ``path`` to the same end:
    the two differ in that one choice only.

    An alternative after which the conversation goes elsewhere (another node, a choice no
    longer on offer, another ending) is a different path, not a neighbour, and is left out."""
    session.restore(here)
    offered = len(session.offered())
    rest_ids = [m.choice for m in base[i + 1 :]]
    for alt in range(1, offered + 1):
        if alt == path.choices[i] or result.pairs >= max_pairs:
            continue
        session.restore(here)
        session.choose(alt)
        ids = iter(rest_ids)
        taken = [*path.choices[:i], alt]
        fits = True

        def follow(s: Session, ids: Iterator[str] = ids, taken: list[int] = taken) -> int | None:
            nonlocal fits
            wanted = next(ids, None)
            number = next((c.number for c in s.offered() if c.id == wanted), None)
            if number is None:
                fits = False
                return None
            taken.append(number)
            return number

        drive(session, follow)
        ending = session.ending
        if (
            not fits
            or next(ids, None) is not None
            or ending is None
            or ending.reason == "quit"
            or (ending.id, ending.reason) != (path.ending, path.reason)
        ):
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
        asks = now.move in ("question", "present") or "assumes_need" in now.flags
        trainer = bool(now.score and "questioning" in now.score)
        if not (asks or trainer) and before.scores["questioning"] != after.scores["questioning"]:
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
    runs: int = 20,
    randoms: int = 50,
) -> None:
    """Each strategy plays ``runs`` sessions with choices shuffled as in real play (seeds
    ``seed``, ``seed + 1`` ...), random ``randoms``; it fails the check when it passes more
    than ``MAX_PASS_RATE`` of them."""
    plans: list[tuple[str, Strategy, int]] = [(n, p, runs) for n, p in STRATEGIES.items()]
    rng = random.Random(seed)
    plans.append(("random", lambda s: rng.randrange(1, len(s.offered()) + 1), randoms))
    for name, plan, count in plans:
        played: list[tuple[int, ScoredPath]] = []
        for k in range(count):
            taken: list[int] = []

            def pick(s: Session, plan: Strategy = plan, taken: list[int] = taken) -> int:
                n = plan(s)
                taken.append(n)
                return n

            shuffle = seed + k
            session = drive(
                Session(scenario, language=language, choice_seed=shuffle), pick, limit=500
            )
            if session.status is Status.ENDED:
                played.append((shuffle, scored(session, tuple(taken), rubric)))
        result.strategies[name] = [p for _, p in played]
        passing = [(s, p) for s, p in played if p.passed]
        if played and len(passing) / len(played) > MAX_PASS_RATE:
            shuffle, path = passing[0]
            result.findings.append(
                Finding(
                    f"the strategy '{name}' passes",
                    f"passes {len(passing)} of {len(played)} shuffled runs, e.g. "
                    f"{path.scores['overall']}",
                    f"{path.choices_text} --seed {shuffle}",
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
    passing = [p for p in ex.walk.paths if p.passed]
    best = max(ex.walk.paths, key=lambda p: p.promise, default=None)
    if best is not None:
        out.append(
            f"passing paths among them: {len(passing)}; best: {best.scores['overall']} "
            f"-> {best.label}"
        )
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
