"""The validity checks find what they claim to find: each finding replays as stated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine import Session, load_scenario
from game.engine.session import drive, replay
from game.explore import explore
from game.explore.paths import scored
from game.explore.validity import check, severe_conduct
from game.scoring.rubric import load_rubric_text

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.yaml"
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"
GOLDEN = ROOT / "tests" / "golden"  # the test scenario's plans; the shipped ones' are in
PLANS = ROOT / "scenarios" / "plans"  # the scenarios folder


SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


def textbook_plan(scenario: Path) -> str:
    """The file name of the shipped scenario's textbook plan: its plan whose calibration
    row is labelled 'textbook' ("" when it has none: the test then says so)."""
    sid = load_scenario(scenario).id
    for plan in sorted(PLANS.glob("*.play")):
        text = plan.read_text(encoding="utf-8")
        if re.search(rf"^scenario:\s*{re.escape(sid)}\s*$", text, re.M) and re.search(
            r"^calibration row:[^|\n]*textbook", text, re.M
        ):
            return plan.name
    return ""


def golden_choices(name: str) -> list[int]:
    path = GOLDEN / name if (GOLDEN / name).is_file() else PLANS / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return [int(line.split()[1]) for line in lines if line.startswith("choose ")]


def test_severe_conduct_is_read_from_the_session() -> None:
    sc = load_scenario(CAMPUS)
    textbook = replay(Session(sc), golden_choices("campus-textbook-order.play"))
    assert severe_conduct(textbook) == []
    urgency = replay(Session(sc), golden_choices("campus-loop-back-urgency-close.play"))
    assert any("pressure close (urgency)" in s for s in severe_conduct(urgency))
    free = replay(Session(sc), golden_choices("campus-loop-back-free-discount.play"))
    assert any("discount with nothing in return" in s for s in severe_conduct(free))


#: The rubric of before the scores meant good selling: no severe cap, no outcome in the
#: overall, a stalled sale only fails. Under it the checker must find what the issue found.
LENIENT = """
overall:
  outcome_points: {order: 0, advance: 0, continuation: 0, no_sale: 0}
  stalled_cap: 100
  stalled_session_fails: false
severe:
  flags: []
  pressure_techniques: []
  free_discount: false
  objection_answers: []
"""


def test_the_checker_finds_bad_selling_under_a_lenient_rubric() -> None:
    """Not vacuous: with the severe cap and the outcome taken out of the score, bad selling
    passes again, and each finding replays to a passing session with that conduct."""
    sc = load_scenario(CAMPUS)
    rubric = load_rubric_text(LENIENT, "lenient.yaml")
    ex = explore(sc, max_paths=400, budget=2000, rubric=rubric)
    verdict = check(sc, ex.walk, rubric=rubric, max_pairs=200)
    bad = [f for f in verdict.findings if f.check == "bad selling passes"]
    assert bad
    for finding in bad[:5]:
        session = replay(Session(sc), [int(n) for n in finding.choices.split(",")])
        assert session.finished
        assert scored(session, (), rubric).passed
        assert severe_conduct(session) or (session.ending and session.ending.outcome != "order")


@pytest.mark.parametrize("path", [MINI, *SHIPPED], ids=lambda p: p.stem)
def test_every_check_holds(path: Path) -> None:
    """What `salessim explore --validity` proves, in the tests: on every shipped scenario
    and on mini, no counter-example among the paths, their neighbours and the strategies."""
    sc = load_scenario(path)
    ex = explore(sc, max_paths=600, budget=4000)
    verdict = check(sc, ex.walk, max_pairs=1500)
    assert verdict.ok, [(f.check, f.what, f.choices) for f in verdict.findings[:5]]
    assert verdict.pairs >= (60 if path == MINI else 1000)
    assert any(p.passed for p in ex.walk.paths)  # the checks saw passing paths


@pytest.mark.parametrize(
    ("path", "script"),
    [(MINI, "mini-won.play"), *((p, textbook_plan(p)) for p in SHIPPED)],
    ids=lambda v: v.stem if isinstance(v, Path) else "",
)
def test_the_textbook_path_is_the_best(path: Path, script: str) -> None:
    """The documented textbook path is within a point of the best path the explorer finds,
    and of every path that changes one of its choices (keeping the others where it can)."""
    assert script, f"{path.stem}: no plan has a calibration row labelled 'textbook'"
    sc = load_scenario(path)
    choices = golden_choices(script)
    textbook = scored(replay(Session(sc), choices), tuple(choices), None)
    assert textbook.passed
    top = textbook.scores["overall"]
    assert top is not None
    best = max(
        p.scores["overall"] or 0.0 for p in explore(sc, max_paths=600, budget=4000).walk.paths
    )
    assert best <= top + 1
    session = Session(sc)
    session.advance_to_choice()
    start = session.snapshot()
    for i in range(len(choices)):
        session.restore(start)
        replay(session, choices[:i])
        for alt in range(1, len(session.offered()) + 1):
            if alt == choices[i]:
                continue
            session.restore(start)
            replay(session, [*choices[:i], alt])
            wanted = list(textbook.ids[i + 1 :])

            def keep(s: Session, wanted: list[str] = wanted) -> str:
                ids = [c.id for c in s.offered()]
                k = next((k for k, c in enumerate(wanted) if c in ids), None)
                if k is None:
                    return ids[0]
                picked = wanted[k]
                del wanted[: k + 1]
                return picked

            drive(session, keep, limit=300)
            if session.finished:
                other = scored(session, (), None).scores["overall"] or 0.0
                assert other <= top + 1, (i, alt, other, top)


def test_the_strategies_are_played_to_their_end() -> None:
    sc = load_scenario(MINI)
    verdict = check(sc, explore(sc).walk)
    assert set(verdict.strategies) == {
        "always first",
        "always last",
        "always longest",
        "always shortest",
        "prefer questions",
        "random",
    }
    first = verdict.strategies["always first"]
    assert len(first) == 20  # one run per shuffle seed, as a trainee sees the choices
    assert all(set(p.choices) == {1} for p in first)
    assert len({p.ids for p in first}) > 1  # the shuffle makes "first" a different choice


def test_no_rule_is_dead_or_constant() -> None:
    """Every rule loses points on some path of the shipped scenario and gives full marks on
    its textbook path: none is dead (never fires) or constant (always the same)."""
    from game.scoring import score_log
    from game.scoring.log import log_of
    from game.scoring.score import effective_rubric

    sc = load_scenario(CAMPUS)
    session = Session(sc)
    session.advance_to_choice()
    start = session.snapshot()

    def rules(choices: list[int]) -> dict[str, tuple[float | None, float]]:
        session.restore(start)
        replay(session, choices)
        log = log_of(session.events)
        report = score_log(log, effective_rubric({}, log, None))
        return {
            r.id: (r.points, r.max)
            for d in report.dimensions.values()
            for r in d.rules
            if r.kind == "rule"
        }

    textbook = rules(golden_choices("campus-textbook-order.play"))
    assert all(points == top for points, top in textbook.values()), textbook
    lost: set[str] = set()
    for path in explore(sc, max_paths=400, budget=2000).walk.paths:
        lost |= {
            rid
            for rid, (points, top) in rules(list(path.choices)).items()
            if points is not None and points < top
        }
    assert lost == set(textbook), set(textbook) - lost
