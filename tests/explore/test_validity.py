"""The validity checks find what they claim to find: each finding replays as stated."""

from __future__ import annotations

from pathlib import Path

from game.engine import Session, load_scenario
from game.engine.session import replay
from game.explore import explore
from game.explore.validity import check, severe_conduct

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.yaml"
CAMPUS = ROOT / "scenarios" / "campus-security.yaml"
GOLDEN = ROOT / "tests" / "golden"


def golden_choices(name: str) -> list[int]:
    lines = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
    return [int(line.split()[1]) for line in lines if line.startswith("choose ")]


def test_severe_conduct_is_read_from_the_session() -> None:
    sc = load_scenario(CAMPUS)
    textbook = replay(Session(sc), golden_choices("campus-textbook-order.play"))
    assert severe_conduct(textbook) == []
    urgency = replay(Session(sc), golden_choices("campus-loop-back-urgency-close.play"))
    assert any("pressure close (urgency)" in s for s in severe_conduct(urgency))
    free = replay(Session(sc), golden_choices("campus-loop-back-free-discount.play"))
    assert any("discount with nothing in return" in s for s in severe_conduct(free))


def test_every_neighbour_finding_replays_as_stated() -> None:
    sc = load_scenario(MINI)
    ex = explore(sc)
    verdict = check(sc, ex.walk)
    assert verdict.pairs > 20  # every position of every path of mini
    scores = {p.choices_text: p for p in ex.walk.paths}
    for finding in verdict.findings:
        if " vs " not in finding.choices:
            continue
        before, after = finding.choices.split("  vs  ")
        assert before in scores
        session = replay(Session(sc), [int(n) for n in after.split(",")])
        assert session.finished


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
    first = verdict.strategies["always first"][0]
    assert set(first.choices) == {1} and first.ending == "won"
