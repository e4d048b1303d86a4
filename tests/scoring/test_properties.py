"""Properties over random legal walks: scores stay in bounds, every lost point is cited,
and a record scores the same after a trip through JSON, in either language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.scenario import load_scenario
from game.engine.session import Session, drive
from game.scoring import DIMENSIONS, add_scores, score_record

ROOT = Path(__file__).parents[2]
SCENARIOS = [
    ROOT / "tests" / "data" / "mini.yaml",
    ROOT / "tests" / "scoring" / "data" / "pairs.yaml",
    ROOT / "scenarios" / "campus-security.yaml",
]
SCENARIOS = [p for p in SCENARIOS if p.is_file()]
LOADED = {p: load_scenario(p) for p in SCENARIOS}


def walk(path: Path, picks: list[int], lang: str | None = None, stop: int | None = None) -> Any:
    """Play ``path`` picking ``picks[i] % offered``; quit after ``stop`` choices if given."""
    taken = iter(range(1 << 30))

    def pick(s: Session) -> int:
        k = next(taken)
        return picks[k % len(picks)] % len(s.offered()) + 1

    session = drive(Session(LOADED[path], language=lang), pick, limit=stop)
    session.quit()  # stopped after ``stop`` choices; nothing happens if it had ended
    return session


walks = st.tuples(
    st.sampled_from(SCENARIOS),
    st.lists(st.integers(0, 10_000), min_size=1, max_size=60),
    st.one_of(st.none(), st.integers(0, 30)),
)
RUN = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RUN
@given(walks)
def test_scores_stay_in_bounds_and_losses_are_cited(
    case: tuple[Path, list[int], int | None],
) -> None:
    path, picks, stop = case
    report = score_record(walk(path, picks, stop=stop).record())
    for dim in DIMENSIONS:
        result = report.dimensions[dim]
        assert (result.score is None) == (result.tier is None)
        assert result.score is None or 0 <= result.score <= 100
        if result.score is None:
            assert result.not_assessed and result.not_assessed["zh"] and result.not_assessed["en"]
        for rule in result.rules:
            assert rule.message["zh"] and rule.message["en"]
            if rule.kind == "rule" and rule.points is not None:
                assert 0 <= rule.points <= rule.max
                lost = sum(e.points for e in rule.evidence if e.points < 0)
                assert lost == pytest.approx(rule.points - rule.max, abs=0.011)
                assert all(e.turn is not None for e in rule.evidence if e.points < 0)
    assert report.overall is None or 0 <= report.overall <= 100
    assert not (report.passed and report.partial)
    assert all(m.lost > 0 and m.advice for m in report.moments)


@RUN
@given(walks)
def test_recomputing_from_the_record_gives_the_same_numbers(
    case: tuple[Path, list[int], int | None],
) -> None:
    path, picks, stop = case
    record = walk(path, picks, stop=stop).record()
    first = score_record(record)
    stored = json.loads(json.dumps(add_scores(record, first), ensure_ascii=False))
    again = score_record(stored)
    assert again.to_dict() == first.to_dict() == stored["scores"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=60))
def test_chinese_and_english_play_score_alike(picks: list[int]) -> None:
    path = ROOT / "scenarios" / "campus-security.yaml"
    if path not in LOADED:
        pytest.skip("the default scenario is not there")

    def numbers(lang: str) -> dict[str, Any]:
        report = score_record(walk(path, picks, lang=lang).record())
        return {
            "dims": {d: report.dimensions[d].score for d in DIMENSIONS},
            "rules": [(r.id, r.points) for d in report.dimensions.values() for r in d.rules],
            "overall": report.overall,
            "passed": report.passed,
        }

    assert numbers("zh") == numbers("en")
